package dev.suitkaise.process.internal;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

/**
 * The threads of this JVM polling at a time (channel readers watching an empty socket, callers
 * watching a task's future), at most one per available processor: a poller beyond that would only
 * keep a thread with real work (perhaps the one about to answer) off a processor, so it sleeps at
 * once instead. Every poller of Suitkaise goes through here: the channels' readers, callers
 * waiting for a task ({@link TaskFuture}) and the cycle
 * engine of sk-cycle waiting for a child part's answer (through
 * {@code SKProcessManager.watchBriefly}). Thread-safe; never blocks.
 */
public final class Spinners {

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

    /**
     * Watches a condition for at most {@code window} nanoseconds, yielding the processor between
     * looks, if a polling slot is free: the way a thread waits for an answer that usually comes
     * within the window before it goes to sleep. Returns as soon as the condition holds, the
     * window has passed or the calling thread is interrupted (its interrupt status is left set);
     * at once if the window is not positive, the condition already holds or no slot is free.
     *
     * @param window the longest watch, in nanoseconds
     * @param done the condition; called from the watching thread only
     * @return how long it watched, in nanoseconds
     */
    public static long watch(long window, BooleanSupplier done) {
        if (window <= 0 || done.getAsBoolean() || !tryEnter()) {
            return 0;
        }
        try {
            long start = System.nanoTime();
            long watched;
            do {
                Thread.yield();
                watched = System.nanoTime() - start;
            } while (!done.getAsBoolean() && watched < window && !Thread.currentThread().isInterrupted());
            return watched;
        } finally {
            exit();
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
