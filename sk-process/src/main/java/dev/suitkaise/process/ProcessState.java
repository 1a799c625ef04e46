package dev.suitkaise.process;

/** The life cycle of an {@link SKProcess}. */
public enum ProcessState {
    /** The child JVM is being launched (or relaunched after a crash) and has not run its init functions yet. */
    STARTING,
    /** The child is connected, has run its init functions and has no task running. */
    READY,
    /** The child is running at least one task. */
    BUSY,
    /** {@link SKProcess#stop} or {@link SKProcess#kill} was called and the child has not exited yet. */
    STOPPING,
    /** The child exited because it was asked to; final. */
    STOPPED,
    /** The child died unexpectedly and its restart policy does not bring it back; final. */
    CRASHED;

    /**
     * Whether no further change follows.
     *
     * @return true for {@link #STOPPED} and {@link #CRASHED}
     */
    public boolean isFinal() {
        return this == STOPPED || this == CRASHED;
    }
}
