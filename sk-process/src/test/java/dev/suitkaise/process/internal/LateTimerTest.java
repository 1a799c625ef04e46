package dev.suitkaise.process.internal;

import dev.suitkaise.process.LogCapture;
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
import static org.assertj.core.api.Assertions.fail;

/**
 * A child's silence counts from the heartbeat ping it has not answered, not from its last
 * answer: a timer thread that runs late (a long GC pause, an overloaded machine) sends no pings
 * meanwhile and blames no child for that.
 */
class LateTimerTest {

    /** How long a ping may go unanswered; the timer is held up for twice as long. */
    private static final Duration UNRESPONSIVE_AFTER = Duration.ofSeconds(3);
    private static final long BOUND_NANOS = TimeUnit.SECONDS.toNanos(60);
    private static final int ATTEMPTS = 3;

    private static Instant lastBeat(SKProcess p) {
        Instant beat = p.stats().lastHeartbeat();
        return beat == null ? Instant.EPOCH : beat;
    }

    private static void until(String what, java.util.function.BooleanSupplier condition) {
        Conditions.until(what, Duration.ofNanos(BOUND_NANOS), condition);
    }

    /*
     * Whether q is blamed for the timer's delay is decided on the timer's own thread: the heartbeats
     * it missed run as soon as it resumes, before anything it is given then, so a check given to it
     * on resuming sees whether any of them killed q (the kill is logged on that thread before it is
     * carried out). That q then answers a ping takes its reader and the parent's no longer than
     * UNRESPONSIVE_AFTER; where a loaded machine stalls one of them longer, q is killed for that
     * ping, after the check, and the test is run again with a new q.
     */
    @Test
    void aTimerThatRunsLateBlamesNoChildThatAnswersItsPings() throws Exception {
        try (LogCapture log = new LogCapture()) {
            for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
                String name = "late-timer-q-" + attempt;
                SKProcess q = SKProcessManager.of(Domain.INTERNAL).spawn(ProcessSpec.builder(name)
                        .heartbeat(Duration.ofMillis(100), UNRESPONSIVE_AFTER).build());
                try {
                    long pid = q.pid();
                    until("q answered a heartbeat", () -> q.stats().lastHeartbeat() != null);
                    CompletableFuture<Instant> resumed = new CompletableFuture<>();
                    CompletableFuture<Integer> killsWhenResumed = new CompletableFuture<>();

                    // holds the timer thread until q's last answer is twice as old as what makes a child unresponsive
                    Timers.SCHEDULER.execute(() -> {
                        long bound = System.nanoTime() + BOUND_NANOS;
                        while (System.nanoTime() < bound
                                && Duration.between(lastBeat(q), Instant.now()).compareTo(UNRESPONSIVE_AFTER.multipliedBy(2)) < 0) {
                            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
                        }
                        resumed.complete(Instant.now());
                        Timers.SCHEDULER.execute(() -> killsWhenResumed.complete(log.count(name, "did not answer heartbeats")));
                    });

                    Instant late = resumed.get(60, TimeUnit.SECONDS);
                    assertThat(killsWhenResumed.get(60, TimeUnit.SECONDS))
                            .as("kills of q by the heartbeats the timer ran when it resumed (attempt %d)", attempt).isZero();
                    until("q answers a heartbeat after the timer resumed, or ends",
                            () -> lastBeat(q).isAfter(late) || q.onExit().isDone());
                    if (q.onExit().isDone() && log.count(name, "did not answer heartbeats") > 0) {
                        continue; // killed for a ping sent after the timer resumed: its reader or ours stalled
                    }
                    assertThat(q.onExit()).as("q, which answered every ping it was sent, ended").isNotDone();
                    assertThat(q.pid()).isEqualTo(pid);
                    assertThat(q.stats().restarts()).isZero();
                    assertThat(q.state()).isEqualTo(ProcessState.READY);
                    return;
                } finally {
                    q.stop(Duration.ofSeconds(5));
                }
            }
            fail("In each of %d attempts, q was killed for not answering a ping sent after the timer resumed", ATTEMPTS);
        }
    }
}
