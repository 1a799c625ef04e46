package dev.suitkaise.function.internal;

import dev.suitkaise.function.FunctionMetrics;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * Records one function's calls: durations in a logarithmic histogram (8 sub-buckets per power of
 * two, about 12% resolution) whose total is the call count, the time sum and failures in
 * {@link LongAdder}s, the last start with an opaque write. Per call: two {@link System#nanoTime()}
 * reads and two atomic additions. Lock-free and thread-safe; a snapshot is weakly consistent.
 */
public final class MetricsRecorder {

    private static final int SUB = 8;
    private static final int BUCKETS = 64 * SUB;
    private static final long BASE_NANOS = System.nanoTime();
    private static final Instant BASE_WALL = Instant.now();

    private final LongAdder failures = new LongAdder();
    private final LongAdder totalNanos = new LongAdder();
    private final AtomicLong max = new AtomicLong();
    private final AtomicLongArray histogram = new AtomicLongArray(BUCKETS);
    private static final VarHandle LAST_START;

    static {
        try {
            LAST_START = MethodHandles.lookup().findVarHandle(MetricsRecorder.class, "lastStart", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** Written with opaque access: no fence on the hot path; snapshots see a recent value. */
    @SuppressWarnings("unused")
    private long lastStart = Long.MIN_VALUE;

    /** Creates an empty recorder. */
    public MetricsRecorder() {
        // counters start at zero
    }

    /**
     * Marks the start of a call.
     *
     * @return the start time, to pass to {@link #stop}
     */
    public long start() {
        long now = System.nanoTime();
        LAST_START.setOpaque(this, now);
        return now;
    }

    /**
     * Records the end of a call.
     *
     * @param start what {@link #start} returned
     * @param failed whether the call threw
     */
    public void stop(long start, boolean failed) {
        long d = Math.max(1, System.nanoTime() - start);
        if (failed) {
            failures.increment();
        }
        totalNanos.add(d);
        histogram.incrementAndGet(bucket(d));
        long m = max.get();
        while (d > m && !max.compareAndSet(m, d)) {
            m = max.get();
        }
    }

    /**
     * A snapshot.
     *
     * @return the metrics so far
     */
    public FunctionMetrics snapshot() {
        long last = (long) LAST_START.getOpaque(this);
        Optional<Instant> lastCall = last == Long.MIN_VALUE ? Optional.empty()
                : Optional.of(BASE_WALL.plusNanos(last - BASE_NANOS));
        long[] counts = new long[BUCKETS];
        long total = 0;
        for (int i = 0; i < BUCKETS; i++) {
            counts[i] = histogram.get(i);
            total += counts[i];
        }
        long n = total;
        if (n == 0) {
            return new FunctionMetrics(0, failures.sum(), lastCall, 0, 0, 0, 0, 0);
        }
        return new FunctionMetrics(n, failures.sum(), lastCall, (double) totalNanos.sum() / n,
                percentile(counts, total, 0.50), percentile(counts, total, 0.90), percentile(counts, total, 0.99), max.get());
    }

    static int bucket(long v) {
        if (v < SUB) {
            return (int) v;
        }
        int exp = 63 - Long.numberOfLeadingZeros(v);
        int sub = (int) (v >>> (exp - 3)) & (SUB - 1);
        return (exp - 2) * SUB + sub;
    }

    static long valueOf(int bucket) {
        if (bucket < SUB) {
            return bucket;
        }
        int exp = bucket / SUB + 2;
        int sub = bucket % SUB;
        long lower = (long) (SUB + sub) << (exp - 3);
        return lower + ((1L << (exp - 3)) >>> 1);
    }

    private static long percentile(long[] counts, long total, double q) {
        long rank = (long) Math.ceil(q * total);
        long seen = 0;
        for (int i = 0; i < counts.length; i++) {
            seen += counts[i];
            if (seen >= rank && counts[i] > 0) {
                return valueOf(i);
            }
        }
        return 0;
    }
}
