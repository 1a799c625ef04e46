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
            assertThat(run.part("b3").outcome()).as("all four parts of the unlimited split ran at once")
                    .isEqualTo(PartOutcome.SUCCEEDED);
        }
    }

    @Test
    void aSplitLimitNestsWithTheCycleWideLimit() {
        AtomicInteger runningNow = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        List<CyclePart> parts = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            parts.add(CyclePart.of("p" + i, () -> {
                most.accumulateAndGet(runningNow.incrementAndGet(), Math::max);
                Thread.onSpinWait();
                return runningNow.decrementAndGet();
            }));
        }
        try (Cycle cycle = Cycle.builder("nested-limits").limit(3).add(root(), 1).split(parts, 2)
                .limit(new SlotAddress(2, 1), 1).build()) {
            CycleRun run = cycle.runOnce();
            assertThat(run.status()).isEqualTo(RunStatus.OK);
            assertThat(most.get()).isEqualTo(1);
        }
    }

    /** A sub-cycle: a part, then a split of the given parts below it. */
    private static Cycle fork(String head, List<CyclePart> parts) {
        return Cycle.builder(head).add(CyclePart.of(head, () -> 0), 1).split(parts, 2).build();
    }

    /**
     * root, split [x, y] at 2-1 (sub-cycles); split [a, b] at 4-1 below x and [c, d] at 4-2 below y;
     * a2 below a (6-1) and c2 below c (6-3).
     */
    private static Cycle levelTree(String name, boolean cycleWideParallel, CountDownLatch a2Started,
                                   CountDownLatch c2Started) {
        CyclePart a = CyclePart.of("a", () -> "a");
        CyclePart b = CyclePart.of("b", () -> a2Started.await(cycleWideParallel ? 10_000 : 200, TimeUnit.MILLISECONDS));
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
        try (Cycle x = fork("x", List.of(a, b));
             Cycle y = fork("y", List.of(c, d))) {
            return builder.add(root(), 1).split(List.of(x, y), 2)
                    .add(a2, 6, 1).add(c2, 6, 3)
                    .sync(new SlotAddress(4, 1), SyncMode.LEVEL).build();
        }
    }

    @Test
    void aLevelSplitHoldsBackItsOwnNextLevelOnlyUntilItsLevelHasEnded() {
        CountDownLatch a2Started = new CountDownLatch(1);
        CountDownLatch c2Started = new CountDownLatch(1);
        try (Cycle cycle = levelTree("split-level", false, a2Started, c2Started)) {
            CycleRun run = cycle.runOnce();
            assertThat(run.status()).as(run.report()).isEqualTo(RunStatus.OK);
            assertThat(run.output("b", Boolean.class)).as("a2 must not start while b (same split, level above) runs")
                    .isFalse();
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
