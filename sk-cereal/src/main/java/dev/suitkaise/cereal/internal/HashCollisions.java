package dev.suitkaise.cereal.internal;

import java.util.concurrent.ThreadLocalRandom;

/**
 * Counts, for one hash-based collection or map being filled from untrusted input, how many of the
 * keys added so far share the hash code of each new key. A hash table compares a new key with
 * every earlier key of the same hash code (along a bucket list, a probe sequence, or a tree bin
 * whose keys do not order each other), so input whose keys all share one hash code makes building
 * the table quadratic in the number of keys; a decoder charges the count returned by
 * {@link #add} to its work budget and refuses input that exceeds it.
 *
 * <p>In a tree-binned table ({@code HashMap}, {@code LinkedHashMap}, {@code HashSet},
 * {@code LinkedHashSet}, {@code ConcurrentHashMap}) keys of one class that orders itself
 * ({@code String}, {@code Long}, {@code Integer}) resolve equal hash codes in logarithmic time, so
 * while every key is of one such class the counter costs one class comparison per key and counts
 * nothing. When a key of another class (or null) arrives, keys of different classes can share a
 * tree bin without ordering each other, and from then on every key is counted, the earlier ones
 * included. Other tables (bucket lists, probe sequences) count every key from the start.
 *
 * <p>The counter's own table is probed from the hash code mixed with a per-process random seed,
 * so keys chosen to collide in it cannot be predicted. Not thread-safe: one instance serves one
 * container being read by one thread.
 */
public final class HashCollisions {

    /**
     * The hashing and comparing work every message of either codec may cause, whatever its length
     * (the internal codec's {@code ReadWork}, the external decoder's collision count).
     */
    public static final long BASE_BUDGET = 1L << 20;
    /** The hashing and comparing work a message of either codec may cause per byte of its length. */
    public static final long BUDGET_PER_BYTE = 64;

    /**
     * The work a message of {@code length} bytes may cause.
     *
     * @param length the message's length in bytes
     * @return {@link #BASE_BUDGET} plus {@link #BUDGET_PER_BYTE} per byte
     */
    public static long budgetFor(long length) {
        return BASE_BUDGET + BUDGET_PER_BYTE * length;
    }

    private static final int SEED = ThreadLocalRandom.current().nextInt();

    private final boolean treeBins;
    /** The one class of every key so far, in a tree-binned table; null once counting. */
    private Class<?> onlyClass;
    private boolean counting;
    /** Open addressing: the hash code in the high 32 bits, its count in the low ones; 0 is empty. */
    private long[] table;
    private int size;

    /**
     * Creates a counter for one container.
     *
     * @param treeBins true if the container resolves equal hash codes of mutually comparable keys
     *     in logarithmic time ({@code HashMap} and the classes built on it, {@code ConcurrentHashMap})
     */
    public HashCollisions(boolean treeBins) {
        this.treeBins = treeBins;
    }

    /**
     * Counts a key about to be added to the container.
     *
     * @param key the key or set element (may be null)
     * @param earlier the keys already in the container; iterated once, only when counting starts
     *     after keys of a single self-ordering class
     * @return how many keys counted before have the same hash code
     */
    public int add(Object key, Iterable<?> earlier) {
        if (!counting) {
            if (onlyClass != null) {
                if (key != null && key.getClass() == onlyClass) {
                    return 0;
                }
                onlyClass = null;
                counting = true;
                for (Object e : earlier) {
                    insert(hash(e));
                }
            } else if (treeBins && key != null && selfOrdering(key.getClass())) {
                onlyClass = key.getClass();
                return 0;
            } else {
                counting = true;
            }
        }
        return insert(hash(key));
    }

    private static boolean selfOrdering(Class<?> type) {
        return type == String.class || type == Long.class || type == Integer.class;
    }

    private static int hash(Object key) {
        return key == null ? 0 : key.hashCode();
    }

    private static int slot(int h) {
        int x = h ^ SEED;
        x ^= x >>> 16;
        x *= 0x85EBCA6B;
        x ^= x >>> 13;
        x *= 0xC2B2AE35;
        return x ^ (x >>> 16);
    }

    private int insert(int h) {
        long[] t = table;
        if (t == null) {
            t = table = new long[16];
        }
        int mask = t.length - 1;
        int i = slot(h) & mask;
        long e;
        while ((e = t[i]) != 0) {
            if ((int) (e >>> 32) == h) {
                t[i] = e + 1;
                return (int) e;
            }
            i = (i + 1) & mask;
        }
        t[i] = ((long) h << 32) | 1;
        if (++size * 2 > t.length) {
            grow();
        }
        return 0;
    }

    private void grow() {
        long[] old = table;
        long[] t = new long[old.length * 2];
        int mask = t.length - 1;
        for (long e : old) {
            if (e != 0) {
                int i = slot((int) (e >>> 32)) & mask;
                while (t[i] != 0) {
                    i = (i + 1) & mask;
                }
                t[i] = e;
            }
        }
        table = t;
    }
}
