package dev.suitkaise.thread;

import dev.suitkaise.thread.internal.Managed;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;

/**
 * A thread started by an {@link SKThreader}: its name, its {@link ThreadState state}, a cooperative
 * stop, a bounded join and its result. All methods are thread-safe and may be called from any
 * thread; only {@code join} and {@code result} block.
 *
 * <h2>Stopping</h2>
 * {@link #requestStop()} sets a flag that the body polls through the static
 * {@link #stopRequested()}, then interrupts the thread. A body that returns after the request
 * ends {@code FINISHED} with its value; one that throws {@link InterruptedException} ends
 * {@code CANCELLED} (a clean stop); see {@link ThreadState} for every transition.
 *
 * <p>Only {@link SKThreader} creates instances; the interface is not meant to be implemented
 * elsewhere (it is not sealed so that the library also works on the class path).
 *
 * @param <R> the body's result type
 */
public interface SKThread<R> {

    /**
     * Tells whether a stop was requested for the thread or worker that calls this. Never blocks.
     * On a thread that no {@link SKThreader} created it is always false. On a worker thread it is
     * true once the worker was asked to stop, in either way.
     *
     * @return true if the current managed thread was asked to stop
     */
    static boolean stopRequested() {
        return Managed.currentStopRequested();
    }

    /**
     * Returns the thread's name, as given to {@code start} (also the Java thread's name).
     *
     * @return the name
     */
    String name();

    /**
     * Returns the component (group) name from the spec.
     *
     * @return the component, "" for none
     */
    String component();

    /**
     * Returns whether this is a platform or a virtual thread.
     *
     * @return the kind
     */
    ThreadKind kind();

    /**
     * Returns the current state. Never blocks.
     *
     * @return the state
     */
    ThreadState state();

    /**
     * Asks the thread to stop: moves {@code NEW} to {@code CANCELLED} (the body will not run) or
     * {@code RUNNING} to {@code STOP_REQUESTED}, calls the state listeners, sets the flag
     * {@link #stopRequested()} reads, then interrupts the thread. Does nothing in any other state
     * (also when a stop was already requested). May be called from any thread, the thread itself
     * included (it then interrupts itself). Never blocks (apart from state listeners, which must not
     * block, and, when it cancels a {@code NEW} thread, the dependent stages of {@link #future()},
     * which run on the calling thread as with any {@code CompletableFuture};
     * {@link SKThreader#stopAll(Duration)} completes the future on another thread instead).
     */
    void requestStop();

    /**
     * Waits for the Java thread to end, at most the timeout. Like {@link Thread#join(Duration)}: a
     * non-positive timeout does not wait; one too long to count in nanoseconds in a {@code long}
     * (about 292 years or more, such as {@code ChronoUnit.FOREVER.getDuration()}) means no limit. A
     * body that ignores stop requests may never end; this returns false then.
     *
     * @param timeout the most to wait
     * @return true if the thread has ended
     * @throws InterruptedException if the calling thread is interrupted while waiting (its interrupt
     *         status is cleared, as in {@code java.util.concurrent})
     */
    boolean join(Duration timeout) throws InterruptedException;

    /**
     * Waits until the thread reaches a terminal state and returns the body's value, like
     * {@link java.util.concurrent.Future#get()}.
     *
     * @return the body's value (FINISHED)
     * @throws ExecutionException if the body or an initializer threw (FAILED); the cause is the exception
     * @throws CancellationException if the thread was CANCELLED
     * @throws InterruptedException if the calling thread is interrupted while waiting (its interrupt
     *         status is cleared)
     */
    R result() throws InterruptedException, ExecutionException;

    /**
     * Like {@link #result()}, waiting at most the timeout. A non-positive timeout does not wait; one
     * too long to count in nanoseconds in a {@code long} (about 292 years or more, such as
     * {@code ChronoUnit.FOREVER.getDuration()}) means no limit, as for {@link #join(Duration)}.
     *
     * @param timeout the most to wait
     * @return the body's value
     * @throws ExecutionException if the body or an initializer threw
     * @throws CancellationException if the thread was CANCELLED
     * @throws TimeoutException if no terminal state was reached within the timeout
     * @throws InterruptedException if the calling thread is interrupted while waiting
     */
    R result(Duration timeout) throws InterruptedException, ExecutionException, TimeoutException;

    /**
     * Returns the future of the thread's result (the same instance on every call), completed when the
     * thread reaches a terminal state: with the value, exceptionally with the failure, or cancelled.
     * Cancelling it cancels the thread ({@code NEW}, {@code RUNNING} or {@code STOP_REQUESTED} →
     * {@code CANCELLED}, interrupting it if asked to). Completing it by hand is not supported: it
     * does not change the thread, and {@link #result()} does not use it. Never blocks.
     *
     * @return the future
     */
    CompletableFuture<R> future();

    /**
     * Returns what made the thread fail: the body's exception, or an {@link SKThreadException}
     * whose cause is an initializer's. Never blocks.
     *
     * @return the failure, or empty unless the state is FAILED (or the body or an initializer of a
     *         thread that was already CANCELLED threw afterwards; that is logged at warn)
     */
    Optional<Throwable> failure();

    /**
     * Returns the time since {@code start}, frozen when a terminal state was reached. Never blocks.
     *
     * @return the uptime
     */
    Duration uptime();

    /**
     * Adds a listener told about every later transition (see {@link ThreadStateListener} for
     * the threads it runs on). To see every transition from {@code NEW} on, give the listener in
     * the {@link ThreadSpec} instead.
     *
     * @param listener the listener
     */
    void addListener(ThreadStateListener listener);
}
