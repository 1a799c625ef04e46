package dev.suitkaise.cycle;

import dev.suitkaise.testkit.Conditions;
import dev.suitkaise.thread.SKThreader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A {@link CycleHandle} may be used from any thread (its class Javadoc): many threads reading, awaiting, pausing,
 * resuming and stopping one handle at once see consistent counts, and every blocking call returns within its bound.
 */
class CycleHandleConcurrencyTest {

    private static final Duration BOUND = Duration.ofSeconds(30);
    private static final int THREADS = 8;

    private SKThreader threader;

    @BeforeEach
    void startAThreaderOfItsOwn() {
        threader = SKThreader.builder().name("handle-concurrency").build();
    }

    @AfterEach
    void shutTheThreaderDown() {
        assertThat(threader.shutdown(Duration.ofSeconds(5)).notFinished()).isEmpty();
    }

    /** Runs {@code task} on {@code threads} virtual threads released together, waiting for all within the bound. */
    private static <T> List<T> together(int threads, Callable<T> task) throws Exception {
        CountDownLatch go = new CountDownLatch(1);
        List<Future<T>> futures = new ArrayList<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < threads; i++) {
                futures.add(pool.submit(() -> {
                    go.await();
                    return task.call();
                }));
            }
            go.countDown();
            List<T> results = new ArrayList<>();
            for (Future<T> f : futures) {
                try {
                    results.add(f.get(BOUND.toSeconds(), TimeUnit.SECONDS));
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof Error error) {
                        throw error; // an assertion that failed on that thread
                    }
                    throw e.getCause() instanceof Exception x ? x : e;
                } catch (TimeoutException e) {
                    pool.shutdownNow();
                    throw new AssertionError("a thread using the handle did not return within " + BOUND, e);
                }
            }
            return results;
        }
    }

    @Test
    void manyThreadsReadingAndAwaitingOneRunningHandleSeeItsRunCountOnlyGrowAndTheLastRunMatchIt() throws Exception {
        AtomicLong partRuns = new AtomicLong();
        CyclePart tick = CyclePart.of("tick", () -> {
            partRuns.incrementAndGet();
            return CycleContext.current().iteration();
        });
        try (Cycle cycle = Cycle.builder("handle-readers").threader(threader).add(tick, 1).build();
             CycleHandle handle = cycle.start()) {
            List<Integer> checked = together(THREADS, () -> {
                long seen = 0;
                int rounds = 0;
                for (; rounds < 100; rounds++) {
                    long runs = handle.runs();
                    assertThat(runs).as("runs() read after %d", seen).isGreaterThanOrEqualTo(seen);
                    Optional<CycleRun> last = handle.lastRun();
                    if (runs > 0) {
                        assertThat(last).as("the last run once %d runs ended", runs).isPresent();
                        assertThat(last.orElseThrow().iteration()).as("the last run's iteration, read after runs() = %d", runs)
                                .isGreaterThanOrEqualTo(runs);
                        assertThat(last.orElseThrow().status()).isEqualTo(RunStatus.OK);
                    }
                    assertThat(handle.awaitRuns(runs + 1, BOUND)).as("run %d ended within the bound", runs + 1).isTrue();
                    seen = handle.runs();
                    assertThat(seen).isGreaterThan(runs);
                    assertThat(handle.isRunning()).isTrue();
                    assertThat(handle.isPaused()).isFalse();
                    assertThat(handle.failure()).isEmpty();
                }
                return rounds;
            });
            assertThat(checked).containsOnly(100);

            assertThat(handle.stop(BOUND)).isTrue();
            assertThat(handle.isRunning()).isFalse();
            CycleRun last = handle.lastRun().orElseThrow();
            assertThat(last.iteration()).as("the last run is the last counted").isEqualTo(handle.runs());
            assertThat(partRuns.get()).as("every run that started its part ended and was counted").isEqualTo(handle.runs());
            assertThat(last.output("tick", Long.class)).isEqualTo(handle.runs());
        }
    }

    @Test
    void pauseAndResumeFromManyThreadsAtOnceLeaveAHandleThatPausesAndResumesOnRequest() throws Exception {
        AtomicLong partRuns = new AtomicLong();
        CyclePart tick = CyclePart.of("tick", () -> partRuns.incrementAndGet());
        try (Cycle cycle = Cycle.builder("handle-pausers").threader(threader).add(tick, 1).build();
             CycleHandle handle = cycle.start()) {
            assertThat(handle.awaitRuns(1, BOUND)).isTrue();
            together(THREADS, () -> {
                for (int i = 0; i < 200; i++) {
                    handle.pause();
                    handle.isPaused();
                    handle.resume();
                }
                return null;
            });

            // every thread's last call was a resume: the loop runs on
            assertThat(handle.isPaused()).isFalse();
            long afterToggling = handle.runs();
            assertThat(handle.awaitRuns(afterToggling + 3, BOUND)).as("runs go on after the toggling").isTrue();

            handle.pause();
            assertThat(handle.awaitPaused(BOUND)).isTrue();
            long runsWhenPaused = handle.runs();
            long partRunsWhenPaused = partRuns.get();
            together(THREADS, () -> {
                for (int i = 0; i < 200; i++) {
                    assertThat(handle.isPaused()).isTrue();
                    assertThat(handle.runs()).as("no run starts while paused").isEqualTo(runsWhenPaused);
                    assertThat(handle.lastRun().orElseThrow().iteration()).isEqualTo(runsWhenPaused);
                    assertThat(handle.awaitPaused(BOUND)).isTrue();
                }
                return null;
            });
            assertThat(partRuns.get()).as("no part ran while paused").isEqualTo(partRunsWhenPaused);

            handle.resume();
            assertThat(handle.awaitRuns(runsWhenPaused + 3, BOUND)).as("runs go on after the resume").isTrue();
            assertThat(handle.stop(BOUND)).isTrue();
            assertThat(handle.failure()).isEmpty();
        }
    }

    @Test
    void stopStopNowCloseAndAwaitStopCalledTogetherFromManyThreadsAllReturnAndEndEveryLoop() throws Exception {
        for (int round = 0; round < 10; round++) {
            stopFromTwelveThreadsAtOnce(round, round % 2 == 1, round % 4 < 2);
            int r = round;
            Conditions.until("round " + r + ": every thread of the closed cycle ended", BOUND, () -> threader.liveCount() == 0);
        }
    }

    /**
     * Starts a cycle whose part blocks until interrupted (under {@link SyncMode#INDEPENDENT}: one of its two branches)
     * and has twelve threads stop it at once, three each with {@code stop(grace)}, {@code stopNow()}, {@code close()}
     * and {@code awaitStop}; each of them must see every loop end.
     */
    private void stopFromTwelveThreadsAtOnce(int round, boolean independent, boolean whileThePartRuns) throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch never = new CountDownLatch(1);
        CyclePart blocking = CyclePart.of("blocking", () -> {
            started.countDown();
            return never.await(1, TimeUnit.HOURS); // until interrupted by a stop
        });
        // a long grace: the blocking part ends when interrupted, so the grace only bounds the waits of stop and close
        CycleBuilder builder = Cycle.builder("handle-stoppers-" + round).threader(threader).abandonAfter(BOUND);
        if (independent) {
            builder.add(CyclePart.of("trunk", () -> 0), 1)
                    .split(List.of(blocking, CyclePart.of("quick", () -> 1)), 2).sync(SyncMode.INDEPENDENT);
        } else {
            builder.add(blocking, 1);
        }
        try (Cycle cycle = builder.build()) {
            CycleHandle handle = cycle.start();
            try {
                if (whileThePartRuns) {
                    assertThat(started.await(BOUND.toSeconds(), TimeUnit.SECONDS)).isTrue();
                } // otherwise the stops may come before the first run, or the branches, started
                AtomicLong next = new AtomicLong();
                List<Boolean> ended = together(12, () -> switch ((int) (next.getAndIncrement() % 4)) {
                    case 0 -> handle.stop(Duration.ofMillis(20)); // then stops at once and waits
                    case 1 -> {
                        handle.stopNow();
                        yield handle.awaitStop(BOUND);
                    }
                    case 2 -> {
                        handle.close();
                        yield handle.awaitStop(BOUND);
                    }
                    default -> handle.awaitStop(BOUND);
                });
                assertThat(ended).as("round %d (%s): every caller saw the loops end", round,
                        independent ? "independent branches" : "one loop").containsOnly(true);
                assertThat(handle.isRunning()).isFalse();
                assertThat(handle.failure()).isEmpty();
                handle.lastRun().ifPresent(run -> assertThat(run.status()).isIn(RunStatus.OK, RunStatus.CANCELLED));
            } finally {
                never.countDown(); // lets the part end if a stop failed to interrupt it
            }
        }
    }
}
