package dev.suitkaise.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * How {@link BenchMain} runs the benchmarks, parsed from its arguments.
 *
 * <p>Quick mode (the default) takes 1 fork, 2 warmup and 5 measurement iterations of 1 s and one
 * thread, about 8 s per benchmark: enough to see each ratio within a few minutes for the whole
 * suite, not enough to quote small differences. Five measured iterations rather than three keep
 * JMH's 99.9% error bars usable (with three, Student's t alone is 31.6). {@code --full} takes
 * 3 forks, 5 warmup and 5 measurement iterations of 2 s. Each setting can also be given on its
 * own, in any order, and wins over the mode.
 *
 * @param include a regular expression that selects benchmarks by their fully qualified name
 *     (JMH's {@code find} semantics: a match anywhere in the name), or empty for all
 * @param full whether the full mode's defaults apply
 * @param forks how many JVMs to fork per benchmark
 * @param warmupIterations warmup iterations per fork
 * @param measurementIterations measured iterations per fork
 * @param iterationTime how long each warmup and measured iteration runs
 * @param threads how many threads run each benchmark
 * @param profilers JMH profilers to add, by name (for example {@code gc}); empty for none
 * @param output where the Markdown table is written
 * @param help whether only the usage should be printed
 */
public record BenchOptions(Optional<String> include, boolean full, int forks, int warmupIterations,
                           int measurementIterations, Duration iterationTime, int threads, List<String> profilers, Path output,
                           boolean help) {

    /** Where the Markdown table goes unless {@code --output} says otherwise, relative to the working directory. */
    public static final Path DEFAULT_OUTPUT = Path.of("target", "benchmark-results.md");

    private static final List<String> VALUE_OPTIONS = List.of("forks", "warmup", "iterations", "time", "threads", "prof", "output");

    /** The usage text printed by {@code --help} and after a bad argument. */
    public static final String USAGE = """
            Usage: BenchMain [REGEX] [--full] [--forks=N] [--warmup=N] [--iterations=N] [--time=DURATION]
                             [--threads=N] [--prof=NAME] [--output=PATH] [--help]

              REGEX           run only benchmarks whose fully qualified name matches (their peers run too)
              --full          3 forks, 5 warmup + 5 measurement iterations of 2 s (default: quick mode,
                              1 fork, 2 warmup + 5 measurement iterations of 1 s)
              --forks=N       JVM forks per benchmark (0 runs in this JVM: for debugging only)
              --warmup=N      warmup iterations per fork
              --iterations=N  measurement iterations per fork
              --time=D        time per iteration: 500ms, 1s, 2s, ... (a bare number means seconds)
              --threads=N     threads per benchmark (default 1)
              --prof=NAME     add a JMH profiler, such as gc or stack (may be repeated)
              --output=PATH   Markdown table (default target/benchmark-results.md)

            Through Maven: ./mvnw -pl sk-bench -am -Pbench -DskipTests verify -Dbench.args="RegistryGet --full"
            """;

    /**
     * Checks the settings.
     *
     * @param include the selection pattern, or empty
     * @param full whether full mode applies
     * @param forks forks, zero or more
     * @param warmupIterations warmup iterations, zero or more
     * @param measurementIterations measured iterations, one or more
     * @param iterationTime time per iteration, positive
     * @param threads threads, one or more
     * @param profilers JMH profiler names
     * @param output the Markdown file
     * @param help whether only the usage is wanted
     */
    public BenchOptions {
        Objects.requireNonNull(include, "include");
        Objects.requireNonNull(iterationTime, "iterationTime");
        Objects.requireNonNull(output, "output");
        profilers = List.copyOf(profilers);
        include.ifPresent(BenchOptions::checkPattern);
        require(forks >= 0, "--forks must be 0 or more, got " + forks);
        require(warmupIterations >= 0, "--warmup must be 0 or more, got " + warmupIterations);
        require(measurementIterations >= 1, "--iterations must be 1 or more, got " + measurementIterations);
        require(!iterationTime.isNegative() && !iterationTime.isZero(), "--time must be positive, got " + iterationTime);
        require(threads >= 1, "--threads must be 1 or more, got " + threads);
    }

    /**
     * The quick-mode defaults, running every benchmark.
     *
     * @return the options
     */
    public static BenchOptions quickMode() {
        return new BenchOptions(Optional.empty(), false, 1, 2, 5, Duration.ofSeconds(1), 1, List.of(), DEFAULT_OUTPUT, false);
    }

    /**
     * The full-mode defaults, running every benchmark.
     *
     * @return the options
     */
    public static BenchOptions fullMode() {
        return new BenchOptions(Optional.empty(), true, 3, 5, 5, Duration.ofSeconds(2), 1, List.of(), DEFAULT_OUTPUT, false);
    }

    /**
     * Parses {@link BenchMain}'s arguments. Blank arguments are ignored (Maven passes an empty
     * {@code bench.args} as nothing or as a blank). {@code --full} picks the full-mode defaults
     * wherever it stands; other settings override the mode's defaults.
     *
     * @param args the arguments
     * @return the options
     * @throws IllegalArgumentException for an unknown option, a bad value or a second pattern
     */
    public static BenchOptions parse(List<String> args) {
        List<String> given = args.stream().filter(a -> a != null && !a.isBlank()).map(String::strip).toList();
        BenchOptions o = given.contains("--full") ? fullMode() : quickMode();
        Optional<String> include = Optional.empty();
        int forks = o.forks;
        int warmup = o.warmupIterations;
        int iterations = o.measurementIterations;
        Duration time = o.iterationTime;
        int threads = o.threads;
        List<String> profilers = new ArrayList<>();
        Path output = o.output;
        boolean help = false;
        for (String arg : given) {
            if (arg.equals("--full")) {
                continue;
            }
            if (arg.equals("--help") || arg.equals("-h")) {
                help = true;
            } else if (arg.startsWith("--")) {
                int eq = arg.indexOf('=');
                if (eq < 0) {
                    throw new IllegalArgumentException(VALUE_OPTIONS.contains(arg.substring(2))
                            ? "Option " + arg + " needs a value, as in " + arg + "=VALUE."
                            : "Unknown option " + arg + ".");
                }
                String name = arg.substring(2, eq);
                String value = arg.substring(eq + 1).strip();
                switch (name) {
                    case "forks" -> forks = integer(arg, value);
                    case "warmup" -> warmup = integer(arg, value);
                    case "iterations" -> iterations = integer(arg, value);
                    case "time" -> time = duration(arg, value);
                    case "threads" -> threads = integer(arg, value);
                    case "prof" -> profilers.add(value);
                    case "output" -> output = Path.of(value);
                    default -> throw new IllegalArgumentException("Unknown option " + arg + ".");
                }
            } else if (include.isPresent()) {
                throw new IllegalArgumentException("Two benchmark patterns given, '" + include.get() + "' and '" + arg
                        + "'; join them into one regular expression: '" + include.get() + "|" + arg + "'.");
            } else {
                include = Optional.of(arg);
            }
        }
        return new BenchOptions(include, o.full, forks, warmup, iterations, time, threads, profilers, output, help);
    }

    /**
     * Describes the run settings in one phrase, for the report.
     *
     * @return for example {@code quick mode: 1 fork, 2 warmup + 5 measurement iterations of 1 s, 1 thread}
     */
    public String describe() {
        return (full ? "full" : "quick") + " mode: " + forks + (forks == 1 ? " fork, " : " forks, ")
                + warmupIterations + " warmup + " + measurementIterations + " measurement iterations of "
                + seconds(iterationTime) + ", " + threads + (threads == 1 ? " thread" : " threads")
                + (profilers.isEmpty() ? "" : ", profilers " + String.join(", ", profilers));
    }

    private static String seconds(Duration d) {
        if (d.toMillis() % 1000 == 0) {
            return d.toSeconds() + " s";
        }
        return d.toMillis() + " ms";
    }

    private static int integer(String arg, String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Option " + arg + " needs a whole number.", e);
        }
    }

    private static Duration duration(String arg, String value) {
        String v = value.toLowerCase(Locale.ROOT);
        try {
            if (v.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2).strip()));
            }
            if (v.endsWith("s")) {
                return Duration.ofSeconds(Long.parseLong(v.substring(0, v.length() - 1).strip()));
            }
            return Duration.ofSeconds(Long.parseLong(v));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Option " + arg + " needs a duration such as 500ms, 1s or 2.", e);
        }
    }

    private static void checkPattern(String regex) {
        try {
            Pattern.compile(regex);
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("Benchmark pattern '" + regex + "' is not a valid regular expression: "
                    + e.getDescription() + ".", e);
        }
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message + ".");
        }
    }
}
