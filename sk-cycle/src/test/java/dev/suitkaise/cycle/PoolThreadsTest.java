package dev.suitkaise.cycle;

import dev.suitkaise.thread.SKThreader;
import dev.suitkaise.thread.SKThreadException;
import dev.suitkaise.thread.StopReport;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * The pooled threads of a cycle are reused between runs and end when the cycle is closed or their
 * threader stops them; a part whose new pooled thread ends before taking it fails its run instead of
 * leaving it waiting.
 */
class PoolThreadsTest {

    private static final Duration BOUND = Duration.ofSeconds(20);

    @Test
    void aPartWhosePooledThreadFailsInAnInitializerFailsTheRunNamingThePartAndTheInitializer() {
        SKThreader threader = SKThreader.builder().name("pool-init-fails").build();
        threader.onThreadStart("broken-init", 0, () -> {
            throw new IllegalStateException("init failed");
        });
        try (Cycle cycle = Cycle.builder("pool-init").threader(threader).add(CyclePart.of("p", () -> 1), 1).build()) {
            CycleRun run = assertTimeoutPreemptively(BOUND, () -> cycle.runOnce(), "runOnce waits for a part that never runs");

            PartResult p = run.part("p");
            assertThat(p.outcome()).isEqualTo(PartOutcome.FAILED);
            assertThat(p.error()).isInstanceOf(CycleException.class)
                    .hasMessageContaining("part 'p' of cycle 'pool-init' did not run")
                    .hasMessageContaining("broken-init")
                    .hasCauseInstanceOf(SKThreadException.class);
        } finally {
            threader.shutdown(Duration.ofSeconds(5));
        }
    }

