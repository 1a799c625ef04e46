package dev.suitkaise.cycle;

import dev.suitkaise.thread.SKThreadException;
import dev.suitkaise.thread.SKThreader;
import dev.suitkaise.thread.StopReport;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

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
        // after the 100 ms grace, stop(...) cancels the run and then waits up to the abandon grace plus one second:
        // a long one, as the part ends when interrupted, so a loaded machine cannot make the loop miss it
        try (Cycle cycle = Cycle.builder("stop-grace").abandonAfter(BOUND).add(slow, 1).build();
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

    @Test
    void aHugeIntervalKeepsTheLoopWaitingForItsNextRunUntilStopped() throws InterruptedException {
        try (Cycle cycle = Cycle.builder("huge-interval").add(CyclePart.of("tick", () -> 1), 1).build();
             CycleHandle handle = cycle.start(Duration.ofSeconds(Long.MAX_VALUE))) {
            assertThat(handle.awaitRuns(1, BOUND)).isTrue();
            assertThat(handle.awaitRuns(1, Duration.ofSeconds(Long.MAX_VALUE))).as("a huge wait bound").isTrue();
            assertThat(handle.stop(BOUND)).isTrue();
            assertThat(handle.failure()).as("the loop waited for its next run, it did not die").isEmpty();
            assertThat(handle.runs()).isEqualTo(1);
        }
    }

    @Test
    void aLoopEndedByAClosedCycleShowsWhyOnTheHandle() throws InterruptedException {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CyclePart gate = CyclePart.of("gate", () -> {
            started.countDown();
            return release.await(10, TimeUnit.SECONDS);
        });
        Cycle cycle = Cycle.builder("closed-under-handle").add(gate, 1).build();
        try (CycleHandle handle = cycle.start()) {
            assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(handle.failure()).isEmpty();
            cycle.close(); // the run in progress finishes; the next one cannot start
            release.countDown();
            assertThat(handle.awaitStop(BOUND)).as("the loop ended without a stop").isTrue();
            assertThat(handle.failure()).get().isInstanceOf(IllegalStateException.class)
                    .extracting(Throwable::getMessage).asString().contains("cycle 'closed-under-handle' is closed");
            assertThat(handle.runs()).isEqualTo(1);
        }
    }

    @Test
    void aLoopWhoseThreadFailsInAnInitializerShowsWhyOnTheHandle() throws InterruptedException {
        SKThreader threader = SKThreader.builder().name("loop-init-fails").build();
        threader.onThreadStart("broken-loop-init", 0, () -> {
            throw new IllegalStateException("init failed");
        });
        try (Cycle cycle = Cycle.builder("loop-init").threader(threader).add(CyclePart.of("tick", () -> 1), 1).build();
             CycleHandle handle = cycle.start()) {
            assertThat(handle.awaitStop(BOUND)).as("the loop never ran").isTrue();

            assertThat(handle.failure()).get().isInstanceOf(SKThreadException.class)
                    .extracting(Throwable::getMessage).asString().contains("broken-loop-init");
            assertThat(handle.runs()).isZero();
        } finally {
            threader.shutdown(Duration.ofSeconds(5));
        }
    }

    @Test
    void closeThatReturnsBeforeALoopEndedLogsAtErrorWhichLoopsStillRun() throws InterruptedException {
        CountDownLatch inListener = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CycleListener stuck = new CycleListener() {
            @Override
            public void runEnded(CycleRun run) {
                inListener.countDown();
                boolean interrupted = false;
                while (release.getCount() > 0) { // ignores the stop's interrupt
                    try {
                        release.await();
                    } catch (InterruptedException e) {
                        interrupted = true;
                    }
                }
                if (interrupted) {
                    Thread.currentThread().interrupt();
                }
            }
        };
        try (Cycle cycle = Cycle.builder("close-stuck").abandonAfter(Duration.ZERO)
                .add(CyclePart.of("tick", () -> 1), 1).build()) {
            CycleHandle handle = cycle.start();
            handle.addListener(stuck);
            assertThat(inListener.await(BOUND.toSeconds(), TimeUnit.SECONDS)).isTrue();

            PrintStream err = System.err; // slf4j-simple writes to the current System.err
            ByteArrayOutputStream captured = new ByteArrayOutputStream();
            System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
            try {
                handle.close();
            } finally {
                System.setErr(err);
            }

            assertThat(handle.isRunning()).as("close returned before the loop ended").isTrue();
            assertThat(captured.toString(StandardCharsets.UTF_8)).contains("ERROR")
                    .contains("cycle close-stuck: close() stopped its loops").contains("[sk-cycle-close-stuck-loop]");
            release.countDown();
            assertThat(handle.awaitStop(BOUND)).isTrue();
        } finally {
            release.countDown();
        }
    }

    @Test
    void closeCalledFromALoopsOwnListenerDoesNotWaitForThatLoopNorLogItAsStillRunning() throws InterruptedException {
        CountDownLatch inPart = new CountDownLatch(1);
        CountDownLatch closed = new CountDownLatch(1);
        AtomicReference<CycleHandle> handle = new AtomicReference<>();
        AtomicReference<String> log = new AtomicReference<>();
        CycleListener closer = new CycleListener() {
            @Override
            public void runEnded(CycleRun run) { // on the loop thread, whose stop was already requested
                PrintStream err = System.err; // slf4j-simple writes to the current System.err
                ByteArrayOutputStream captured = new ByteArrayOutputStream();
                System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
                try {
                    handle.get().close();
                } finally {
                    System.setErr(err);
                }
                log.set(captured.toString(StandardCharsets.UTF_8));
                closed.countDown();
            }
        };
        CyclePart blocks = CyclePart.of("blocks", () -> {
            inPart.countDown();
            new CountDownLatch(1).await(); // until the stop's interrupt
            return 1;
        });
        try (Cycle cycle = Cycle.builder("close-in-loop").abandonAfter(Duration.ZERO).add(blocks, 1).build()) {
            cycle.addListener(closer); // before the start: a handle's listener sees only runs started after it
            handle.set(cycle.start());
            assertThat(inPart.await(BOUND.toSeconds(), TimeUnit.SECONDS)).isTrue();

            handle.get().stopNow();

            assertThat(closed.await(BOUND.toSeconds(), TimeUnit.SECONDS)).as("close() in the listener returned").isTrue();
            assertThat(log.get()).as("what close() logged").doesNotContain("close() stopped its loops");
            assertThat(handle.get().awaitStop(BOUND)).isTrue();
            assertThat(handle.get().runs()).isEqualTo(1);
        }
    }

    @Test
    void aLoopWhoseListenerShutsTheThreaderDownEndsAfterThatRun() throws InterruptedException {
        SKThreader threader = SKThreader.builder().name("loop-shuts-down").build();
        AtomicReference<StopReport> shutdown = new AtomicReference<>();
        CycleListener shutsDown = new CycleListener() {
            @Override
            public void runEnded(CycleRun run) { // on the loop thread: the shutdown asks it to stop
                shutdown.compareAndSet(null, threader.shutdown(Duration.ofSeconds(5)));
            }
        };
        try (Cycle cycle = Cycle.builder("loop-shuts-down").threader(threader).add(CyclePart.of("tick", () -> 1), 1)
                .build()) {
            cycle.addListener(shutsDown);
            CycleHandle handle = cycle.start(Duration.ofMillis(1));

            assertThat(handle.awaitStop(BOUND)).as("the loop ended; runs %s, last %s", handle.runs(),
                    handle.lastRun().map(CycleRun::report).orElse("none")).isTrue();
            assertThat(handle.runs()).isEqualTo(1);
            assertThat(handle.lastRun().orElseThrow().status()).isEqualTo(RunStatus.OK);
            assertThat(handle.failure()).isEmpty();
            assertThat(shutdown.get().notFinished()).isEmpty();
        } finally {
            threader.shutdown(Duration.ofSeconds(5));
        }
    }

    @Test
    void aPausedLoopWhoseListenerShutsTheThreaderDownEnds() throws InterruptedException {
        SKThreader threader = SKThreader.builder().name("paused-shuts-down").build();
        AtomicReference<CycleHandle> handle = new AtomicReference<>();
        CountDownLatch handleSet = new CountDownLatch(1);
        CycleListener pausesThenShutsDown = new CycleListener() {
            @Override
            public void runEnded(CycleRun run) { // on the loop thread: pauses it, then the shutdown asks it to stop
                try {
                    if (!handleSet.await(BOUND.toSeconds(), TimeUnit.SECONDS)) {
                        return;
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                handle.get().pause();
                threader.shutdown(Duration.ofSeconds(5));
            }
        };
        try (Cycle cycle = Cycle.builder("paused-shuts-down").threader(threader).add(CyclePart.of("tick", () -> 1), 1)
                .build()) {
            cycle.addListener(pausesThenShutsDown);
            handle.set(cycle.start(Duration.ofMillis(1)));
            handleSet.countDown();

            assertThat(handle.get().awaitStop(BOUND)).as("the paused loop ended; runs %s", handle.get().runs()).isTrue();
            assertThat(handle.get().isPaused()).isTrue();
            assertThat(handle.get().runs()).isEqualTo(1);
            assertThat(handle.get().failure()).isEmpty();
        } finally {
            if (handle.get() != null) {
                handle.get().stopNow();
            }
            threader.shutdown(Duration.ofSeconds(5));
        }
    }
}
