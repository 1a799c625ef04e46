package dev.suitkaise.thread;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Results, futures, failure capture and uptime. */
class ResultAndFailureTest {

    private final SKThreader threader = Waits.threader("results");

    @AfterEach
    void closeThreader() {
        Waits.closeAndCheck(threader);
    }

    @Test
    void resultReturnsTheBodysValueAndTheFutureCompletesWithIt() throws Exception {
        SKThread<Integer> t = threader.start("adder", () -> 40 + 2);

        assertThat(t.result()).isEqualTo(42);
        assertThat(t.future().get()).isEqualTo(42);
        assertThat(t.future()).isSameAs(t.future());
    }

    @Test
    void aBodysExceptionIsCapturedOnTheHandleAndThrownFromResultAsTheCause() {
        IllegalStateException boom = new IllegalStateException("boom");
        SKThread<Object> t = threader.start("fails", () -> {
            throw boom;
        });
        Waits.join(t);

        assertThat(t.failure()).containsSame(boom);
        assertThatThrownBy(t::result).isInstanceOf(ExecutionException.class).hasMessageContaining("fails")
                .cause().isSameAs(boom);
        assertThat(t.future()).isCompletedExceptionally();
    }

    @Test
    void anErrorThrownByTheBodyIsCapturedToo() {
        SKThread<Object> t = threader.start("errs", () -> {
            throw new AssertionError("an error, not an exception");
        });
        Waits.join(t);

        assertThat(t.state()).isEqualTo(ThreadState.FAILED);
        assertThat(t.failure()).get().isInstanceOf(AssertionError.class);
    }

    @Test
    void aFailingInitializersExceptionIsWrappedWithTheInitializerAndThreadNames() {
        Registration registration = threader.onThreadStart("bus", 1, () -> {
            throw new IllegalStateException("no bus");
        });
        try {
            SKThread<String> t = threader.start("needs-bus", () -> "never");
            Waits.join(t);

            assertThat(t.failure()).get(org.assertj.core.api.InstanceOfAssertFactories.THROWABLE)
                    .isInstanceOf(SKThreadException.class)
                    .hasMessageContaining("'bus'").hasMessageContaining("'needs-bus'")
                    .hasRootCauseInstanceOf(IllegalStateException.class);
        } finally {
            registration.close();
        }
    }

    @Test
    void resultOfACancelledThreadThrowsCancellationException() {
        CountDownLatch started = new CountDownLatch(1);
        SKThread<Object> t = threader.start("to-cancel", () -> {
            started.countDown();
            new CountDownLatch(1).await();
            return null;
        });
        Waits.await(started);
        t.requestStop();
        Waits.join(t);

        assertThatThrownBy(t::result).isInstanceOf(CancellationException.class).hasMessageContaining("to-cancel");
        assertThat(t.future()).isCancelled();
    }

    @Test
    void resultWithATimeoutThrowsTimeoutExceptionWhileTheBodyRuns() {
        CountDownLatch release = new CountDownLatch(1);
        SKThread<String> t = threader.start("slow", () -> {
            Waits.awaitIgnoringInterrupts(release);
            return "late";
        });

        assertThatThrownBy(() -> t.result(Duration.ofMillis(20))).isInstanceOf(TimeoutException.class)
                .hasMessageContaining("slow");
        release.countDown();
        Waits.join(t);
    }

    @Test
    void resultWithATimeoutTooLongForNanosecondsWaitsWithoutLimitLikeJoin() {
        CountDownLatch release = new CountDownLatch(1);
        SKThread<String> slow = threader.start("forever-result", () -> {
            Waits.awaitIgnoringInterrupts(release);
            return "done";
        });
        AtomicReference<Object> waiterGot = new AtomicReference<>();
        Thread waiter = Thread.ofPlatform().name("forever-waiter").start(() -> {
            try {
                waiterGot.set(slow.result(ChronoUnit.FOREVER.getDuration()));
            } catch (Throwable e) {
                waiterGot.set(e);
            }
        });
        // the body is held by the latch, so the waiter's call finds it running: it either waits or fails
        Waits.until(() -> waiter.getState() == Thread.State.WAITING
                        || waiter.getState() == Thread.State.TIMED_WAITING
                        || waiter.getState() == Thread.State.TERMINATED,
                "the waiter waits in result(FOREVER) or has returned");
        release.countDown();
        Waits.join(waiter);

        assertThat(waiterGot.get()).isEqualTo("done");
    }

    @Test
    void aWaiterInterruptedInResultGetsInterruptedExceptionWithItsStatusCleared() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        SKThread<String> slow = threader.start("slow-result", () -> {
            Waits.awaitIgnoringInterrupts(release);
            return "late";
        });
        AtomicReference<Throwable> waiterSaw = new AtomicReference<>();
        SKThread<Boolean> waiter = threader.start("waiter", () -> {
            Thread.currentThread().interrupt();
            try {
                slow.result();
            } catch (Throwable e) {
                waiterSaw.set(e);
            }
            return Thread.currentThread().isInterrupted();
        });

        assertThat(waiter.result()).as("interrupt status after the InterruptedException").isFalse();
        assertThat(waiterSaw.get()).isInstanceOf(InterruptedException.class);
        release.countDown();
        assertThat(slow.result()).isEqualTo("late");
    }

    @Test
    void uptimeGrowsWhileRunningAndIsFrozenOnceTerminal() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        SKThread<String> t = threader.start("timed", () -> {
            Waits.awaitIgnoringInterrupts(release);
            return "x";
        });
        Duration first = t.uptime();
        Waits.until(() -> t.uptime().compareTo(first) > 0, "uptime grows");
        release.countDown();
        t.result();
        Waits.join(t);
        Duration frozen = t.uptime();

        long after = System.nanoTime();
        Waits.until(() -> System.nanoTime() - after > 2_000_000, "two milliseconds pass");
        assertThat(t.uptime()).isEqualTo(frozen);
    }

    @Test
    void theFutureGivenBeforeTheEndIsCompletedAtTheEnd() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        SKThread<String> t = threader.start("future-first", () -> {
            Waits.awaitIgnoringInterrupts(release);
            return "value";
        });
        CompletableFuture<String> f = t.future();
        assertThat(f).isNotDone();
        release.countDown();

        assertThat(f.get()).isEqualTo("value");
    }
}
