package dev.suitkaise.process.internal;

import org.junit.jupiter.api.Test;

import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Waiting on a task's future: the watching that comes before parking keeps every contract of
 * {@code get}, {@code get(timeout)} and {@code join}.
 */
class TaskFutureWaitTest {

    @Test
    void aResultCompletedByAnotherThreadIsReturnedByEveryWayOfWaiting() throws Exception {
        for (int i = 0; i < 2_000; i++) {
            TaskFuture<Integer> get = new TaskFuture<>();
            TaskFuture<Integer> timed = new TaskFuture<>();
            TaskFuture<Integer> join = new TaskFuture<>();
            int value = i;
            Thread completer = Thread.ofPlatform().start(() -> {
                get.complete(value);
                timed.complete(value);
                join.complete(value);
            });
            assertThat(get.get()).isEqualTo(value);
            assertThat(timed.get(30, TimeUnit.SECONDS)).isEqualTo(value);
            assertThat(join.join()).isEqualTo(value);
            completer.join();
        }
    }

    @Test
    void aTimedGetOfAFutureNeverCompletedTimesOutAfterItsTimeout() {
        TaskFuture<Integer> never = new TaskFuture<>();
        long start = System.nanoTime();

        assertThatThrownBy(() -> never.get(20, TimeUnit.MILLISECONDS)).isInstanceOf(TimeoutException.class);

        assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(20));
    }

    @Test
    void aTimedGetWithATimeoutShorterThanTheWindowStillTimesOut() {
        TaskFuture<Integer> never = new TaskFuture<>();

        assertThatThrownBy(() -> never.get(0, TimeUnit.NANOSECONDS)).isInstanceOf(TimeoutException.class);
        assertThatThrownBy(() -> never.get(1, TimeUnit.MICROSECONDS)).isInstanceOf(TimeoutException.class);
    }

    @Test
    void anInterruptedWaiterGetsInterruptedExceptionWhetherItWasInterruptedBeforeOrDuring() throws Exception {
        TaskFuture<Integer> never = new TaskFuture<>();
        Thread.currentThread().interrupt();
        assertThatThrownBy(never::get).isInstanceOf(InterruptedException.class);
        assertThat(Thread.interrupted()).isFalse();

        AtomicReference<Throwable> thrown = new AtomicReference<>();
        CountDownLatch waiting = new CountDownLatch(1);
        Thread waiter = Thread.ofPlatform().start(() -> {
            waiting.countDown();
            try {
                never.get(60, TimeUnit.SECONDS);
            } catch (Throwable t) {
                thrown.set(t);
            }
        });
        waiting.await();
        waiter.interrupt();
        waiter.join(TimeUnit.SECONDS.toMillis(30));

        assertThat(waiter.isAlive()).isFalse();
        assertThat(thrown.get()).isInstanceOf(InterruptedException.class);
    }

    @Test
    void failuresAndCancellationReachTheWaiterAsBefore() {
        TaskFuture<Integer> failed = new TaskFuture<>();
        CompletableFuture.runAsync(() -> failed.completeExceptionally(new IllegalStateException("boom")));
        assertThatThrownBy(failed::get).isInstanceOf(ExecutionException.class).hasCauseInstanceOf(IllegalStateException.class);

        TaskFuture<Integer> cancelled = new TaskFuture<>();
        CompletableFuture.runAsync(() -> cancelled.cancel(true));
        assertThatThrownBy(cancelled::join).isInstanceOf(CancellationException.class);
    }
}
