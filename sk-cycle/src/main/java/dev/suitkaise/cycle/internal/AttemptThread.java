package dev.suitkaise.cycle.internal;

/**
 * The thread running one attempt of a part, so that the attempt can be interrupted safely
 * whether the request comes before it starts (it then does not start), while it runs (its thread
 * is interrupted), or after it ended (nothing happens). Thread-safe: every method holds this
 * object's monitor, which subclasses share for their own state.
 */
class AttemptThread {

    private Thread thread;
    private boolean started;
    private boolean interruptRequested;

    /**
     * Records the thread that begins the attempt.
     *
     * @param t the running thread
     * @return false if an interrupt was requested before: the attempt must not run
     */
    synchronized boolean begin(Thread t) {
        started = true;
        thread = t;
        return !interruptRequested;
    }

    /** Records that the attempt's thread has left it: later interrupts no longer reach that thread. */
    synchronized void end() {
        thread = null;
    }

    /**
     * Whether the attempt has begun.
     *
     * @return true once {@link #begin} was called
     */
    synchronized boolean started() {
        return started;
    }

    /**
     * Whether an interrupt was requested.
     *
     * @return true once {@link #interruptThread} was called
     */
    synchronized boolean interruptRequested() {
        return interruptRequested;
    }

    /**
     * Keeps an attempt that has not begun from ever beginning, atomically with {@link #begin}.
     *
     * @return true if the attempt had not begun (it never will now); false if it has begun
     */
    synchronized boolean cancelIfNotStarted() {
        if (started) {
            return false;
        }
        interruptRequested = true;
        return true;
    }

    /** Requests the interrupt: interrupts the attempt's thread if it runs, or keeps it from starting. */
    synchronized void interruptThread() {
        interruptRequested = true;
        if (thread != null) {
            thread.interrupt();
        }
    }
}
