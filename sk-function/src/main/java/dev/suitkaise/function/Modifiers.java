package dev.suitkaise.function;

import java.io.Serial;
import java.io.Serializable;
import java.time.Duration;
import java.util.Objects;

/**
 * The modifiers of a function, as one value: however they were added, they always apply in this
 * order, from the outside in:
 * <ol>
 *   <li><b>background</b>: the whole call runs on a virtual thread and {@code execute} returns a
 *       {@link java.util.concurrent.CompletableFuture} at once;</li>
 *   <li>metrics (when on) record the call, all attempts included;</li>
 *   <li><b>retry</b>: up to {@code retries} more attempts after a failed one, waiting
 *       {@code backoff}, then twice as long, and so on between attempts (any {@code int} number
 *       of retries is honoured, and a wait too long to count in nanoseconds, over about 292 years,
 *       is cut to that);</li>
 *   <li><b>rate limit</b>: each attempt waits for a permit, at most {@code ratePerSecond} attempts
 *       start per second (per function instance, shared by all threads calling it);</li>
 *   <li><b>timeout</b>: each attempt runs on its own virtual thread and is interrupted and failed
 *       with {@link SKFunctionTimeoutException} when it runs longer than {@code timeout}; a timeout
 *       too long to count in nanoseconds (over about 292 years, such as
 *       {@code ChronoUnit.FOREVER.getDuration()}) means no limit: each attempt still runs on its own
 *       virtual thread, and is never timed out;</li>
 *   <li>the body.</li>
 * </ol>
 * So {@code f.timeout(t).retry(3, b)} and {@code f.retry(3, b).timeout(t)} are the same function:
 * a timed-out attempt is retried, and every attempt is rate limited.
 *
 * @param retries extra attempts after the first failure (0: no retry)
 * @param backoff the wait before the first retry, doubled before each further retry
 * @param timeout the per-attempt limit, or null for none (a limit over about 292 years is no limit)
 * @param ratePerSecond the most attempts started per second, or 0 for no limit
 * @param background whether {@code execute} runs the call in the background and returns a future
 */
public record Modifiers(int retries, Duration backoff, Duration timeout, double ratePerSecond, boolean background)
        implements Serializable {

    @Serial
    private static final long serialVersionUID = 1L;

    /** No modifiers. */
    public static final Modifiers NONE = new Modifiers(0, Duration.ZERO, null, 0, false);

    /**
     * Checks the components.
     *
     * @param retries extra attempts, not negative
     * @param backoff the first wait, not negative
     * @param timeout positive or null
     * @param ratePerSecond not negative and finite
     * @param background whether to run in the background
     */
    public Modifiers {
        if (retries < 0) {
            throw new IllegalArgumentException("retries must be 0 or more, not " + retries);
        }
        Objects.requireNonNull(backoff, "backoff");
        if (backoff.isNegative()) {
            throw new IllegalArgumentException("backoff must not be negative, not " + backoff);
        }
        if (timeout != null && (timeout.isNegative() || timeout.isZero())) {
            throw new IllegalArgumentException("timeout must be positive, not " + timeout);
        }
        if (!(ratePerSecond >= 0) || Double.isInfinite(ratePerSecond)) {
            throw new IllegalArgumentException("ratePerSecond must be a finite number of 0 or more, not " + ratePerSecond);
        }
    }

    /**
     * Whether no modifier is set.
     *
     * @return true for {@link #NONE}
     */
    public boolean isNone() {
        return retries == 0 && timeout == null && ratePerSecond == 0 && !background;
    }

    /**
     * A copy with retries.
     *
     * @param times extra attempts after a failure
     * @param firstBackoff the first wait, doubled before each further retry
     * @return the copy
     */
    public Modifiers withRetry(int times, Duration firstBackoff) {
        Objects.requireNonNull(firstBackoff, "withRetry: firstBackoff is null; pass Duration.ZERO to retry at once");
        return new Modifiers(times, firstBackoff, timeout, ratePerSecond, background);
    }

    /**
     * A copy with a per-attempt timeout.
     *
     * @param limit the limit
     * @return the copy
     */
    public Modifiers withTimeout(Duration limit) {
        return new Modifiers(retries, backoff, Objects.requireNonNull(limit, "withTimeout: limit is null"), ratePerSecond, background);
    }

    /**
     * A copy with a rate limit.
     *
     * @param perSecond attempts per second, positive
     * @return the copy
     */
    public Modifiers withRateLimit(double perSecond) {
        if (!(perSecond > 0)) {
            throw new IllegalArgumentException("rateLimit must be positive, not " + perSecond);
        }
        return new Modifiers(retries, backoff, timeout, perSecond, background);
    }

    /**
     * A copy that runs in the background.
     *
     * @return the copy
     */
    public Modifiers withBackground() {
        return new Modifiers(retries, backoff, timeout, ratePerSecond, true);
    }
}
