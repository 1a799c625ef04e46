package dev.suitkaise.thread;

import dev.suitkaise.function.AnyFunction;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * A long-lived thread with a mailbox that runs submitted functions one at a time, in the order they
 * were submitted, so that all work for one component lands on the same thread. Get one with
 * {@link SKThreader#worker(String)}. All methods are thread-safe.
 *
 * <h2>Ordering</h2>
 * Tasks run in the order their submissions entered the mailbox: tasks submitted by one thread run
 * in that thread's order; tasks of different submitters interleave.
 *
 * <h2>Stopping</h2>
 * {@link #requestStop()} <em>drains</em>: the worker accepts no new task, runs every task already
 * in its mailbox, then ends. {@link #stopNow()} <em>rejects</em>: the waiting tasks' futures fail
 * with {@link SKRejectedException} (reason {@code STOPPED}) and the running task is interrupted. A
 * task submitted after a stop, or racing with one, either runs or has its future fail with
 * {@code STOPPED}: no future of a stopped worker is left pending.
 *
 * <h2>Failures</h2>
 * A task that throws fails its own future (the exception is the cause of the
 * {@link java.util.concurrent.ExecutionException}) and is counted in {@link ThreadInfo#failures()};
 * the worker goes on with the next task.
 *
 * <p>Only {@link SKThreader} creates instances; the interface is not meant to be implemented
 * elsewhere (it is not sealed so that the library also works on the class path).
 */
public interface SKWorker {

    /**
     * Returns the worker's component name (also its Java thread's name).
     *
     * @return the name
     */
    String name();

    /**
     * Returns whether the worker runs on a platform or a virtual thread.
     *
     * @return the kind
     */
    ThreadKind kind();

    /**
     * Returns the worker's current state (see {@link ThreadState} for a worker's transitions).
     *
     * @return the state
     */
    ThreadState state();

    /**
     * Returns the spec the worker was created with.
     *
     * @return the spec
     */
    WorkerSpec spec();

    /**
     * Queues a function to run on the worker's thread after everything queued before it.
     * Rejections never throw: the returned future fails with {@link SKRejectedException} (stopped
     * worker, full mailbox under {@link OverflowPolicy#FAIL}, interrupted wait). Blocks only under
     * {@link OverflowPolicy#BLOCK} while a bounded mailbox is full.
     *
     * <p>Cancelling the returned future before the task starts skips it; cancelling it while it runs
     * does not interrupt it (its value is discarded).
     *
     * @param task the function to run
     * @param <R> the result type
     * @return the future of the task's value
     */
    <R> CompletableFuture<R> submit(AnyFunction<R> task);

    /**
     * Like {@link #submit(AnyFunction)}, with a name shown as the current task in
     * {@link SKThreader#threads()} and used in messages.
     *
     * @param taskName the task's name
     * @param task the function to run
     * @param <R> the result type
     * @return the future of the task's value
     */
    <R> CompletableFuture<R> submit(String taskName, AnyFunction<R> task);

    /**
     * Returns how many tasks wait in the mailbox (the running one not counted). Never blocks.
     *
     * @return the number of waiting tasks
     */
    int pending();

    /**
     * Stops accepting tasks; the worker runs what is queued, then ends (drain). Sets the flag
     * {@link SKThread#stopRequested()} reads on the worker thread. Never blocks; does nothing if
     * already stopping or ended.
     */
    void requestStop();

    /**
     * Stops accepting tasks, fails every waiting task's future with {@link SKRejectedException}
     * (reason {@code STOPPED}) and interrupts the running task; the worker ends after it. Never blocks
     * itself, but the futures are failed on the calling thread, so their dependent stages (those not
     * added with an {@code ...Async} method) run here first, as with any {@code CompletableFuture};
     * {@link SKThreader#stopAll(Duration)} fails them on other threads instead.
     */
    void stopNow();

    /**
     * Waits for the worker's thread to end, at most the timeout. A non-positive timeout does not
     * wait; one too long to count in nanoseconds in a {@code long} (about 292 years or more, such as
     * {@code ChronoUnit.FOREVER.getDuration()}) means no limit.
     *
     * @param timeout the most to wait
     * @return true if the worker's thread has ended
     * @throws InterruptedException if the calling thread is interrupted while waiting (its interrupt
     *         status is cleared)
     */
    boolean join(Duration timeout) throws InterruptedException;

    /**
     * Returns the time since the worker was created, frozen when it ended. Never blocks.
     *
     * @return the uptime
     */
    Duration uptime();

    /**
     * Returns how many tasks threw.
     *
     * @return the failure count
     */
    long failures();

    /**
     * Adds a listener told about every later transition of the worker.
     *
     * @param listener the listener
     */
    void addListener(ThreadStateListener listener);
}
