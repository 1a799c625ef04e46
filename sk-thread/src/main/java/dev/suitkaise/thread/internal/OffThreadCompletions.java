package dev.suitkaise.thread.internal;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * The futures one stopAll completes, each on a virtual thread of its own, so that their dependent
 * stages neither run on nor block the stopping thread, and one blocking dependent holds up no other
 * future; and the bounded wait until they are completed.
 *
 * <p>The stopping thread never calls {@code get}, {@code join} or {@code whenComplete} on these
 * futures: a thread that waits for a {@code CompletableFuture} helps run its dependents once it is
 * completed. Each completing thread instead first adds its own signal as a dependent (the newest
 * dependent, so the first to run when the future completes) and then completes the future.
 *
 * <p>{@link #complete} and {@link #await} of a stopAll's instance are called by the stopping thread
 * only; {@link #HERE} may be used by any thread.
 */
final class OffThreadCompletions {

    private static final Logger LOG = LoggerFactory.getLogger(OffThreadCompletions.class);

    /**
     * Completes every future on the calling thread, where its dependents then run: the way of every
     * stop other than stopAll's ({@code SKThread.requestStop}, {@code SKWorker.stopNow} called directly).
     * Stateless; {@link #await} returns true at once.
     */
    static final OffThreadCompletions HERE = new OffThreadCompletions(false);

    private final boolean offThread;
    private final Semaphore completed = new Semaphore(0);
    private int count;

    /** Completions for one stopAll: each future on a virtual thread of its own. */
    OffThreadCompletions() {
        this(true);
    }

    private OffThreadCompletions(boolean offThread) {
        this.offThread = offThread;
    }

    /**
     * Completes a future on its own virtual thread (on the calling thread for {@link #HERE}). If no
     * thread can be started, completes it here (logged at warn), where its dependents then run.
     *
     * @param what names the future, for the thread's name and the log
     * @param future the future
     * @param completion completes it
     */
    void complete(String what, CompletableFuture<?> future, Runnable completion) {
        if (!offThread) {
            completion.run();
            return;
        }
        count++;
        Runnable run = () -> {
            future.whenComplete((v, e) -> completed.release());
            completion.run();
        };
        try {
            Thread.ofVirtual().name("suitkaise-complete-" + what).start(run);
        } catch (OutOfMemoryError | RuntimeException e) {
            LOG.warn("could not start a thread to complete the future of {} ({}); completing it on the stopping thread,"
                    + " where its dependent stages now run", what, e.toString());
            run.run();
        }
    }

    /**
     * Waits until every future is completed (not until their dependents ran), at most until the deadline.
     *
     * @param deadline a {@link System#nanoTime()} deadline
     * @return true if all are completed
     * @throws InterruptedException if the stopping thread is interrupted while waiting
     */
    boolean await(long deadline) throws InterruptedException {
        return count == 0 || completed.tryAcquire(count, Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
    }
}
