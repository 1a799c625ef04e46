package dev.suitkaise.cycle;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;

/**
 * The record of one run of a cycle: its status and every part's outcome, attempts, timing and
 * output, in level then position order. Immutable.
 *
 * @param cycleName the cycle's name
 * @param iteration the run's number, from 1
 * @param status the verdict
 * @param start when the run started
 * @param end when the run ended
 * @param parts every part's record, in level then position order
 */
public record CycleRun(String cycleName, long iteration, RunStatus status, Instant start, Instant end,
                       List<PartResult> parts) {

    /**
     * Copies the list and checks the values.
     *
     * @param cycleName the cycle's name
     * @param iteration the run's number
     * @param status the verdict
     * @param start when the run started
     * @param end when the run ended
     * @param parts every part's record
     */
    public CycleRun {
        Objects.requireNonNull(cycleName, "cycleName");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(end, "end");
        parts = List.copyOf(Objects.requireNonNull(parts, "CycleRun: parts is null"));
    }

    /**
     * Returns how long the run took.
     *
     * @return the duration
     */
    public Duration duration() {
        return Duration.between(start, end);
    }

    /**
     * Returns a part's record.
     *
     * @param name the part's name
     * @return the record
     * @throws NoSuchElementException if the cycle has no such part
     */
    public PartResult part(String name) {
        Objects.requireNonNull(name, "part: name is null");
        return parts.stream().filter(p -> p.name().equals(name)).findFirst()
                .orElseThrow(() -> new NoSuchElementException("cycle '" + cycleName + "' has no part '" + name
                        + "'; its parts are " + parts.stream().map(PartResult::name).toList()));
    }

    /**
     * Returns the output of a part, cast to the given type.
     *
     * @param name the part's name
     * @param type the expected type
     * @param <T> the type
     * @return the output, null if none
     * @throws ClassCastException if the output has another type
     * @throws NoSuchElementException if the cycle has no such part
     */
    public <T> T output(String name, Class<T> type) {
        Objects.requireNonNull(name, "output: name is null");
        Objects.requireNonNull(type, "output: type is null; pass Object.class to take the output as it is");
        return type.cast(part(name).output());
    }

    /**
     * Renders the run as a readable table: one row per part with its slot, name, placement, outcome,
     * attempts, duration, output and error.
     *
     * @return the table
     */
    public String report() {
        StringBuilder sb = new StringBuilder();
        sb.append("cycle ").append(cycleName).append(" run ").append(iteration).append(": ").append(status)
                .append(" in ").append(duration().toMillis()).append(" ms\n");
        String fmt = "%-6s %-20s %-32s %-10s %8s %10s  %-24s %s%n";
        sb.append(String.format(fmt, "slot", "part", "where", "outcome", "attempts", "ms", "output", "error"));
        for (PartResult p : parts) {
            sb.append(String.format(fmt, p.address(), cut(p.name(), 20), cut(p.where().toString(), 32), p.outcome(),
                    p.attempts(), p.duration().toMillis(), cut(String.valueOf(p.output()), 24),
                    p.error() == null ? "" : p.error() + (p.abandoned() ? " (abandoned)" : "")));
        }
        return sb.toString();
    }

    private static String cut(String s, int n) {
        return s.length() <= n ? s : s.substring(0, n - 1) + "~";
    }
}
