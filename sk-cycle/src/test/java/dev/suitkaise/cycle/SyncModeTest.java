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

    @Test
    void inLevelModeNoPartOfTheNextLevelStartsBeforeTheLevelAboveHasEnded() {
        CountDownLatch dStarted = new CountDownLatch(1);
        CyclePart a = CyclePart.of("a", () -> "a");
        CyclePart b = CyclePart.of("b", () -> "b");
        CyclePart c = CyclePart.of("c", () -> dStarted.await(200, TimeUnit.MILLISECONDS));
        CyclePart d = CyclePart.of("d", () -> {
            dStarted.countDown();
            return CycleContext.current().result("c").isPresent();
        });
        try (Cycle cycle = Cycle.builder("level").sync(SyncMode.LEVEL).add(a, 1).split(List.of(b, c), 2)
                .add(d, 4, 1).build()) {
            CycleRun run = cycle.runOnce();
            assertThat(run.status()).isEqualTo(RunStatus.OK);
            assertThat(run.output("c", Boolean.class)).as("d must not start while c runs").isFalse();
            assertThat(run.output("d", Boolean.class)).as("d sees c's result").isTrue();
        }
    }

    @Test
    void aSequencedPartStartsOnlyAfterThePartItWaitsFor() {
        CountDownLatch cStarted = new CountDownLatch(1);
        CyclePart a = CyclePart.of("a", () -> "a");
        CyclePart b = CyclePart.of("b", () -> cStarted.await(200, TimeUnit.MILLISECONDS));
        CyclePart c = CyclePart.of("c", () -> {
            cStarted.countDown();
            return CycleContext.current().result("b").isPresent();
        });
        try (Cycle cycle = Cycle.builder("sequential").add(a, 1).split(List.of(b, c), 2).after(c, b).build()) {
            CycleRun run = cycle.runOnce();
            assertThat(run.output("b", Boolean.class)).as("c must not start while b runs").isFalse();
            assertThat(run.output("c", Boolean.class)).isTrue();
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
