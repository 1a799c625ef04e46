package dev.suitkaise.process.internal;

import dev.suitkaise.testkit.Conditions;
import dev.suitkaise.process.ProcessSpec;
import dev.suitkaise.process.ProcessState;
import dev.suitkaise.process.SKProcess;
import dev.suitkaise.process.SKProcessManager;
import dev.suitkaise.reg.Domain;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A child's silence counts from the heartbeat ping it has not answered, not from its last
 * answer: a timer thread that runs late (a long GC pause, an overloaded machine) sends no pings
 * meanwhile and blames no child for that.
 */
class LateTimerTest {

    /** Long enough that a stall of q's or the parent's reader on a loaded machine does not get q killed. */
    private static final Duration UNRESPONSIVE_AFTER = Duration.ofSeconds(3);
    private static final long BOUND_NANOS = TimeUnit.SECONDS.toNanos(60);

    private static Instant lastBeat(SKProcess p) {
        Instant beat = p.stats().lastHeartbeat();
        return beat == null ? Instant.EPOCH : beat;
    }

    private static void until(String what, java.util.function.BooleanSupplier condition) {
        Conditions.until(what, Duration.ofNanos(BOUND_NANOS), condition);
    }

    @Test
    void aTimerThatRunsLateBlamesNoChildThatAnswersItsPings() throws Exception {
        SKProcess q = SKProcessManager.of(Domain.INTERNAL).spawn(ProcessSpec.builder("late-timer-q")
                .heartbeat(Duration.ofMillis(100), UNRESPONSIVE_AFTER).build());
        try {
            long pid = q.pid();
            until("q answered a heartbeat", () -> q.stats().lastHeartbeat() != null);
            CompletableFuture<Instant> resumed = new CompletableFuture<>();

            // holds the timer thread until q's last answer is twice as old as what makes a child unresponsive
            Timers.SCHEDULER.execute(() -> {
                long bound = System.nanoTime() + BOUND_NANOS;
                while (System.nanoTime() < bound
                        && Duration.between(lastBeat(q), Instant.now()).compareTo(UNRESPONSIVE_AFTER.multipliedBy(2)) < 0) {
                    LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
                }
                resumed.complete(Instant.now());
            });

            Instant late = resumed.get(60, TimeUnit.SECONDS);
            until("q answers a heartbeat after the timer resumed, or ends",
                    () -> lastBeat(q).isAfter(late) || q.onExit().isDone() || q.pid() != pid);
            assertThat(q.onExit()).as("q, which answered every ping it was sent, ended").isNotDone();
            assertThat(q.pid()).isEqualTo(pid);
            assertThat(q.stats().restarts()).isZero();
            assertThat(q.state()).isEqualTo(ProcessState.READY);
        } finally {
            q.stop(Duration.ofSeconds(5));
        }
    }
}
