package dev.suitkaise.cycle;

import dev.suitkaise.cycle.internal.Durations;

import java.time.Duration;
import java.util.Objects;

/**
 * How a part's failure (an exception, a rejected output or a timeout) is treated. A closed set of
 * immutable values; the default of a part is {@link #cleanFail()}.
 *
 * <table>
 * <caption>Error modes</caption>
 * <tr><th>mode</th><th>part outcome</th><th>dependents</th><th>run in error</th></tr>
 * <tr><td>instant fail</td><td>FAILED / TIMED_OUT</td><td>not run; running parts cancelled</td><td>yes</td></tr>
 * <tr><td>clean fail</td><td>FAILED / TIMED_OUT</td><td>not run; independent parts finish</td><td>yes</td></tr>
 * <tr><td>skip</td><td>SKIPPED</td><td>not run</td><td>no</td></tr>
 * <tr><td>retry</td><td colspan="3">runs again while attempts and the part's timeout allow, then its final mode</td></tr>
 * <tr><td>fallback fail</td><td>FALLBACK, output the value</td><td>run</td><td>yes</td></tr>
 * <tr><td>fallback skip</td><td>FALLBACK, output the value</td><td>run</td><td>no</td></tr>
 * <tr><td>propagate</td><td>FAILED / TIMED_OUT, output the exception</td><td>run</td><td>yes</td></tr>
 * </table>
 *
 * <p>"Dependents" are the part's subtree and every part that is sequenced after it or piped from it.
 */
public sealed interface ErrorMode
        permits ErrorMode.InstantFail, ErrorMode.CleanFail, ErrorMode.Skip, ErrorMode.Retry,
                ErrorMode.FallbackFail, ErrorMode.FallbackSkip, ErrorMode.Propagate {

    /**
     * Stops the whole run: running parts are interrupted and end CANCELLED, waiting ones do not run.
     *
     * @return the mode
     */
    static ErrorMode instantFail() {
        return new InstantFail();
    }

    /**
     * Dependents do not run, independent parts finish, the run is in error.
     *
     * @return the mode
     */
    static ErrorMode cleanFail() {
        return new CleanFail();
    }

    /**
     * Dependents do not run, the run is not in error.
     *
     * @return the mode
     */
    static ErrorMode skip() {
        return new Skip();
    }

    /**
     * Runs the part again, at most {@code maxAttempts} attempts in all, while the part's timeout
     * leaves time for another attempt (at least as long as the longest attempt so far); then applies
     * {@code then}.
     *
     * @param maxAttempts the most attempts, at least 1
     * @param then the final mode (not a retry)
     * @return the mode
     */
    static ErrorMode retry(int maxAttempts, ErrorMode then) {
        return new Retry(maxAttempts, Duration.ZERO, then);
    }

    /**
     * Like {@link #retry(int, ErrorMode)}, waiting between attempts: {@code backoff} before the second
     * attempt, twice that before the third, four times before the fourth, and so on (exponential
     * backoff). A retry happens only while the part's timeout leaves time for the wait and another
     * attempt (at least as long as the longest attempt so far). No thread waits: the cycle's
     * coordinator starts the attempt when the wait is over.
     *
     * @param maxAttempts the most attempts, at least 1
     * @param backoff the wait before the second attempt, zero or positive
     * @param then the final mode (not a retry)
     * @return the mode
     */
    static ErrorMode retry(int maxAttempts, Duration backoff, ErrorMode then) {
        return new Retry(maxAttempts, backoff, then);
    }

    /**
     * The value becomes the part's output, dependents run, the run is in error.
     *
     * @param value the fallback output (may be null)
     * @return the mode
     */
    static ErrorMode fallbackFail(Object value) {
        return new FallbackFail(value);
    }

    /**
     * The value becomes the part's output, dependents run, the run is not in error.
     *
     * @param value the fallback output (may be null)
     * @return the mode
     */
    static ErrorMode fallbackSkip(Object value) {
        return new FallbackSkip(value);
    }

    /**
     * The exception becomes the part's output, dependents run, the run is in error.
     *
     * @return the mode
     */
    static ErrorMode propagate() {
        return new Propagate();
    }

    /** Stop everything. */
    record InstantFail() implements ErrorMode {
    }

    /** Fail the part and its dependents only. */
    record CleanFail() implements ErrorMode {
    }

    /** Skip the part and its dependents. */
    record Skip() implements ErrorMode {
    }

    /**
     * Try again, then apply a final mode.
     *
     * @param maxAttempts the most attempts in all, at least 1
     * @param backoff the wait before the second attempt, doubled before each further one; zero for none
     * @param then the final mode, not a retry
     */
    record Retry(int maxAttempts, Duration backoff, ErrorMode then) implements ErrorMode {
        /**
         * Checks the values.
         *
         * @param maxAttempts the most attempts in all, at least 1
         * @param backoff the wait before the second attempt, zero or positive
         * @param then the final mode, not a retry
         */
        public Retry {
            if (maxAttempts < 1) {
                throw new IllegalArgumentException("retry needs maxAttempts >= 1, got " + maxAttempts);
            }
            Objects.requireNonNull(backoff, "retry: backoff is null; pass Duration.ZERO to retry at once");
            Objects.requireNonNull(then, "retry: then is null; pass the mode that applies once the attempts run out,"
                    + " such as ErrorMode.instantFail()");
            if (backoff.isNegative()) {
                throw new IllegalArgumentException("retry needs a backoff of zero or more, got " + backoff);
            }
            if (then instanceof Retry) {
                throw new IllegalArgumentException("retry needs a final mode that is not a retry, got " + then);
            }
        }

        /**
         * The wait before a given attempt.
         *
         * @param attempt the attempt about to start, 2 or more
         * @return {@code backoff} times 2 to the power {@code attempt - 2}, at most 10,000 days
         */
        public Duration waitBefore(int attempt) {
            if (backoff.isZero() || attempt < 2) {
                return Duration.ZERO;
            }
            Duration most = Durations.MOST; // the cap of every duration of a cycle; keeps nanoseconds in a long
            int shift = Math.min(attempt - 2, 30);
            if (backoff.compareTo(most.dividedBy(1L << shift)) > 0) {
                return most;
            }
            return backoff.multipliedBy(1L << shift);
        }
    }

    /**
     * Use a fallback output; the run is in error.
     *
     * @param value the fallback output, may be null
     */
    record FallbackFail(Object value) implements ErrorMode {
    }

    /**
     * Use a fallback output; the run is not in error.
     *
     * @param value the fallback output, may be null
     */
    record FallbackSkip(Object value) implements ErrorMode {
    }

    /** Pass the exception on as the part's output. */
    record Propagate() implements ErrorMode {
    }
}
