package dev.suitkaise.process;

import java.time.Duration;
import java.util.Objects;

/**
 * Whether a crashed child is brought back. A restart launches a new JVM under the same
 * {@link SKProcess} handle (with a new pid), runs the init functions again, then sends it the
 * tasks submitted in the meantime; tasks that were pending in the dead JVM have already failed
 * with {@link SKProcessCrashedException}. Restart {@code n} waits {@code backoff * 2^(n-1)}, at most
 * {@code maxBackoff}. A child that was stopped or killed through its handle is never restarted.
 *
 * @param maxRestarts how many restarts in the handle's lifetime; 0 means never
 * @param backoff the wait before the first restart
 * @param maxBackoff the longest wait between restarts
 */
public record RestartPolicy(int maxRestarts, Duration backoff, Duration maxBackoff) {

    /**
     * Creates a policy.
     *
     * @param maxRestarts how many restarts; not negative
     * @param backoff the first wait; not negative
     * @param maxBackoff the longest wait; not shorter than {@code backoff}
     */
    public RestartPolicy {
        if (maxRestarts < 0) {
            throw new IllegalArgumentException("maxRestarts must not be negative, was " + maxRestarts);
        }
        Objects.requireNonNull(backoff, "backoff");
        Objects.requireNonNull(maxBackoff, "maxBackoff");
        if (backoff.isNegative() || maxBackoff.compareTo(backoff) < 0) {
            throw new IllegalArgumentException("Restart backoff must be >= 0 and maxBackoff >= backoff, was " + backoff + " and " + maxBackoff);
        }
    }

    /**
     * Never restart: a crash is final.
     *
     * @return the policy
     */
    public static RestartPolicy never() {
        return new RestartPolicy(0, Duration.ZERO, Duration.ZERO);
    }

    /**
     * Restart after a crash, up to {@code maxRestarts} times, waiting {@code backoff} before the
     * first restart and twice as long before each next one, at most 30 seconds.
     *
     * @param maxRestarts how many restarts in the handle's lifetime; positive
     * @param backoff the wait before the first restart
     * @return the policy
     */
    public static RestartPolicy onCrash(int maxRestarts, Duration backoff) {
        Objects.requireNonNull(backoff, "onCrash: backoff is null; pass Duration.ZERO to restart at once");
        Duration cap = Duration.ofSeconds(30);
        return new RestartPolicy(maxRestarts, backoff, backoff.compareTo(cap) > 0 ? backoff : cap);
    }

    /**
     * The wait before restart {@code n}.
     *
     * @param n the restart's number, from 1
     * @return the wait
     */
    public Duration delayBefore(int n) {
        Duration d = backoff;
        for (int i = 1; i < n && d.compareTo(maxBackoff) < 0; i++) {
            d = d.multipliedBy(2);
        }
        return d.compareTo(maxBackoff) > 0 ? maxBackoff : d;
    }
}
