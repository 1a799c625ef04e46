package dev.suitkaise.thread;

import java.io.Serial;
import java.util.Objects;

/**
 * The failure of a task's future when an {@link SKWorker} did not run it: the worker was stopped,
 * its bounded mailbox was full, the task was dropped to make room, or the submitter was interrupted
 * while waiting for room. {@link SKWorker#submit} never throws it: it completes the returned future
 * exceptionally with it, so callers handle every outcome in one place.
 */
public class SKRejectedException extends SKThreadException {
    @Serial
    private static final long serialVersionUID = 1L;

    /** Why a task was not run. */
    public enum Reason {
        /** The worker was stopped (or failed) before the task ran. */
        STOPPED,
        /** The mailbox was full under {@link OverflowPolicy#FAIL} (or a worker would wait on itself). */
        FULL,
        /** The task was the oldest waiting one under {@link OverflowPolicy#DROP_OLDEST} and made room. */
        DROPPED,
        /** The submitter was interrupted while waiting for room under {@link OverflowPolicy#BLOCK}. */
        INTERRUPTED
    }

    /** Why the task was not run. */
    private final Reason reason;
    /** The worker's component name. */
    private final String worker;

    /**
     * Creates a rejection.
     *
     * @param reason why the task was not run
     * @param worker the worker's component name
     * @param message what happened and what to do
     */
    public SKRejectedException(Reason reason, String worker, String message) {
        super(message);
        this.reason = Objects.requireNonNull(reason, "reason");
        this.worker = Objects.requireNonNull(worker, "worker");
    }

    /**
     * Returns why the task was not run.
     *
     * @return the reason
     */
    public Reason reason() {
        return reason;
    }

    /**
     * Returns the component name of the worker that rejected the task.
     *
     * @return the worker's name
     */
    public String worker() {
        return worker;
    }
}
