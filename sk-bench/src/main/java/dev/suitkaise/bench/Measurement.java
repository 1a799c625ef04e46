package dev.suitkaise.bench;

import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.StringJoiner;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import static java.util.Collections.unmodifiableSortedMap;

/**
 * One benchmark result as the report needs it: which benchmark, with which {@code @Param}
 * values, its score, the score's error and the unit. {@link BenchMain} makes these from JMH's
 * results; tests make them by hand.
 *
 * @param benchmark the fully qualified benchmark name, {@code package.Class.method}
 * @param params the benchmark's {@code @Param} values by name (empty if it has none)
 * @param score the primary score
 * @param error the half-width of the score's confidence interval as JMH reports it (99.9% by
 *     default), or {@link Double#NaN} when there were too few iterations to give one
 * @param unit the score unit as JMH writes it, for example {@code ns/op} or {@code ops/us}
 */
public record Measurement(String benchmark, SortedMap<String, String> params, double score, double error, String unit) {

    /**
     * Validates and copies the parameters.
     *
     * @param benchmark the fully qualified benchmark name, {@code package.Class.method}
     * @param params the {@code @Param} values by name
     * @param score the primary score
     * @param error the score error, or NaN
     * @param unit the score unit
     */
    public Measurement {
        Objects.requireNonNull(benchmark, "benchmark");
        if (benchmark.lastIndexOf('.') <= 0) {
            throw new IllegalArgumentException("Benchmark name '" + benchmark
                    + "' is not of the form package.Class.method, as JMH names benchmarks.");
        }
        params = unmodifiableSortedMap(new TreeMap<>(Objects.requireNonNull(params, "params")));
        Objects.requireNonNull(unit, "unit");
    }

    /**
     * A result without {@code @Param}s.
     *
     * @param benchmark the fully qualified benchmark name, {@code package.Class.method}
     * @param score the primary score
     * @param error the score error, or NaN
     * @param unit the score unit
     * @return the measurement
     */
    public static Measurement of(String benchmark, double score, double error, String unit) {
        return new Measurement(benchmark, new TreeMap<>(), score, error, unit);
    }

    /**
     * The result with the given {@code @Param} values.
     *
     * @param values the parameter values by name
     * @return a copy with those parameters
     */
    public Measurement withParams(Map<String, String> values) {
        return new Measurement(benchmark, new TreeMap<>(values), score, error, unit);
    }

    /**
     * The fully qualified name of the benchmark class.
     *
     * @return {@code package.Class}
     */
    public String className() {
        return benchmark.substring(0, benchmark.lastIndexOf('.'));
    }

    /**
     * The benchmark method's name.
     *
     * @return {@code method}
     */
    public String methodName() {
        return benchmark.substring(benchmark.lastIndexOf('.') + 1);
    }

    /**
     * A short name for tables: the simple class name, the method and any parameters.
     *
     * @return {@code Class.method} or {@code Class.method[k=v, ...]}
     */
    public String displayName() {
        String cls = className();
        return cls.substring(cls.lastIndexOf('.') + 1) + "." + methodName() + paramSuffix();
    }

    /**
     * The parameters as a suffix for names.
     *
     * @return {@code [k=v, ...]}, or empty when there are none
     */
    String paramSuffix() {
        if (params.isEmpty()) {
            return "";
        }
        StringJoiner joiner = new StringJoiner(", ", "[", "]");
        params.forEach((k, v) -> joiner.add(k + "=" + v));
        return joiner.toString();
    }

    /**
     * The score as nanoseconds per operation, so that results in different units compare:
     * time-per-operation units ({@code ns/op}, {@code us/op}, ...) are converted, throughput
     * units ({@code ops/ns}, {@code ops/s}, ...) are inverted.
     *
     * @return nanoseconds per operation, or NaN if the unit is not a time or throughput unit
     */
    public double nanosPerOp() {
        String u = unit.strip();
        if (u.endsWith("/op")) {
            double nanos = nanosIn(u.substring(0, u.length() - "/op".length()));
            return score * nanos;
        }
        if (u.startsWith("ops/")) {
            double nanos = nanosIn(u.substring("ops/".length()));
            return nanos / score;
        }
        return Double.NaN;
    }

    /**
     * The error relative to the score.
     *
     * @return error / score, or NaN if there is no error estimate
     */
    public double relativeError() {
        return error / score;
    }

    private static double nanosIn(String shortUnit) {
        TimeUnit unit = switch (shortUnit.toLowerCase(Locale.ROOT)) {
            case "ns" -> TimeUnit.NANOSECONDS;
            case "us", "\u00b5s" -> TimeUnit.MICROSECONDS;
            case "ms" -> TimeUnit.MILLISECONDS;
            case "s" -> TimeUnit.SECONDS;
            case "min" -> TimeUnit.MINUTES;
            case "hr" -> TimeUnit.HOURS;
            case "day" -> TimeUnit.DAYS;
            default -> null;
        };
        return unit == null ? Double.NaN : unit.toNanos(1);
    }
}
