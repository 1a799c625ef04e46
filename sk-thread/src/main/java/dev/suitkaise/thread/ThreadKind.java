package dev.suitkaise.thread;

/** Whether a thread is a platform (OS) thread or a virtual thread. */
public enum ThreadKind {
    /** A platform thread: one OS thread; may be non-daemon and have a priority. Good for long-lived work. */
    PLATFORM,
    /** A virtual thread: cheap to create, always daemon, normal priority. Good for short or blocking tasks. */
    VIRTUAL
}
