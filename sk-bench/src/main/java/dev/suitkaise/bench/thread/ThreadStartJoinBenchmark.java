package dev.suitkaise.bench.thread;

import dev.suitkaise.bench.Goal;
import dev.suitkaise.bench.Peer;
import dev.suitkaise.function.AnyFunction;
import dev.suitkaise.thread.SKThread;
import dev.suitkaise.thread.SKThreader;
import dev.suitkaise.thread.ThreadSpec;
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
import java.util.concurrent.TimeUnit;

/**
 * Starting a thread with an empty body and joining it, through {@link SKThreader#start} and
 * {@link SKThread#join(Duration)}, beside the raw JDK forms {@code Thread.ofVirtual().start(r).join()}
 * and {@code Thread.ofPlatform().start(r).join()}.
 *
 * <p>One operation is one complete start and join, measured on the benchmark thread. The
 * Suitkaise form also creates the handle, registers and deregisters it in the threader's registry,
 * sets and clears the per-thread context, and makes two state transitions; no initializer is
 * registered and no listener is set. Mode is average time per operation, in microseconds.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class ThreadStartJoinBenchmark {

    /** The raw threads' body. */
    private static final Runnable EMPTY = () -> { };
    /** The Suitkaise threads' body. */
    private static final AnyFunction<Object> EMPTY_FUNCTION = () -> null;
    /** A join bound that is never reached. */
    private static final Duration FOREVER = Duration.ofMinutes(1);

    private SKThreader threader;

    /** Creates a separate threader (no shutdown hook) for the trial. */
    @Setup(Level.Trial)
    public void createThreader() {
        threader = SKThreader.builder().name("bench").build();
    }

    /** Shuts the threader down; fails the trial if a thread was left running. */
    @TearDown(Level.Trial)
    public void closeThreader() {
        if (!threader.shutdown(Duration.ofSeconds(5)).allStopped()) {
            throw new IllegalStateException("a benchmark thread did not end");
        }
    }

    /**
     * The peer: a raw virtual thread started and joined.
     *
     * @return the ended thread
     * @throws InterruptedException never in practice
     */
    @Benchmark
    public Thread rawVirtual() throws InterruptedException {
        Thread t = Thread.ofVirtual().start(EMPTY);
        t.join();
        return t;
    }

    /**
     * A virtual thread started and joined through the threader.
     *
     * @return the ended thread's handle
     * @throws InterruptedException never in practice
     */
    @Benchmark
    @Peer("rawVirtual")
    @Goal(maxRatio = 1.5, note = "issue 6: start+join of an empty body within 1.5x of the raw virtual thread")
    public SKThread<Object> skVirtual() throws InterruptedException {
        SKThread<Object> t = threader.start("bench-virtual", ThreadSpec.virtual(), EMPTY_FUNCTION);
        t.join(FOREVER);
        return t;
    }

    /**
     * The peer: a raw platform thread started and joined.
     *
     * @return the ended thread
     * @throws InterruptedException never in practice
     */
    @Benchmark
    public Thread rawPlatform() throws InterruptedException {
        Thread t = Thread.ofPlatform().start(EMPTY);
        t.join();
        return t;
    }

    /**
     * A platform thread started and joined through the threader.
     *
     * @return the ended thread's handle
     * @throws InterruptedException never in practice
     */
    @Benchmark
    @Peer("rawPlatform")
    @Goal(maxRatio = 1.5, note = "issue 6: start+join of an empty body within 1.5x of the raw platform thread")
    public SKThread<Object> skPlatform() throws InterruptedException {
        SKThread<Object> t = threader.start("bench-platform", ThreadSpec.platform(), EMPTY_FUNCTION);
        t.join(FOREVER);
        return t;
    }
}
