package dev.suitkaise.cycle;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class ContinuousRunTest {

    private static final Duration BOUND = Duration.ofSeconds(10);

    @Test
    void aStartedCycleRunsAgainAndAgainUntilStopped() throws InterruptedException {
        CyclePart tick = CyclePart.of("tick", () -> CycleContext.current().iteration());
        try (Cycle cycle = Cycle.builder("continuous").add(tick, 1).build();
             CycleHandle handle = cycle.start()) {
            assertThat(handle.awaitRuns(5, BOUND)).isTrue();
            handle.stop();
            assertThat(handle.awaitStop(BOUND)).isTrue();
            assertThat(handle.isRunning()).isFalse();
            CycleRun last = handle.lastRun().orElseThrow();
            assertThat(last.iteration()).isEqualTo(handle.runs());
            assertThat(last.output("tick", Long.class)).isEqualTo(handle.runs());
            assertThat(last.status()).isEqualTo(RunStatus.OK);
        }
    }

    @Test
    void aPausedCycleStartsNoNewRunUntilResumed() throws InterruptedException {
        CyclePart tick = CyclePart.of("tick", () -> 1);
        try (Cycle cycle = Cycle.builder("pausing").add(tick, 1).build();
             CycleHandle handle = cycle.start()) {
            assertThat(handle.awaitRuns(1, BOUND)).isTrue();
            handle.pause();
            assertThat(handle.isPaused()).isTrue();
            assertThat(handle.awaitPaused(BOUND)).isTrue();
            long runs = handle.runs();
            assertThat(handle.awaitRuns(runs + 1, Duration.ofMillis(200))).isFalse();
            handle.resume();
            assertThat(handle.awaitRuns(runs + 1, BOUND)).isTrue();
        }
    }

    @Test
    void stopNowCancelsTheRunInProgress() throws InterruptedException {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch never = new CountDownLatch(1);
        CyclePart slow = CyclePart.of("slow", () -> {
            started.countDown();
            return never.await(30, TimeUnit.SECONDS);
        });
        try (Cycle cycle = Cycle.builder("stop-now").add(slow, 1).build();
             CycleHandle handle = cycle.start()) {
            assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
            handle.stopNow();
            assertThat(handle.awaitStop(BOUND)).isTrue();
            assertThat(handle.runs()).isEqualTo(1);
            CycleRun run = handle.lastRun().orElseThrow();
            assertThat(run.status()).isEqualTo(RunStatus.CANCELLED);
            assertThat(run.part("slow").outcome()).isEqualTo(PartOutcome.CANCELLED);
        }
    }

    @Test
    void stopWithAGraceEndsGentlyWhenTheRunFinishesInTimeAndCancelsItOtherwise() throws InterruptedException {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch never = new CountDownLatch(1);
        CyclePart slow = CyclePart.of("slow", () -> {
            started.countDown();
            return never.await(30, TimeUnit.SECONDS);
        });
        try (Cycle cycle = Cycle.builder("stop-grace").add(slow, 1).build();
             CycleHandle handle = cycle.start()) {
            assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(handle.stop(Duration.ofMillis(100))).isTrue();
            assertThat(handle.isRunning()).isFalse();
            assertThat(handle.lastRun().orElseThrow().status()).isEqualTo(RunStatus.CANCELLED);
        }
        CyclePart quick = CyclePart.of("quick", () -> 1);
        try (Cycle cycle = Cycle.builder("stop-grace-quick").add(quick, 1).build();
             CycleHandle handle = cycle.start()) {
            assertThat(handle.awaitRuns(2, BOUND)).isTrue();
            assertThat(handle.stop(BOUND)).isTrue();
            assertThat(handle.lastRun().orElseThrow().status()).isEqualTo(RunStatus.OK);
        }
    }

    @Test
    void aHandleStoppedRightAfterItStartsEndsEveryLoopEvenOneThatNeverRan() throws InterruptedException {
        for (int i = 0; i < 20; i++) {
            try (Cycle cycle = Cycle.builder("quick-stop-" + i).add(CyclePart.of("t", () -> 1), 1)
                    .split(List.of(CyclePart.of("u", () -> 2), CyclePart.of("v", () -> 3)), 2)
                    .sync(SyncMode.INDEPENDENT).build()) {
                CycleHandle handle = cycle.start();
                handle.stopNow();

                assertThat(handle.awaitStop(Duration.ofSeconds(10))).as("round %d", i).isTrue();
                assertThat(handle.isRunning()).isFalse();
            }
        }
    }
}
