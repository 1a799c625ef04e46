package dev.suitkaise.cycle;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class SyncModeTest {

    @Test
    void inParallelModePartsRunAfterTheirParentOnPooledThreadsAndBranchesDoNotWaitForEachOther() {
        Thread caller = Thread.currentThread();
        Set<Thread> threads = ConcurrentHashMap.newKeySet();
        CountDownLatch cRan = new CountDownLatch(1);
        CyclePart a = CyclePart.of("a", () -> {
            threads.add(Thread.currentThread());
            return "A";
        });
        CyclePart b = CyclePart.of("b", () -> {
            threads.add(Thread.currentThread());
            boolean released = cRan.await(10, TimeUnit.SECONDS);
            return CycleContext.current().parentResult().orElseThrow() + "b" + released;
        });
        CyclePart c = CyclePart.of("c", () -> {
            threads.add(Thread.currentThread());
            cRan.countDown();
            return CycleContext.current().result(1, 1).orElseThrow() + "c";
        });
        try (Cycle cycle = Cycle.builder("parallel").add(a, 1).split(List.of(b, c), 2).build()) {
            CycleRun run = cycle.runOnce();
            assertThat(run.status()).isEqualTo(RunStatus.OK);
            assertThat(run.output("b", String.class)).isEqualTo("Abtrue");
            assertThat(run.output("c", String.class)).isEqualTo("Ac");
            assertThat(threads).isNotEmpty().doesNotContain(caller);
            assertThat(run.part("b").start()).isAfterOrEqualTo(run.part("a").end());
        }
    }

    /** A listener that counts a latch down when the named part ends. */
    static CycleListener onEnd(String part, CountDownLatch ended) {
        return new CycleListener() {
            @Override
            public void partEnded(String cycleName, long iteration, PartResult result) {
                if (result.name().equals(part)) {
                    ended.countDown();
                }
            }
        };
    }

    @Test
    void inLevelModeNoPartOfTheNextLevelStartsBeforeTheLevelAboveHasEnded() {
        // a, then b c x y on level 3, d below b on level 4; y runs after x, x ends once b has ended, c once y
        // has started. Without the barrier d would start as soon as b ended: in the engine's pass that
        // handles b's end, before y (which waits for x, which waits for b's end) could start, so before c ends
        CountDownLatch bEnded = new CountDownLatch(1);
        CountDownLatch yStarted = new CountDownLatch(1);
        CyclePart a = CyclePart.of("a", () -> "a");
        CyclePart b = CyclePart.of("b", () -> "b");
        CyclePart c = CyclePart.of("c", () -> yStarted.await(10, TimeUnit.SECONDS));
        CyclePart x = CyclePart.of("x", () -> bEnded.await(10, TimeUnit.SECONDS));
        CyclePart y = CyclePart.of("y", () -> {
            yStarted.countDown();
            return "y";
        });
        CyclePart d = CyclePart.of("d", () -> CycleContext.current().result("c").isPresent());
        try (Cycle cycle = Cycle.builder("level").sync(SyncMode.LEVEL).add(a, 1).split(List.of(b, c, x, y), 2)
                .add(d, 4, 1).after(y, x).build()) {
            cycle.addListener(onEnd("b", bEnded));
            CycleRun run = cycle.runOnce();
            assertThat(run.status()).as(run.report()).isEqualTo(RunStatus.OK);
            assertThat(run.output("x", Boolean.class)).isTrue();
            assertThat(run.output("c", Boolean.class)).as("level 3 ran on while d waited").isTrue();
            assertThat(run.part("d").start()).as("d starts after c, the last part of level 3, has ended")
                    .isAfterOrEqualTo(run.part("c").end());
            assertThat(run.output("d", Boolean.class)).as("d sees c's result").isTrue();
        }
    }

    @Test
    void aSequencedPartStartsOnlyAfterThePartItWaitsFor() {
        // b and c become due together when a ends; without the edge both would start in that one pass of
        // the engine, before b's end is handled
        CyclePart a = CyclePart.of("a", () -> "a");
        CyclePart b = CyclePart.of("b", () -> "b");
        CyclePart c = CyclePart.of("c", () -> CycleContext.current().result("b").isPresent());
        try (Cycle cycle = Cycle.builder("sequential").add(a, 1).split(List.of(b, c), 2).after(c, b).build()) {
            CycleRun run = cycle.runOnce();
            assertThat(run.status()).as(run.report()).isEqualTo(RunStatus.OK);
            assertThat(run.part("c").start()).isAfterOrEqualTo(run.part("b").end());
            assertThat(run.output("c", Boolean.class)).as("c sees b's result").isTrue();
        }
    }

    @Test
    void aSequencedPartDoesNotRunWhenThePartItWaitsForFailed() {
        CyclePart a = CyclePart.of("a", () -> "a");
        CyclePart b = CyclePart.of("b", () -> {
            throw new IllegalStateException("b broke");
        });
        CyclePart c = CyclePart.of("c", () -> "c");
        try (Cycle cycle = Cycle.builder("sequential-fail").add(a, 1).split(List.of(b, c), 2).after(c, b).build()) {
            CycleRun run = cycle.runOnce();
            assertThat(run.part("b").outcome()).isEqualTo(PartOutcome.FAILED);
            assertThat(run.part("c").outcome()).isEqualTo(PartOutcome.NOT_RUN);
            assertThat(run.part("c").attempts()).isZero();
            assertThat(run.status()).isEqualTo(RunStatus.ERROR);
        }
    }

    @Test
    void theContextGivesTheIterationAndASharedDataStoreThatLastsAcrossRuns() {
        CyclePart count = CyclePart.of("count", () -> {
            CycleContext ctx = CycleContext.current();
            ctx.data().merge("runs", 1, (x, y) -> (Integer) x + (Integer) y);
            return ctx.partName() + "@" + ctx.address() + "#" + ctx.iteration();
        });
        try (Cycle cycle = Cycle.builder("ctx").add(count, 1).build()) {
            cycle.runOnce();
            CycleRun second = cycle.runOnce();
            assertThat(second.iteration()).isEqualTo(2);
            assertThat(second.output("count", String.class)).isEqualTo("count@1-1#2");
            assertThat(cycle.data()).containsEntry("runs", 2);
        }
    }
}
