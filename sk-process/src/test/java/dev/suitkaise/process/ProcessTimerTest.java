package dev.suitkaise.process;

import dev.suitkaise.reg.Domain;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * sk-process's shared timer (timeouts and heartbeats of every process) runs no caller's code: a
 * slow action attached to a task that timed out holds up no heartbeat, so no unrelated process
 * is killed as unresponsive.
 */
@ExtendWith(NoOrphans.class)
class ProcessTimerTest {

    /**
     * Long enough that a stall of q's or the parent's reader on a loaded machine does not get q
     * killed; the test waits for q's answers, never for this, so it takes no longer for it.
     */
    private static final Duration UNRESPONSIVE_AFTER = Duration.ofSeconds(20);

    private static ProcessSpec quickHeartbeat(String name) {
        return ProcessSpec.builder(name).heartbeat(Duration.ofMillis(100), UNRESPONSIVE_AFTER).build();
    }

    private static Instant lastBeat(SKProcess p) {
        Instant beat = p.stats().lastHeartbeat();
        return beat == null ? Instant.EPOCH : beat;
    }

    @Test
    void aSlowActionOnATimedOutTaskRunsOffTheTimerAndGetsNoOtherProcessKilled() throws Exception {
        SKProcessManager manager = SKProcessManager.of(Domain.INTERNAL);
        SKProcess p = manager.spawn(quickHeartbeat("timer-p"));
        SKProcess q = manager.spawn(quickHeartbeat("timer-q"));
        try {
            long qPid = q.pid();
            Children.until("q answered a heartbeat", Children.BOUND, () -> q.stats().lastHeartbeat() != null);
            CompletableFuture<String> callbackThread = new CompletableFuture<>();
            CompletableFuture<Instant> callbackEnd = new CompletableFuture<>();
            CompletableFuture<Boolean> beatWhileSlow = new CompletableFuture<>();

            p.submit(ChildState::block, Duration.ofMillis(200)).exceptionally(t -> {
                callbackThread.complete(Thread.currentThread().getName());
                // a caller's slow fallback: busy until q has answered heartbeats for a while since it began, or (where it
                // holds the timer up, so that no ping is sent) until q is stopped or the bound, three times what makes a
                // child unresponsive, has passed
                Instant began = Instant.now();
                long bound = System.nanoTime() + Children.BOUND.toNanos();
                while (System.nanoTime() < bound && !lastBeat(q).isAfter(began.plusMillis(500)) && !q.onExit().isDone()) {
                    LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
                }
                beatWhileSlow.complete(lastBeat(q).isAfter(began));
                callbackEnd.complete(Instant.now());
                return null;
            });

            assertThat(Children.await(callbackThread)).as("the thread that ran the caller's action").isNotEqualTo("sk-process-timer");
            Instant end = Children.await(callbackEnd);
            assertThat(Children.await(beatWhileSlow)).as("q answered a heartbeat while the slow action ran: the timer went on")
                    .isTrue();
            Children.until("q answers a heartbeat after the slow action, or ends", Children.BOUND,
                    () -> lastBeat(q).isAfter(end) || q.onExit().isDone() || q.pid() != qPid);
            assertThat(q.onExit()).as("q, which nothing touched, ended").isNotDone();
            assertThat(q.pid()).isEqualTo(qPid);
            assertThat(q.stats().restarts()).isZero();
            assertThat(q.state()).isEqualTo(ProcessState.READY);
        } finally {
            p.stop(Duration.ofSeconds(5));
            q.stop(Duration.ofSeconds(5));
        }
    }
}
