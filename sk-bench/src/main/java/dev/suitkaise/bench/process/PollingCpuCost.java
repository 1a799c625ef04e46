package dev.suitkaise.bench.process;

import dev.suitkaise.process.ProcessSpec;
import dev.suitkaise.process.SKPool;
import dev.suitkaise.process.SKProcessManager;
import dev.suitkaise.reg.CodeRoot;
import dev.suitkaise.reg.Domain;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

/**
 * What the channel's polling costs in processor time: the measurement behind the README's limit
 * on polling. Not a JMH benchmark (JMH measures time per operation, not the processor time of a
 * JVM and its children), so it is run on its own:
 *
 * <pre>{@code
 * ./mvnw -pl sk-bench -am -Pbench -DskipTests verify -Dbench.main=dev.suitkaise.bench.process.PollingCpuCost
 * }</pre>
 *
 * <p>For each run it starts a fresh JVM twice, once with the default spin window and once with
 * {@code -Dsuitkaise.process.spinMicros=0} (no polling), alternating. Each JVM opens a pool of two
 * child JVMs, warms it with a 2,000-item map, then measures a {@code SKPool.map} of
 * {@code items} integers ({@code x -> x + 1}) followed by {@code items / 10} sequential
 * submit-and-get round trips, and prints, for each of the two and together, the wall time and the
 * processor time (user + system) that it and its two children spent, read from
 * {@link ProcessHandle.Info#totalCpuDuration()} of the JVM and of each child (Linux gives it for
 * every process of the same user).
 *
 * <p>Arguments: {@code [items] [runs]}, default 100,000 items and 2 runs; through Maven,
 * {@code -Dbench.args="50000 3"}.
 */
public final class PollingCpuCost {

    private static final String LOAD = "--load";

    private PollingCpuCost() {
    }

    /**
     * Runs the comparison (or, with {@code --load}, one measured load in this JVM).
     *
     * @param args {@code [items] [runs]}, or {@code --load items}
     * @throws Exception if a JVM cannot be started or the load fails
     */
    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals(LOAD)) {
            load(Integer.parseInt(args[1]));
            return;
        }
        int items = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 2;
        System.out.printf("sk-bench polling cost: %d items mapped over a pool of 2 children, then %d sequential"
                + " round trips; %d run(s) per setting, on %d processors%n", items, items / 10, runs,
                Runtime.getRuntime().availableProcessors());
        for (int run = 1; run <= runs; run++) {
            for (boolean polling : new boolean[] {true, false}) {
                int exit = start(items, polling);
                if (exit != 0) {
                    System.out.printf("the measuring JVM exited with %d; see its output above%n", exit);
                    System.exit(1);
                }
            }
        }
    }

    /** Starts a measuring JVM with this JVM's options and class path, and waits for it. */
    private static int start(int items, boolean polling) throws Exception {
        List<String> options = new ArrayList<>();
        options.add("-Dsuitkaise.domain.external=" + CodeRoot.locationOf(PollingCpuCost.class));
        if (!polling) {
            options.add("-Dsuitkaise.process.spinMicros=0");
        }
        List<String> cmd = EchoMain.command(PollingCpuCost.class, options, LOAD, Integer.toString(items));
        Process p = new ProcessBuilder(cmd).inheritIO().start();
        if (!p.waitFor(30, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new IllegalStateException("the measuring JVM did not finish within 30 minutes");
        }
        return p.exitValue();
    }

    /** The measured load, in a JVM started by {@link #start}. */
    private static void load(int items) throws Exception {
        String spin = System.getProperty("suitkaise.process.spinMicros", "default (50)");
        List<Integer> input = IntStream.range(0, items).boxed().toList();
        ProcessSpec spec = ProcessSpec.builder("polling-cost").maxHeap("256m").build();
        try (SKPool pool = SKProcessManager.of(Domain.EXTERNAL).pool(spec, 2)) {
            pool.map(x -> x + 1, input.subList(0, Math.min(2_000, items)), Duration.ofMinutes(1));
            long cpuStart = cpuOfThisJvmAndChildren();
            long started = System.nanoTime();
            List<Integer> out = pool.map(x -> x + 1, input, Duration.ofMinutes(20));
            long cpuMapped = cpuOfThisJvmAndChildren();
            long mapped = System.nanoTime();
            for (int i = 0; i < items / 10; i++) {
                pool.submit(() -> 1).get(1, TimeUnit.MINUTES);
            }
            long ended = System.nanoTime();
            long cpuEnd = cpuOfThisJvmAndChildren();
            if (out.size() != items || out.get(items - 1) != items) {
                throw new IllegalStateException("the map gave back " + out.size() + " results, last "
                        + (out.isEmpty() ? "none" : out.get(out.size() - 1)));
            }
            System.out.printf("spinMicros=%s: map %.2f s wall, %.2f s processor time; round trips %.2f s wall, %.2f s"
                    + " processor time; together %.2f s wall, %.2f s processor time (this JVM and its 2 children)%n",
                    spin, (mapped - started) / 1e9, (cpuMapped - cpuStart) / 1e9, (ended - mapped) / 1e9,
                    (cpuEnd - cpuMapped) / 1e9, (ended - started) / 1e9, (cpuEnd - cpuStart) / 1e9);
        }
    }

    /** Processor time (user + system) of this JVM and its live descendants, in nanoseconds. */
    private static long cpuOfThisJvmAndChildren() {
        long total = cpuOf(ProcessHandle.current());
        for (ProcessHandle child : ProcessHandle.current().descendants().toList()) {
            total += cpuOf(child);
        }
        return total;
    }

    private static long cpuOf(ProcessHandle handle) {
        return handle.info().totalCpuDuration()
                .orElseThrow(() -> new IllegalStateException("no processor time for pid " + handle.pid()
                        + " on this system (ProcessHandle.Info.totalCpuDuration is empty)"))
                .toNanos();
    }
}
