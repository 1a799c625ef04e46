package dev.suitkaise.bench.reg;

import dev.suitkaise.bench.Goal;
import dev.suitkaise.bench.Peer;
import dev.suitkaise.reg.AccessCheck;
import dev.suitkaise.reg.Domain;
import dev.suitkaise.reg.OnDuplicate;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Reading one entry of a registry ({@code SKReg.get}) in each way Suitkaise offers, beside the
 * plain {@link ConcurrentHashMap#get} that a registry is built on.
 *
 * <p>The map and every registry hold the same {@value #ENTRIES} entries. Each operation reads
 * the next key of a precomputed random sequence of {@value #LOOKUPS} lookups, so the keys vary
 * without a random number generator in the measured code. Lookup keys are equal to, but not the
 * same instances as, the stored keys (as keys built at run time are): {@code equals} compares
 * characters. Each method returns the value it read, so JMH consumes it and the read cannot be
 * optimized away; registry reads return {@code get(key).orElse(null)}, the usual way to unwrap
 * the {@link java.util.Optional}, which lets the JIT drop the {@code Optional} as a plain map
 * read has none. Every registry read also counts the access in the entry's metadata (a
 * {@link java.util.concurrent.atomic.LongAdder} increment); that is part of what is measured.
 *
 * <p>INTERNAL registries may only be opened by code under the INTERNAL roots; {@code BenchMain}
 * starts the forked JVMs with {@code -Dsuitkaise.domain.internal=<sk-bench classes>} so that this
 * class qualifies.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class RegistryGetBenchmark {

    /** Entries in the map and in each registry. */
    static final int ENTRIES = 512;

    /** Length of the lookup sequence; a power of two, so the cursor wraps with a mask. */
    static final int LOOKUPS = 4096;

    private ConcurrentHashMap<String, Object> plainMap;
    private BenchReg globalReg;
    private BenchReg internalReg;
    private StrictBenchReg strictReg;
    private String[] lookups;

    /** Each benchmark thread's position in the lookup sequence. */
    @State(Scope.Thread)
    public static class Cursor {
        private int next;

        /**
         * Starts each thread at its own place in the sequence.
         */
        @Setup(Level.Trial)
        public void start() {
            next = (int) (Thread.currentThread().threadId() * 977) & (LOOKUPS - 1);
        }

        String key(String[] lookups) {
            return lookups[next++ & (LOOKUPS - 1)];
        }
    }

    /**
     * Fills the map and the registries with the same entries, opening each registry once, and
     * draws the lookup sequence with a fixed seed.
     */
    @Setup(Level.Trial)
    public void fill() {
        plainMap = new ConcurrentHashMap<>();
        globalReg = BenchReg.of(Domain.GLOBAL);
        internalReg = BenchReg.of(Domain.INTERNAL);
        strictReg = StrictBenchReg.of(Domain.INTERNAL);
        if (internalReg.accessCheck() != AccessCheck.ON_OPEN) {
            throw new IllegalStateException("internalGet must measure an ON_OPEN registry, but the process default access"
                    + " check is " + internalReg.accessCheck() + "; remove -Dsuitkaise.reg.accessCheck.");
        }
        String[] stored = new String[ENTRIES];
        for (int i = 0; i < ENTRIES; i++) {
            stored[i] = "bench.entry-" + i;
            Object value = "value-" + i;
            plainMap.put(stored[i], value);
            globalReg.register(stored[i], value, OnDuplicate.OVERWRITE);
            internalReg.register(stored[i], value, OnDuplicate.OVERWRITE);
            strictReg.register(stored[i], value, OnDuplicate.OVERWRITE);
        }
        Random random = new Random(20261125L);
        lookups = new String[LOOKUPS];
        for (int i = 0; i < LOOKUPS; i++) {
            lookups[i] = new String(stored[random.nextInt(ENTRIES)]);
        }
    }

    /**
     * The peer: {@code ConcurrentHashMap<String, Object>.get}, the floor for any registry read.
     *
     * @param cursor the thread's position in the lookup sequence
     * @return the value read
     */
    @Benchmark
    public Object plainMapGet(Cursor cursor) {
        return plainMap.get(cursor.key(lookups));
    }

    /**
     * {@code get} on a GLOBAL registry held in a field: no caller check at all, so this is the
     * registry's own overhead over the map (the {@code Optional}, the entry record, the access
     * counter).
     *
     * @param cursor the thread's position in the lookup sequence
     * @return the value read
     */
    @Benchmark
    @Peer("plainMapGet")
    public Object globalGet(Cursor cursor) {
        return globalReg.get(cursor.key(lookups)).orElse(null);
    }

    /**
     * {@code get} on an INTERNAL registry opened once ({@link AccessCheck#ON_OPEN}, the default):
     * the caller was checked when the registry was opened, and the instance is the capability.
     * This is the checked read users normally do.
     *
     * @param cursor the thread's position in the lookup sequence
     * @return the value read
     */
    @Benchmark
    @Peer("plainMapGet")
    @Goal(maxRatio = 3.0, note = "checked get (INTERNAL, ON_OPEN: caller checked when the registry was opened)"
            + " within 3x of a plain ConcurrentHashMap get.")
    public Object internalGet(Cursor cursor) {
        return internalReg.get(cursor.key(lookups)).orElse(null);
    }

    /**
     * {@code get} on an INTERNAL registry with {@link AccessCheck#EVERY_CALL}: every read walks
     * the stack to find its caller, then looks up the verdict cached for the caller's class.
     *
     * @param cursor the thread's position in the lookup sequence
     * @return the value read
     */
    @Benchmark
    @Peer("plainMapGet")
    @Goal(maxRatio = 3.0, note = "the same 3x goal, measured with AccessCheck.EVERY_CALL; expected to miss it by far,"
            + " since every read walks the stack to find its caller. EVERY_CALL is for code that hands registries"
            + " around and wants each use checked; hot paths keep the instance opened once (internalGet).")
    public Object internalGetEveryCall(Cursor cursor) {
        return strictReg.get(cursor.key(lookups)).orElse(null);
    }

    /**
     * {@code BenchReg.of(INTERNAL).get(key)} on every read, as code does that does not keep the
     * instance: each read pays for the caller check of {@code open} (a stack walk) and the lookup
     * of the instance.
     *
     * @param cursor the thread's position in the lookup sequence
     * @return the value read
     */
    @Benchmark
    @Peer("plainMapGet")
    public Object openAndGet(Cursor cursor) {
        return BenchReg.of(Domain.INTERNAL).get(cursor.key(lookups)).orElse(null);
    }
}
