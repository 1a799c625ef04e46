package dev.suitkaise.bench.thread;

import dev.suitkaise.bench.Goal;
import dev.suitkaise.bench.Peer;
import dev.suitkaise.function.AnyFunction;
import dev.suitkaise.thread.SKThreader;
import dev.suitkaise.thread.SKWorker;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A worker's submit round trip, {@link SKWorker#submit} and waiting for the future, beside the same
 * round trip through a single-thread {@link ExecutorService}.
 *
 * <p>One operation submits a task that returns a constant and waits for its value on the benchmark
 * thread; the worker (a platform thread with an unbounded mailbox, the default) and the executor's
 * thread are idle between operations, so each operation includes waking the worker thread and
 * waking the benchmark thread. Mode is average time per operation, in microseconds.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class WorkerRoundTripBenchmark {

    private static final Callable<Integer> TASK = () -> 42;
    private static final AnyFunction<Integer> FUNCTION = () -> 42;

    private SKThreader threader;
    private SKWorker worker;
    private ExecutorService executor;

    /** Starts the worker and the executor. */
    @Setup(Level.Trial)
    public void start() {
        threader = SKThreader.builder().name("bench").build();
        worker = threader.worker("bench-worker");
        executor = Executors.newSingleThreadExecutor();
    }

    /**
     * Stops both.
     *
     * @throws InterruptedException if interrupted while waiting for the executor
     */
    @TearDown(Level.Trial)
    public void stop() throws InterruptedException {
        executor.shutdown();
        if (!executor.awaitTermination(5, TimeUnit.SECONDS) | !threader.shutdown(Duration.ofSeconds(5)).allStopped()) {
            throw new IllegalStateException("the executor or the worker did not stop");
        }
    }

    /**
     * The peer: a round trip through a single-thread executor.
     *
     * @return the task's value
     * @throws InterruptedException never in practice
     * @throws ExecutionException never in practice
     */
    @Benchmark
    public Integer executorRoundTrip() throws InterruptedException, ExecutionException {
        return executor.submit(TASK).get();
    }

    /**
     * A round trip through a component worker.
     *
     * @return the task's value
     * @throws InterruptedException never in practice
     * @throws ExecutionException never in practice
     */
    @Benchmark
    @Peer("executorRoundTrip")
    @Goal(maxRatio = 1.5, note = "issue 6: worker submit round trip within 1.5x of a single-thread ExecutorService")
    public Integer workerRoundTrip() throws InterruptedException, ExecutionException {
        return worker.submit(FUNCTION).get();
    }
}
