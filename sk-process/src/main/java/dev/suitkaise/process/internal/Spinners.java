package dev.suitkaise.process.internal;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.TimeUnit;
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

    private static final Logger LOG = LoggerFactory.getLogger(Spinners.class);

    /** The system property that sets the spin window in microseconds ({@code 0}: never poll). */
    public static final String SPIN_PROPERTY = "suitkaise.process.spinMicros";

    /** The spin window when {@value #SPIN_PROPERTY} is not set. */
    static final long DEFAULT_SPIN_MICROS = 50;

    /** The largest spin window accepted: a second. */
    static final long MAX_SPIN_MICROS = 1_000_000;

    /**
     * The spin window of this JVM, in nanoseconds: the longest {@link #watch(BooleanSupplier)}, and
     * the window of channels made with the public {@link Channel} constructor.
     */
    public static final long SPIN_NANOS = spinNanos(System.getProperty(SPIN_PROPERTY), Runtime.getRuntime().availableProcessors());

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
     * Watches a condition for at most the spin window ({@link #SPIN_NANOS}), yielding the
     * processor between looks, if a polling slot is free: the way a thread waits for an answer
     * that usually comes within the window before it goes to sleep. Returns as soon as the
     * condition holds, the window has passed or the calling thread is interrupted (its interrupt
     * status is left set); at once if the window is 0, the condition already holds or no slot is
     * free.
     *
     * @param done the condition; called from the watching thread only
     * @return how long it watched, in nanoseconds
     */
    public static long watch(BooleanSupplier done) {
        return watch(Long.MAX_VALUE, done);
    }

    /**
     * Watches a condition as {@link #watch(BooleanSupplier)} does, but for at most {@code limit}
     * nanoseconds when that is shorter than the spin window; at once if it is not positive.
     *
     * @param limit the longest watch, in nanoseconds
     * @param done the condition; called from the watching thread only
     * @return how long it watched, in nanoseconds
     */
    public static long watch(long limit, BooleanSupplier done) {
        long window = Math.min(limit, SPIN_NANOS);
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
     * The spin window given by the value of {@value #SPIN_PROPERTY}, in nanoseconds.
     *
     * @param value the property's value, or null if unset
     * @param processors the JVM's available processors
     * @return the window; 0 with one processor, or (logged) for a value that is not a whole number
     *     of microseconds from 0 to {@value #MAX_SPIN_MICROS}
     */
    static long spinNanos(String value, int processors) {
        if (processors < 2) {
            return 0; // polling on the only processor would only delay the thread that answers
        }
        if (value == null || value.isBlank()) {
            return TimeUnit.MICROSECONDS.toNanos(DEFAULT_SPIN_MICROS);
        }
        try {
            long micros = Long.parseLong(value.strip());
            if (micros >= 0 && micros <= MAX_SPIN_MICROS) {
                return TimeUnit.MICROSECONDS.toNanos(micros);
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        LOG.warn("System property {}={} is not a whole number of microseconds from 0 to {}; channels do not poll."
                + " Set it to 0 to turn polling off or to a window such as {}.", SPIN_PROPERTY, value, MAX_SPIN_MICROS,
                DEFAULT_SPIN_MICROS);
        return 0;
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
