package dev.suitkaise.function;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A snapshot of one function's call statistics. A call is one {@code execute}/{@code call},
 * including all its retries; a failure is a call that threw. Times are wall-clock durations of
 * calls measured with {@link System#nanoTime()}; percentiles come from a logarithmic histogram and
 * are accurate to about 12%.
 *
 * @param calls calls finished (successfully or not)
 * @param failures calls that threw
 * @param lastCall when the last call started, empty if there was none
 * @param meanNanos mean execution time, 0 without calls
 * @param p50Nanos median execution time (approximate)
 * @param p90Nanos 90th percentile (approximate)
 * @param p99Nanos 99th percentile (approximate)
 * @param maxNanos longest execution time
 */
public record FunctionMetrics(long calls, long failures, Optional<Instant> lastCall, double meanNanos,
                              long p50Nanos, long p90Nanos, long p99Nanos, long maxNanos) {

    /** The metrics of a function that has not been called or records no metrics. */
    public static final FunctionMetrics EMPTY = new FunctionMetrics(0, 0, Optional.empty(), 0, 0, 0, 0, 0);

    /**
     * Creates a snapshot.
     *
     * @param calls calls finished
     * @param failures calls that threw
     * @param lastCall when the last call started, empty if there was none
     * @param meanNanos mean execution time
     * @param p50Nanos median execution time
     * @param p90Nanos 90th percentile
     * @param p99Nanos 99th percentile
     * @param maxNanos longest execution time
     */
    public FunctionMetrics {
        Objects.requireNonNull(lastCall, "FunctionMetrics: lastCall is null; pass Optional.empty() when there was no call");
    }
}
