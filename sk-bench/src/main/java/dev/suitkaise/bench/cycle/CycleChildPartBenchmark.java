package dev.suitkaise.bench.cycle;

import dev.suitkaise.bench.Goal;
import dev.suitkaise.bench.Peer;
import dev.suitkaise.cycle.Cycle;
import dev.suitkaise.cycle.CycleBuilder;
import dev.suitkaise.cycle.CyclePart;
import dev.suitkaise.cycle.CycleRun;
import dev.suitkaise.cycle.RunStatus;
import dev.suitkaise.cycle.Where;
import dev.suitkaise.process.ProcessSpec;
import dev.suitkaise.process.SKProcess;
import dev.suitkaise.process.SKProcessManager;
import dev.suitkaise.reg.Domain;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * The cost per part of a cycle part that runs in a warm child process, beside sk-process's raw task
 * round trip to the same child.
 *
 * <p>The cycle is a chain of {@value #CHAIN} no-op parts, each placed with
 * {@link Where#process(Domain, String)} in one child spawned by {@link SKProcessManager} (heap 256m); one
 * operation is one run of the chain divided by {@value #CHAIN} (each part waits for its parent, so the
 * parts' round trips do not overlap), so the figure includes a tenth of a run's own bookkeeping. The
 * peer is {@code submit(() -> 42).get()} to the same child. Both JVMs are warmed up for up to
 * {@value #WARM_UP_SECONDS} seconds before measuring. Mode is average time per operation, in
 * microseconds.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class CycleChildPartBenchmark {

    /** Parts per run. */
    static final int CHAIN = 10;

    /** At most this long a warm-up, in seconds. */
    static final int WARM_UP_SECONDS = 6;

    private static final String CHILD = "bench-cycle-child";

    private SKProcess child;
    private Cycle cycle;

    /**
     * Spawns the child, builds the chain and warms both up.
     *
     * @throws InterruptedException never in practice
     * @throws ExecutionException if a warm-up task fails
     */
    @Setup(Level.Trial)
    public void setUp() throws InterruptedException, ExecutionException {
        child = SKProcessManager.of(Domain.INTERNAL).spawn(ProcessSpec.builder(CHILD).maxHeap("256m").build());
        try (CycleBuilder b = Cycle.builder("bench-child-chain")) {
            for (int i = 1; i <= CHAIN; i++) {
                b.add(CyclePart.builder("p" + i, () -> 42).where(Where.process(Domain.INTERNAL, CHILD)).build(), i, 1);
            }
            cycle = b.build();
        }
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(WARM_UP_SECONDS);
        while (System.nanoTime() < end) {
            childPartInCycle();
            rawTaskRoundTrip();
        }
    }

    /** Closes the cycle and stops the child. */
    @TearDown(Level.Trial)
    public void tearDown() {
        cycle.close();
        child.stop(Duration.ofSeconds(5));
    }

    /**
     * The peer: a no-op task's round trip to the child.
     *
     * @return the task's result
     * @throws InterruptedException never in practice
     * @throws ExecutionException if the task fails
     */
    @Benchmark
    public Integer rawTaskRoundTrip() throws InterruptedException, ExecutionException {
        return child.submit(() -> 42).get();
    }

    /**
     * One run of the chain; JMH divides its time by the number of parts.
     *
     * @return the run
     */
    @Benchmark
    @OperationsPerInvocation(CHAIN)
    @Peer("rawTaskRoundTrip")
    @Goal(maxRatio = 1.5, note = "issue 8: a cycle part in a child process within 1.5x of sk-process's raw task round trip")
    public CycleRun childPartInCycle() {
        CycleRun run = cycle.runOnce();
        if (run.status() != RunStatus.OK) {
            throw new IllegalStateException("the benchmark chain's run ended " + run.status() + ":\n" + run.report());
        }
        return run;
    }
}
