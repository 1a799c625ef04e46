package dev.suitkaise.process.internal;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads of this JVM polling at a time (channel readers watching an empty socket, callers
 * watching a task's future), at most one per available processor: a poller beyond that would only
 * keep a thread with real work (perhaps the one about to answer) off a processor, so it sleeps at
 * once instead. Thread-safe; never blocks.
 */
final class Spinners {

    private static final int MAX = Math.max(1, Runtime.getRuntime().availableProcessors());
    private static final AtomicInteger POLLING = new AtomicInteger();

    private Spinners() {
    }

    /**
     * Takes a polling slot if one is free; a caller that got one must {@link #exit()} when done.
     *
     * @return true if the caller may poll
     */
    static boolean tryEnter() {
        while (true) {
            int now = POLLING.get();
            if (now >= MAX) {
                return false;
            }
            if (POLLING.compareAndSet(now, now + 1)) {
                return true;
            }
        }
    }

    /** Gives a polling slot back. */
    static void exit() {
        POLLING.decrementAndGet();
    }

    /**
     * The threads polling now (for tests).
     *
     * @return the count
     */
    static int polling() {
        return POLLING.get();
    }
}
