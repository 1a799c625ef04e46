package dev.suitkaise.cycle;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * One part's record in a {@link CycleRun}. Immutable.
 *
 * @param name the part's name
 * @param address the part's slot
 * @param where where it ran
 * @param outcome how it ended
 * @param attempts how many attempts started (0 if it never ran)
 * @param start when its first attempt started, null if it never ran
 * @param end when it ended, null if it never ran
 * @param output its output (the function's value, the fallback value, or under propagate the
 *        exception), null if none
 * @param error the last failure (exception, rejected output, timeout, cancellation), null if none
 * @param abandoned true if it was interrupted and did not stop within the grace, and runs on unobserved
 */
public record PartResult(String name, SlotAddress address, Where where, PartOutcome outcome, int attempts,
                         Instant start, Instant end, Object output, Throwable error, boolean abandoned) {

    /**
     * Checks the required values.
     *
     * @param name the part's name
     * @param address the part's slot
     * @param where where it ran
     * @param outcome how it ended
     * @param attempts how many attempts started
     * @param start when it started, or null
     * @param end when it ended, or null
     * @param output its output, or null
     * @param error the last failure, or null
     * @param abandoned whether it was abandoned
     */
    public PartResult {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(where, "where");
        Objects.requireNonNull(outcome, "outcome");
    }

    /**
     * Returns how long the part took from its first attempt to its end.
     *
     * @return the duration, zero if it never ran
     */
    public Duration duration() {
        return start == null || end == null ? Duration.ZERO : Duration.between(start, end);
    }
}
