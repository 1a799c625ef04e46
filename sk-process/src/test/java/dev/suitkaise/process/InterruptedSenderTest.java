package dev.suitkaise.process;

import dev.suitkaise.reg.Domain;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Interrupts never reach the channel: a socket channel closes itself when the thread writing to
 * it is interrupted, so neither an interrupted caller in the parent nor a cancelled task in the
 * child may write to the socket directly.
 */
@ExtendWith(NoOrphans.class)
class InterruptedSenderTest {

    private static SKProcess child;

    @BeforeAll
    static void spawn() {
        child = SKProcessManager.of(Domain.INTERNAL).spawn("interrupt-target");
    }

    @AfterAll
    static void stop() {
        child.stop(Duration.ofSeconds(5));
    }

    @Test
    void aCallerWhoseThreadIsInterruptedStillReachesTheChildAndTheChannelSurvives() throws Exception {
        AtomicReference<CompletableFuture<Integer>> sent = new AtomicReference<>();
        Thread caller = Thread.ofPlatform().start(() -> {
            Thread.currentThread().interrupt();
            sent.set(child.submit(() -> 41 + 1));
        });
        caller.join(Duration.ofSeconds(30));

        assertThat(Children.await(sent.get())).isEqualTo(42);
        assertThat(Children.await(child.submit(() -> "still connected"))).isEqualTo("still connected");
        assertThat(child.state()).isNotEqualTo(ProcessState.CRASHED);
    }

    @Test
    void tasksCancelledByTheirTimeoutInTheChildLeaveTheChannelWorking() throws Exception {
        for (int i = 0; i < 20; i++) {
            CompletableFuture<Object> blocked = child.submit(() -> {
                new CountDownLatch(1).await(1, TimeUnit.MINUTES);
                return "never";
            }, Duration.ofMillis(50));
            assertThat(Children.failureOf(blocked)).isInstanceOf(SKProcessTimeoutException.class);
        }

        assertThat(Children.await(child.submit(() -> "after the cancellations"))).isEqualTo("after the cancellations");
        assertThat(child.state()).isNotEqualTo(ProcessState.CRASHED);
    }
}
