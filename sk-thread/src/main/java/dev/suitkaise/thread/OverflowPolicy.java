package dev.suitkaise.thread;

/**
 * What {@link SKWorker#submit} does when a bounded mailbox is full (the capacity counts tasks
 * waiting, not the one running).
 */
public enum OverflowPolicy {
    /**
     * The submitter waits for room. If it is interrupted while waiting, its interrupt status is
     * restored and the returned future fails with {@link SKRejectedException} of reason
     * {@link SKRejectedException.Reason#INTERRUPTED}. A task submitted from the worker's own thread
     * to its full mailbox is rejected with reason {@link SKRejectedException.Reason#FULL} instead of
     * deadlocking.
     */
    BLOCK,
    /** The new task is rejected at once: its future fails with reason {@link SKRejectedException.Reason#FULL}. */
    FAIL,
    /**
     * The oldest waiting task is removed and its future fails with reason
     * {@link SKRejectedException.Reason#DROPPED}; the new task is queued.
     */
    DROP_OLDEST
}
