package dev.suitkaise.cycle.internal;

import java.time.Duration;

/**
 * Saturating conversions of the durations users give (timeouts, limits, graces, intervals), so that a
 * huge duration such as {@code Duration.ofMillis(Long.MAX_VALUE)} means "practically never" instead of
 * overflowing a nanosecond count. Stateless and thread-safe.
 */
public final class Durations {

    /** The longest duration used as such: longer ones count as this (about 27 years). */
    public static final Duration MOST = Duration.ofDays(10_000);

    private Durations() {
    }

    /**
     * Caps a duration at {@link #MOST} (and a negative one at minus {@link #MOST}).
     *
     * @param d the duration
     * @return the capped duration
     */
    public static Duration cap(Duration d) {
        if (d.compareTo(MOST) > 0) {
            return MOST;
        }
        return d.compareTo(MOST.negated()) < 0 ? MOST.negated() : d;
    }

    /**
     * The duration in nanoseconds, capped as by {@link #cap(Duration)}: about 8.6e17 ns at most, which
     * leaves room to add it to a {@link System#nanoTime()} reading (on HotSpot a count from about the
     * system's boot).
     *
     * @param d the duration
     * @return nanoseconds, at most {@code MOST.toNanos()} in magnitude
     */
    public static long nanos(Duration d) {
        return cap(d).toNanos();
    }
}
