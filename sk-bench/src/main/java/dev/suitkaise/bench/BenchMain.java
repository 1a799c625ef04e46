package dev.suitkaise.bench;

import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.BenchmarkList;
import org.openjdk.jmh.runner.BenchmarkListEntry;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.format.OutputFormatFactory;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Runs the Suitkaise benchmarks with JMH and prints each one beside its {@linkplain Peer peer},
 * with the ratio of their times and the verdict on its {@linkplain Goal goal}.
 *
 * <p>Run it through Maven, which builds everything first and uses the JDK that runs Maven:
 * <pre>{@code ./mvnw -pl sk-bench -am -Pbench -DskipTests verify}</pre>
 * Arguments (see {@link BenchOptions#USAGE}) go in {@code -Dbench.args="..."}. The table is
 * printed and written as Markdown to {@code target/benchmark-results.md}; JMH's own results go
 * to {@code target/benchmark-results.json}.
 *
 * <p>Benchmarks run in forked JVMs started with
 * {@code -Dsuitkaise.domain.internal=<this module's classes>}, so that they may open
 * {@code INTERNAL} registries the way Suitkaise's own code does.
 *
 * <p>Exit status: 0 after a complete run (missed goals are reported, not fatal), 1 if a
 * benchmark failed, 2 for bad arguments, bad {@code @Peer}/{@code @Goal} declarations or an
 * empty selection.
 */
public final class BenchMain {

    /** The system property that adds code locations to the INTERNAL domain's roots. */
    static final String INTERNAL_ROOTS_PROPERTY = "suitkaise.domain.internal";

    private BenchMain() {
    }

    /**
     * Runs the selected benchmarks and prints the report.
     *
     * @param args see {@link BenchOptions#USAGE}
     */
    public static void main(String[] args) {
        long started = System.nanoTime();
        BenchOptions options;
        try {
            options = BenchOptions.parse(Arrays.asList(args));
        } catch (IllegalArgumentException e) {
            System.out.println("sk-bench: " + e.getMessage());
            System.out.println(BenchOptions.USAGE);
            System.exit(2);
            return;
        }
        if (options.help()) {
            System.out.println(BenchOptions.USAGE);
            return;
        }
        System.exit(run(options, started));
    }

    private static int run(BenchOptions options, long started) {
        String internalRoots = internalRoots();
        // For --forks=0 the benchmarks run in this JVM: set the roots before sk-reg reads them.
        System.setProperty(INTERNAL_ROOTS_PROPERTY, internalRoots);

        SortedSet<String> selected;
        try {
            selected = select(options.include().orElse(".*"));
        } catch (IllegalArgumentException e) {
            System.out.println("sk-bench: " + e.getMessage());
            return 2;
        }
        if (selected.isEmpty()) {
            System.out.println("sk-bench: no benchmark matches '" + options.include().orElse(".*")
                    + "'. Benchmark names are package.Class.method, such as dev.suitkaise.bench.reg.RegistryGetBenchmark.internalGet.");
            return 2;
        }

        Path output = options.output().toAbsolutePath().normalize();
        Path json = output.resolveSibling(stripExtension(output.getFileName().toString()) + ".json");
        ChainedOptionsBuilder jmh = new OptionsBuilder()
                .forks(options.forks())
                .warmupIterations(options.warmupIterations())
                .warmupTime(TimeValue.milliseconds(options.iterationTime().toMillis()))
                .measurementIterations(options.measurementIterations())
                .measurementTime(TimeValue.milliseconds(options.iterationTime().toMillis()))
                .threads(options.threads())
                .jvmArgsAppend(forkJvmArgs(internalRoots).toArray(String[]::new))
                .shouldFailOnError(true)
                .resultFormat(ResultFormatType.JSON)
                .result(json.toString());
        selected.forEach(name -> jmh.include("^" + Pattern.quote(name) + "$"));
        options.profilers().forEach(jmh::addProfiler);

        System.out.println("sk-bench: running " + selected.size() + " benchmarks in " + options.describe());
        List<RunResult> results;
        try {
            Files.createDirectories(output.getParent());
            results = new ArrayList<>(new Runner(jmh.build()).run());
        } catch (RunnerException | IOException e) {
            System.out.println("sk-bench: the run failed: " + e.getMessage());
            e.printStackTrace(System.out);
            return 1;
        }
        results.sort(RunResult.DEFAULT_SORT_COMPARATOR);

        PeerReport report = PeerReport.of(results.stream().map(BenchMain::measurement).toList());
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        String setting = describeRun(options, results, took);

        System.out.println();
        System.out.println("Suitkaise benchmarks beside their peers (ratio = Suitkaise time / peer time, lower is better)");
        System.out.println(setting);
        System.out.println();
        System.out.print(report.toText());
        System.out.println();
        int missed = report.missedGoals().size();
        System.out.println(missed == 0 ? "All goals met." : missed + (missed == 1 ? " goal" : " goals") + " missed.");
        try {
            Files.writeString(output, markdown(report, setting), StandardCharsets.UTF_8);
            System.out.println("Markdown table written to " + output);
        } catch (IOException e) {
            System.out.println("sk-bench: could not write " + output + ": " + e.getMessage());
            return 1;
        }
        System.out.println("Total time: " + humanTime(took));
        return 0;
    }

    /**
     * The selected benchmarks and their peers, validating every {@code @Peer} and {@code @Goal}
     * before anything runs.
     */
    private static SortedSet<String> select(String include) {
        SortedSet<String> names = new TreeSet<>();
        for (BenchmarkListEntry entry : BenchmarkList.defaultList()
                .find(OutputFormatFactory.createFormatInstance(System.out, VerboseMode.SILENT), List.of(include), List.of())) {
            names.add(entry.getUsername());
        }
        for (String name : List.copyOf(names)) {
            PeerSpec.declaredOn(name).ifPresent(spec -> names.add(spec.peer()));
        }
        return names;
    }

    /**
     * The forked JVMs' extra arguments: the INTERNAL roots, a fixed heap, and on JDK 23 and newer
     * leave for JMH 1.37 to use {@code sun.misc.Unsafe} without a warning in every fork.
     */
    static List<String> forkJvmArgs(String internalRoots) {
        List<String> args = new ArrayList<>(List.of("-D" + INTERNAL_ROOTS_PROPERTY + "=" + internalRoots, "-Xms1g", "-Xmx1g"));
        if (Runtime.version().feature() >= 23) {
            args.add("--sun-misc-unsafe-memory-access=allow");
        }
        return args;
    }

    /** This module's code location plus any INTERNAL roots already given to this JVM. */
    private static String internalRoots() {
        Path here;
        try {
            here = Path.of(BenchMain.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                    .toAbsolutePath().normalize();
        } catch (URISyntaxException | RuntimeException e) {
            throw new IllegalStateException("Cannot find where the benchmark classes were loaded from, so they cannot be"
                    + " made INTERNAL code; run BenchMain from a class directory or jar on the class path.", e);
        }
        String existing = System.getProperty(INTERNAL_ROOTS_PROPERTY, "").strip();
        return existing.isEmpty() ? here.toString() : existing + "," + here;
    }

    private static Measurement measurement(RunResult result) {
        BenchmarkParams params = result.getParams();
        TreeMap<String, String> values = new TreeMap<>();
        for (Object key : params.getParamsKeys()) {
            values.put(key.toString(), params.getParam(key.toString()));
        }
        Result<?> primary = result.getPrimaryResult();
        return new Measurement(params.getBenchmark(), values, primary.getScore(), primary.getScoreError(),
                primary.getScoreUnit());
    }

    private static String describeRun(BenchOptions options, List<RunResult> results, Duration took) {
        String jvm = results.stream().findFirst()
                .map(r -> r.getParams().getVmName() + " " + r.getParams().getJdkVersion())
                .orElse(System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
        return "Run " + Instant.now().truncatedTo(ChronoUnit.SECONDS) + " on " + jvm + ", "
                + Runtime.getRuntime().availableProcessors() + " CPUs; " + options.describe()
                + "; took " + humanTime(took) + ".";
    }

    static String markdown(PeerReport report, String setting) {
        return "# Suitkaise benchmarks\n\n"
                + setting + "\n\n"
                + "Each Suitkaise benchmark beside its peer, the plain JDK or library form of the same work."
                + " Scores are JMH averages \u00b1 the half-width of their 99.9% confidence interval; the ratio is"
                + " Suitkaise time / peer time (lower is better, 1x means as fast as the peer) and its error"
                + " combines both scores' errors. Quick-mode numbers give the order of magnitude; run with"
                + " `--full` before quoting small differences.\n\n"
                + report.toMarkdown();
    }

    static String humanTime(Duration d) {
        long s = Math.round(d.toMillis() / 1000.0);
        return s < 60 ? s + " s" : s / 60 + " min " + s % 60 + " s";
    }

    private static String stripExtension(String name) {
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }
}
