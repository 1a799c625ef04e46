package dev.suitkaise.cycle;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Sync settings on one split: a level barrier and a rate limit inside its subtree only. */
class SplitSyncTest {

    private static CyclePart root() {
        return CyclePart.of("root", () -> 0);
    }

    @Test
    void aSplitLimitKeepsThatSplitAtMostNAtOnceWhileAnotherSplitRunsFreely() {
        AtomicInteger runningA = new AtomicInteger();
        AtomicInteger mostA = new AtomicInteger();
        CyclicBarrier pairs = new CyclicBarrier(2);
        CyclicBarrier allOfB = new CyclicBarrier(4);
        List<CyclePart> a = new ArrayList<>();
        List<CyclePart> b = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            a.add(CyclePart.of("a" + i, () -> {
                mostA.accumulateAndGet(runningA.incrementAndGet(), Math::max);
                try {
                    return pairs.await(10, TimeUnit.SECONDS);
                } finally {
                    runningA.decrementAndGet();
                }
            }));
        }
        for (int i = 0; i < 4; i++) {
            b.add(CyclePart.of("b" + i, () -> allOfB.await(10, TimeUnit.SECONDS)));
        }
        try (Cycle x = fork("x", a);
             Cycle y = fork("y", b);
             Cycle cycle = Cycle.builder("split-limit").add(root(), 1).split(List.of(x, y), 2)
                .limit(SlotAddress.of(4, 1), 2).build()) {
            CycleRun run = cycle.runOnce();
            assertThat(run.status()).as(run.report()).isEqualTo(RunStatus.OK);
            assertThat(mostA.get()).isEqualTo(2);
            assertThat(RunTimeline.mostOverlapping(run, List.of("a0", "a1", "a2", "a3", "a4", "a5"))).isEqualTo(2);
            assertThat(run.part("b3").outcome()).as("all four parts of the unlimited split ran at once")
                    .isEqualTo(PartOutcome.SUCCEEDED);
        }
    }

    /** Six parts that meet in pairs on a barrier, counting how many run at once. */
    private static List<CyclePart> pairedParts(AtomicInteger runningNow, AtomicInteger most) {
        CyclicBarrier pairs = new CyclicBarrier(2);
        List<CyclePart> parts = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            parts.add(CyclePart.of("p" + i, () -> {
                most.accumulateAndGet(runningNow.incrementAndGet(), Math::max);
                try {
                    return pairs.await(10, TimeUnit.SECONDS);
                } finally {
                    runningNow.decrementAndGet();
                }
            }));
        }
        return parts;
    }

    @Test
    void aSplitLimitNestsWithTheCycleWideLimitAndTheSmallerOneHolds() {
        List<String> names = List.of("p0", "p1", "p2", "p3", "p4", "p5");
        for (int[] limits : new int[][] {{3, 2}, {2, 3}}) { // {cycle-wide, split}
            AtomicInteger runningNow = new AtomicInteger();
            AtomicInteger most = new AtomicInteger();
            try (Cycle cycle = Cycle.builder("nested-limits-" + limits[0] + "-" + limits[1]).limit(limits[0])
                    .add(root(), 1).split(pairedParts(runningNow, most), 2)
                    .limit(new SlotAddress(2, 1), limits[1]).build()) {
                CycleRun run = cycle.runOnce();
                assertThat(run.status()).as(run.report()).isEqualTo(RunStatus.OK);
                assertThat(most.get()).as("pairs meet, so two ran at once").isEqualTo(2);
                // with the smaller limit broken, three would start in one pass of the engine (see RunTimeline)
                assertThat(RunTimeline.mostOverlapping(run, names)).isEqualTo(2);
            }
        }
    }

    /** A sub-cycle: a part, then a split of the given parts below it. */
    private static Cycle fork(String head, List<CyclePart> parts) {
        return Cycle.builder(head).add(CyclePart.of(head, () -> 0), 1).split(parts, 2).build();
    }

    /**
     * root, split [x, y] at 2-1 (sub-cycles); split [a, b, p, q] at 4-1 below x and [c, d] at 4-2 below y;
     * a2 below a (6-1) and c2 below c (6-5). q runs after p, p ends once a has ended, b once q has started.
     * Without the split's barrier, a2 would start as soon as a ended: in the engine's pass that handles a's
     * end, before q (which waits for p, which waits for a's end) could start, so before b ends.
     */
    private static Cycle levelTree(String name, boolean cycleWideParallel, CountDownLatch a2Started,
                                   CountDownLatch c2Started) {
        CountDownLatch aEnded = new CountDownLatch(1);
        CountDownLatch qStarted = new CountDownLatch(1);
        CyclePart a = CyclePart.of("a", () -> "a");
        CyclePart b = CyclePart.of("b", () -> cycleWideParallel ? a2Started.await(10, TimeUnit.SECONDS)
                : qStarted.await(10, TimeUnit.SECONDS));
        CyclePart p = CyclePart.of("p", () -> aEnded.await(10, TimeUnit.SECONDS));
        CyclePart q = CyclePart.of("q", () -> {
            qStarted.countDown();
            return "q";
        });
        CyclePart c = CyclePart.of("c", () -> "c");
        CyclePart d = CyclePart.of("d", () -> c2Started.await(10, TimeUnit.SECONDS));
        CyclePart a2 = CyclePart.of("a2", () -> {
            a2Started.countDown();
            return CycleContext.current().result("b").isPresent();
        });
        CyclePart c2 = CyclePart.of("c2", () -> {
            c2Started.countDown();
            return "c2";
        });
        CycleBuilder builder = Cycle.builder(name);
        if (cycleWideParallel) {
            builder.sync(SyncMode.PARALLEL);
        }
        try (Cycle x = fork("x", List.of(a, b, p, q));
             Cycle y = fork("y", List.of(c, d))) {
            Cycle cycle = builder.add(root(), 1).split(List.of(x, y), 2)
                    .add(a2, 6, 1).add(c2, 6, 5).after(q, p)
                    .sync(new SlotAddress(4, 1), SyncMode.LEVEL).build();
            cycle.addListener(SyncModeTest.onEnd("a", aEnded));
            return cycle;
        }
    }

    @Test
    void aLevelSplitHoldsBackItsOwnNextLevelOnlyUntilItsLevelHasEnded() {
        CountDownLatch a2Started = new CountDownLatch(1);
        CountDownLatch c2Started = new CountDownLatch(1);
        try (Cycle cycle = levelTree("split-level", false, a2Started, c2Started)) {
            CycleRun run = cycle.runOnce();
            assertThat(run.status()).as(run.report()).isEqualTo(RunStatus.OK);
            assertThat(run.output("b", Boolean.class)).as("the split's level 5 ran on while a2 waited").isTrue();
            assertThat(run.part("a2").start()).as("a2 starts after b, the last part of its split's level 5, has ended")
                    .isAfterOrEqualTo(run.part("b").end());
            assertThat(run.output("a2", Boolean.class)).as("a2 sees b's result").isTrue();
            assertThat(run.output("d", Boolean.class)).as("c2 (other split) started while d still ran").isTrue();
        }
    }

    @Test
    void aCycleWideModeWinsOverASplitsMode() {
        CountDownLatch a2Started = new CountDownLatch(1);
        CountDownLatch c2Started = new CountDownLatch(1);
        try (Cycle cycle = levelTree("cycle-wide-wins", true, a2Started, c2Started)) {
            CycleRun run = cycle.runOnce();
            assertThat(run.status()).as(run.report()).isEqualTo(RunStatus.OK);
            assertThat(run.output("b", Boolean.class)).as("the split's LEVEL is ignored under a cycle-wide PARALLEL")
                    .isTrue();
        }
    }

    @Test
    void describeShowsTheSettingsOfTheCycleAndOfItsSplits() {
        CyclePart a = CyclePart.of("a", () -> 0);
        CyclePart b = CyclePart.of("b", () -> 0);
        try (CycleBuilder builder = Cycle.builder("described").limit(3).add(root(), 1).split(List.of(a, b), 2)
                .sync(new SlotAddress(2, 1), SyncMode.LEVEL).limit(new SlotAddress(2, 1), 1)) {
            assertThat(builder.describe()).contains("cycle described (limit 3)", "(2-1): split into 2 (sync LEVEL, limit 1)");
            Cycle cycle = builder.build();
            assertThat(cycle.describe()).contains("cycle described (limit 3)", "(2-1): split into 2 (sync LEVEL, limit 1)");
            cycle.close();
        }
        try (Cycle cycle = Cycle.builder("described-independent").add(root(), 1).split(List.of(a, b), 2)
                .sync(new SlotAddress(2, 1), SyncMode.INDEPENDENT).build()) {
            assertThat(cycle.describe()).contains("(2-1): split into 2 (sync INDEPENDENT)");
        }
    }

    @Test
    void splitSettingsMustNameASplitAndIndependentOnlyTheRootsSplit() {
        CyclePart a = CyclePart.of("a", () -> 0);
        assertThatThrownBy(() -> Cycle.builder("not-a-split").add(root(), 1).split(List.of(a), 2)
                .sync(new SlotAddress(3, 1), SyncMode.LEVEL).build())
                .isInstanceOf(CycleBuildException.class)
                .hasMessageContaining("split sync settings name the slot of a split")
                .hasMessageContaining("slot 3-1").hasMessageContaining("part 'a'").hasMessageContaining("[2-1]");
        assertThatThrownBy(() -> Cycle.builder("no-slot").add(root(), 1).limit(new SlotAddress(2, 1), 2).build())
                .isInstanceOf(CycleBuildException.class).hasMessageContaining("it is not filled");
        assertThatThrownBy(() -> Cycle.builder("deep-independent").add(root(), 1)
                .split(List.of(CyclePart.of("x", () -> 0), CyclePart.of("y", () -> 0)), 2)
                .split(List.of(CyclePart.of("p", () -> 0), CyclePart.of("q", () -> 0)), 4, 1)
                .sync(new SlotAddress(4, 1), SyncMode.INDEPENDENT).build())
                .isInstanceOf(CycleBuildException.class)
                .hasMessageContaining("only the root's split (2-1)");
    }
}
