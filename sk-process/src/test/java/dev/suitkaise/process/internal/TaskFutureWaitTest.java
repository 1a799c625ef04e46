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
    void aTimedGetOfAFutureNeverCompletedTimesOut() {
        TaskFuture<Integer> never = new TaskFuture<>();

        assertThatThrownBy(() -> never.get(20, TimeUnit.MILLISECONDS)).isInstanceOf(TimeoutException.class);
        assertThat(never).isNotDone();
    }

    @Test
    void aTimedGetWithATimeoutShorterThanTheWindowStillTimesOut() {
        TaskFuture<Integer> never = new TaskFuture<>();

        assertThatThrownBy(() -> never.get(0, TimeUnit.NANOSECONDS)).isInstanceOf(TimeoutException.class);
        assertThatThrownBy(() -> never.get(1, TimeUnit.MICROSECONDS)).isInstanceOf(TimeoutException.class);
    }

    @Test
    void aWaiterInterruptedBeforeItWaitsGetsInterruptedExceptionAndItsFlagIsCleared() {
        TaskFuture<Integer> never = new TaskFuture<>();
        Thread.currentThread().interrupt();

        assertThatThrownBy(never::get).isInstanceOf(InterruptedException.class);
        assertThat(Thread.interrupted()).isFalse();

        Thread.currentThread().interrupt();
        assertThatThrownBy(() -> never.get(60, TimeUnit.SECONDS)).isInstanceOf(InterruptedException.class);
        assertThat(Thread.interrupted()).isFalse();
    }

    @Test
    void aWaiterInterruptedWhileParkedGetsInterruptedException() throws Exception {
        for (boolean timed : new boolean[] {false, true}) {
            TaskFuture<Integer> never = new TaskFuture<>();
            AtomicReference<Throwable> thrown = new AtomicReference<>();
            CountDownLatch returned = new CountDownLatch(1);
            Thread waiter = Thread.ofPlatform().name("test-waiter-" + (timed ? "timed" : "untimed")).start(() -> {
                try {
                    Object v = timed ? never.get(60, TimeUnit.SECONDS) : never.get();
                    thrown.set(new AssertionError("get returned " + v));
                } catch (Throwable t) {
                    thrown.set(t);
                } finally {
                    returned.countDown();
                }
            });
            // past the watching (which yields, RUNNABLE): parked in get
            Thread.State parked = timed ? Thread.State.TIMED_WAITING : Thread.State.WAITING;
            long bound = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (waiter.getState() != parked) {
                assertThat(System.nanoTime() - bound).as("the %s waiter parks", timed ? "timed" : "untimed").isNegative();
                assertThat(returned.getCount()).as("the waiter is still waiting").isOne();
                java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
            }

            waiter.interrupt();

            assertThat(returned.await(30, TimeUnit.SECONDS)).as("the parked waiter returned").isTrue();
            assertThat(thrown.get()).isInstanceOf(InterruptedException.class);
        }
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