    @Test
    void aPartWhosePooledThreadIsStoppedBeforeItsBodyStartsFailsTheRunInsteadOfWaitingForever() throws Exception {
        SKThreader threader = SKThreader.builder().name("pool-stopped-new").build();
        CountDownLatch inInit = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        // holds the new pooled thread in its start-up (state NEW) until stopAll has cancelled it
        threader.onThreadStart("hold", 0, () -> {
            if (Thread.currentThread().getName().startsWith("sk-cycle-pool-stop-")) {
                inInit.countDown();
                try {
                    release.await(BOUND.toSeconds(), TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    // the stop's interrupt: the thread was cancelled, its body will not start
                }
            }
            return null;
        });
        try (Cycle cycle = Cycle.builder("pool-stop").threader(threader).add(CyclePart.of("p", () -> 1), 1).build()) {
            CompletableFuture<CycleRun> run = new CompletableFuture<>();
            Thread caller = new Thread(() -> run.complete(cycle.runOnce()), "plain-caller");
            caller.setDaemon(true); // a run that never ends must not keep the test JVM alive
            caller.start();
            assertThat(inInit.await(BOUND.toSeconds(), TimeUnit.SECONDS)).as("the pooled thread started up").isTrue();

            threader.stopAll(Duration.ofSeconds(5));
            release.countDown();

            PartResult p = run.get(BOUND.toSeconds(), TimeUnit.SECONDS).part("p");
            assertThat(p.outcome()).isEqualTo(PartOutcome.FAILED);
            assertThat(p.error()).isInstanceOf(CycleException.class)
                    .hasMessageContaining("part 'p' of cycle 'pool-stop' did not run")
                    .hasMessageContaining("stopped before its body started")
                    .hasCauseInstanceOf(CancellationException.class);
        } finally {
            release.countDown();
            threader.shutdown(Duration.ofSeconds(5));
        }
    }


    @Test
    void aPooledThreadThatIsIdleRunsThePartOfTheNextRun() throws InterruptedException {
        AtomicReference<Thread> ranOn = new AtomicReference<>();
        SKThreader threader = SKThreader.builder().name("pool-reuse").build();
        try (Cycle cycle = Cycle.builder("pool-reuse").threader(threader).add(CyclePart.of("p", () -> {
            ranOn.set(Thread.currentThread());
            return Thread.currentThread().getName();
        }), 1).build()) {
            CycleRun first = cycle.runOnce();
            assertThat(first.status()).isEqualTo(RunStatus.OK);
            Thread pooled = ranOn.get();

            // the run ends when the part reports; its thread then goes idle, waiting for the next task
            long deadline = System.nanoTime() + BOUND.toNanos();
            while (!waitsForATask(pooled) && System.nanoTime() < deadline) {
                TimeUnit.MILLISECONDS.sleep(10); // polling a condition, with the bound above
            }
            assertThat(waitsForATask(pooled)).as("the pooled thread went idle").isTrue();

            CycleRun second = cycle.runOnce();
            assertThat(second.status()).isEqualTo(RunStatus.OK);
            assertThat(second.output("p", String.class)).isEqualTo(first.output("p", String.class));
            assertThat(ranOn.get()).isSameAs(pooled);
        } finally {
            threader.shutdown(Duration.ofSeconds(5));
        }
    }

    /** Whether the thread is parked in the pool's wait for its next task. */
    private static boolean waitsForATask(Thread t) {
        return t.getState() == Thread.State.TIMED_WAITING && Arrays.stream(t.getStackTrace())
                .anyMatch(f -> f.getClassName().equals(SynchronousQueue.class.getName()));
    }

    @Test
    void closingACycleEndsItsIdlePooledThreadsWithoutWaitingForTheirKeepAlive() throws InterruptedException {
        List<CyclePart> parts = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            parts.add(CyclePart.of("p" + i, () -> Thread.currentThread().getName()));
        }
        SKThreader threader = SKThreader.builder().name("pool-threads-test").build();
        try {
            Cycle cycle = Cycle.builder("pool-close").threader(threader).add(CyclePart.of("root", () -> 0), 1)
                    .split(parts, 2).build();
            for (int run = 0; run < 3; run++) {
                assertThat(cycle.runOnce().status()).isEqualTo(RunStatus.OK);
            }
            // the cycle's own threader runs nothing but its pooled threads
            assertThat(threader.liveCount()).as("idle pooled threads wait for the next run").isBetween(1, 5 * 3);

            cycle.close();

            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10); // far below the 30 s keep-alive
            while (threader.liveCount() > 0 && System.nanoTime() < deadline) {
                TimeUnit.MILLISECONDS.sleep(10); // polling a condition, with the bound above
            }
            assertThat(threader.liveCount()).isZero();
        } finally {
            threader.shutdown(Duration.ofSeconds(5));
        }
    }

    @Test
    void aPooledThreadWhosePartEndedOnTheStopRequestsInterruptEndsWithoutWaitingForAnotherPart() throws Exception {
        SKThreader threader = SKThreader.builder().name("pool-stop-request").build();
        CountDownLatch inPart = new CountDownLatch(1);
        CountDownLatch never = new CountDownLatch(1);
        try (Cycle cycle = Cycle.builder("pool-req").threader(threader).add(CyclePart.of("p", () -> {
            inPart.countDown();
            never.await(); // ends on the stop request's interrupt
            return 1;
        }), 1).build()) {
            CompletableFuture<CycleRun> run = new CompletableFuture<>();
            Thread caller = new Thread(() -> run.complete(cycle.runOnce()), "plain-caller");
            caller.setDaemon(true);
            caller.start();
            assertThat(inPart.await(BOUND.toSeconds(), TimeUnit.SECONDS)).as("the part started").isTrue();

            // a grace far below the pool's 30 s keep-alive: a thread that waited for another part would
            // still be waiting when the grace ends, and be stopped only by the second interrupt
            StopReport report = threader.stopAll(Duration.ofSeconds(10));

            assertThat(report.stoppedCleanly()).containsExactly("sk-cycle-pool-req-1");
            assertThat(report.stoppedByInterrupt()).isEmpty();
            assertThat(run.get(BOUND.toSeconds(), TimeUnit.SECONDS).part("p").error())
                    .as("the part ended on the interrupt").isInstanceOf(InterruptedException.class);
        } finally {
            threader.shutdown(Duration.ofSeconds(5));
        }
    }
}
