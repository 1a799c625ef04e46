package dev.suitkaise.bench.cycle;

import dev.suitkaise.bench.Goal;
import dev.suitkaise.bench.Peer;
import dev.suitkaise.cycle.Cycle;
import dev.suitkaise.cycle.CycleBuilder;
import dev.suitkaise.cycle.CycleElement;
import dev.suitkaise.cycle.CyclePart;
import dev.suitkaise.cycle.CycleRun;
import dev.suitkaise.cycle.RunStatus;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * One run of a 1,000-part cycle of no-op parts on pooled threads, beside the same DAG written with
 * {@link CompletableFuture}s on a cached thread pool (the same kind of pool the cycle uses: idle
 * threads are reused, a new thread starts when none is idle).
 *
 * <p>The shape alternates splits and chains: the root, a split into 10 sub-trees, one part below
 * each root of those, a split into 3, one part, then splits into 2 and single parts in turn, the
 * parts shared out evenly, 1,000 parts in all (a split below a split is a split of sub-cycles, as
 * the slot rules require).
 * Every part waits only for its parent (the default parallel sync mode), and the run ends when every
 * part has ended, so the peer waits for all of its futures. Mode is average time per run, in
 * microseconds.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class CycleRunBenchmark {

    /** Parts per run. */
    static final int PARTS = 1_000;

    private static final Runnable NOOP = () -> { };

    private Cycle cycle;
    private ExecutorService pool;
    private int dagSize;

    /** Builds the cycle and starts the peer's pool. */
    @Setup(Level.Trial)
    public void setUp() {
        cycle = buildCycle();
        pool = Executors.newCachedThreadPool();
        dagSize = runDag().size();
        if (dagSize != PARTS || cycle.addresses().size() != PARTS) {
            throw new IllegalStateException("the shapes differ: cycle " + cycle.addresses().size() + ", DAG " + dagSize);
        }
    }

    /** Closes the cycle and the pool. */
    @TearDown(Level.Trial)
    public void tearDown() {
        cycle.close();
        pool.shutdownNow();
    }

    /**
     * Builds the cycle. The slot rules allow one fork per level of one tree, so a split below a split
     * is a split of sub-cycles: {@code tree(n, depth)} is a part followed by either one sub-tree of
     * n-1 parts (a chain, at odd depths) or a split of {@code FANOUT[depth]} sub-trees sharing the
     * n-1 parts.
     *
     * @return the cycle
     */
    static Cycle buildCycle() {
        int[] counter = {0};
        CycleElement root = tree(PARTS, 0, counter);
        if (!(root instanceof Cycle cycle)) {
            throw new IllegalStateException("a tree of " + PARTS + " parts must be a cycle");
        }
        return cycle;
    }

    private static CycleElement tree(int n, int depth, int[] counter) {
        CyclePart head = CyclePart.of("p" + counter[0]++, () -> null);
        if (n == 1) {
            return head;
        }
        int rest = n - 1;
        int k = Math.min(fanout(depth), rest);
        try (CycleBuilder b = Cycle.builder(depth == 0 ? "bench-1000" : "sub-" + counter[0])) {
            b.add(head, 1, 1);
            if (k == 1) {
                b.add(tree(rest, depth + 1, counter), 2, 1);
            } else {
                List<CycleElement> children = new ArrayList<>(k);
                for (int i = 0; i < k; i++) {
                    children.add(tree(share(rest, k, i), depth + 1, counter));
                }
                b.split(children, 2, 1);
            }
            return b.build();
        }
    }

    /** Fan-out per depth: 10, then a chain, 3, a chain, then 2 and a chain in turn. */
    private static int fanout(int depth) {
        if (depth % 2 == 1) {
            return 1;
        }
        return switch (depth) {
            case 0 -> 10;
            case 2 -> 3;
            default -> 2;
        };
    }

    /** The i-th of k near-equal shares of n. */
    private static int share(int n, int k, int i) {
        return n / k + (i < n % k ? 1 : 0);
    }

    /**
     * The same DAG with {@link CompletableFuture}s: each part runs {@code thenRunAsync} on its
     * parent's future.
     *
     * @return every part's future, all complete
     */
    List<CompletableFuture<Void>> runDag() {
        List<CompletableFuture<Void>> all = new ArrayList<>(PARTS);
        dag(CompletableFuture.runAsync(NOOP, pool), PARTS, 0, all);
        CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).join();
        return all;
    }

    private void dag(CompletableFuture<Void> head, int n, int depth, List<CompletableFuture<Void>> all) {
        all.add(head);
        int rest = n - 1;
        if (rest == 0) {
            return;
        }
        int k = Math.min(fanout(depth), rest);
        for (int i = 0; i < k; i++) {
            dag(head.thenRunAsync(NOOP, pool), k == 1 ? rest : share(rest, k, i), depth + 1, all);
        }
    }

    /**
     * The peer: the DAG with futures.
     *
     * @return the number of parts run
     */
    @Benchmark
    public int completableFutureDag() {
        return runDag().size();
    }

    /**
     * One run of the cycle.
     *
     * @return the run
     */
    @Benchmark
    @Peer("completableFutureDag")
    @Goal(maxRatio = 2.0, note = "issue 8: a 1,000-part in-process cycle run within 2x of the same DAG with CompletableFutures")
    public CycleRun cycleRun() {
        CycleRun run = cycle.runOnce();
        if (run.status() != RunStatus.OK) {
            throw new IllegalStateException("the benchmark cycle's run ended " + run.status());
        }
        return run;
    }
}
