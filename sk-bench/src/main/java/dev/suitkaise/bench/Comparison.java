package dev.suitkaise.bench;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * One row of the report: a benchmark beside its peer, the ratio of their times and the verdict
 * on the benchmark's goal.
 *
 * @param subject the benchmark's result
 * @param spec what the benchmark declares (peer and goal), or empty for a benchmark without a peer
 * @param peer the peer's result, or empty if the benchmark has no peer or the peer was not run
 * @param ratio the subject's time per operation divided by the peer's (lower is better), or NaN
 *     when there is no peer result or the units cannot be compared
 * @param ratioError the ratio's error, carried over from both scores' relative errors, or NaN
 * @param verdict the verdict on the goal
 */
public record Comparison(Measurement subject, Optional<PeerSpec> spec, Optional<Measurement> peer,
                         double ratio, double ratioError, Verdict verdict) {

    /**
     * Checks that no part is missing.
     *
     * @param subject the benchmark's result
     * @param spec the declaration, or empty
     * @param peer the peer's result, or empty
     * @param ratio the ratio, or NaN
     * @param ratioError the ratio's error, or NaN
     * @param verdict the verdict
     */
    public Comparison {
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(peer, "peer");
        Objects.requireNonNull(verdict, "verdict");
    }

    /** What the measurement says about a benchmark's goal. */
    public enum Verdict {
        /** The ratio is at most the goal's maximum. */
        MET("met"),
        /** The ratio is above the goal's maximum. */
        MISSED("missed"),
        /** The benchmark has a peer but no goal: the ratio is shown for information. */
        NO_GOAL("no goal"),
        /** The benchmark declares no peer. */
        NO_PEER("no peer"),
        /** The peer was not among the results (it failed, or was excluded). */
        PEER_NOT_RUN("peer not run"),
        /** The two scores are in units that cannot be converted to time per operation. */
        UNITS_DIFFER("units not comparable");

        private final String text;

        Verdict(String text) {
            this.text = text;
        }

        /**
         * The verdict as the report writes it.
         *
         * @return a short lower-case phrase
         */
        public String text() {
            return text;
        }
    }

    /**
     * The goal's largest acceptable ratio.
     *
     * @return the ratio, or empty if the benchmark has no goal
     */
    public OptionalDouble maxRatio() {
        return spec.map(PeerSpec::maxRatio).orElse(OptionalDouble.empty());
    }

    /**
     * Whether the ratio's confidence interval contains the goal, so that the verdict could go the
     * other way on another run.
     *
     * @return true if there is a goal, a ratio error, and {@code ratio - error <= max <= ratio + error}
     */
    public boolean intervalSpansGoal() {
        OptionalDouble max = maxRatio();
        if (max.isEmpty() || Double.isNaN(ratio) || Double.isNaN(ratioError)) {
            return false;
        }
        double m = max.getAsDouble();
        return ratio - ratioError <= m && m <= ratio + ratioError;
    }

    /**
     * The verdict as written in the report, with a warning when the interval spans the goal.
     *
     * @return for example {@code met}, {@code missed} or {@code met (interval spans goal)}
     */
    public String verdictText() {
        return verdict.text() + (intervalSpansGoal() ? " (interval spans goal)" : "");
    }
}
