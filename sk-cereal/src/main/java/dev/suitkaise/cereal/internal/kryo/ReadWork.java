package dev.suitkaise.cereal.internal.kryo;

import dev.suitkaise.cereal.SKCerealException;
import dev.suitkaise.cereal.internal.HashCollisions;

import java.util.Arrays;
import java.util.Collection;
import java.util.List;

/**
 * Bounds the hashing and comparing that one message can make its reader do, which, unlike the
 * bytes read, is not bounded by the input's length: a set whose elements are sets that share
 * their parts is hashed once per path through the shared parts (exponential in the nesting), and
 * keys that share one hash code are compared with each other (quadratic in their number).
 *
 * <p><b>Weights.</b> Every object read gets a weight, an upper bound on the objects its
 * {@code hashCode()} visits: an array, a queue, a lambda, an object of a class of the program
 * (records included) and the like weighs 1, whatever it holds; a list, set or map weighs 1 plus
 * its element slots plus the weights of its elements (an object read through
 * a back-reference weighs what it weighed when it was read, or, while it is still being read, what
 * it has read so far). Each element added to a hash-based set and each key put in a hash-based map
 * is charged its weight, and each earlier key of the same hash code (counted by
 * {@link HashCollisions}) costs the new key's weight plus 1 again; a set that compares every
 * element ({@code CopyOnWriteArraySet}) charges the elements already in it. A message may spend
 * {@value HashCollisions#BASE_BUDGET} plus {@value HashCollisions#BUDGET_PER_BYTE} units per byte of its length; beyond that
 * it fails with {@link SKCerealException} before the hashing is done. A user class that overrides
 * {@code hashCode()} to visit what its fields hold (a record's default hash code does) is counted
 * as 1: the bound covers the JDK's collections and maps, not hash codes of the program's classes.
 *
 * <p>One instance per reading {@link CerealKryo}; reset after every message. Not thread-safe.
 */
final class ReadWork {

    /** Weights saturate here, far below overflow: the budget refuses any message that would reach it. */
    private static final long MAX_WEIGHT = 1L << 60;
    /** Containers smaller than this are not counted for hash collisions (a quadratic of them is small). */
    static final int COUNTED_SIZE = 16;

    private final List<Object> readObjects;
    /** The running sum whose growth across the read of an object is that object's weight. */
    private long weight;
    /** By reference id: above 0 the weight of a read object; below 0 -(start + 1) of a container being read. */
    private long[] weights = new long[64];
    private int used;
    private long spent;
    private long budget = HashCollisions.BASE_BUDGET;
    private int inputLength;

    /**
     * Creates the counter of a reading Kryo.
     *
     * @param readObjects the objects read so far by reference id (the reference resolver's list)
     */
    ReadWork(List<Object> readObjects) {
        this.readObjects = readObjects;
    }

    /** Starts a message of a given length: its budget is {@link HashCollisions#budgetFor}. */
    void begin(int length) {
        inputLength = length;
        budget = HashCollisions.budgetFor(length);
        spent = 0;
        weight = 0;
    }

    /** Forgets the message read last. */
    void reset() {
        Arrays.fill(weights, 0, used, 0L);
        if (weights.length > 4096) {
            weights = new long[64];
        }
        used = 0;
        spent = 0;
        weight = 0;
        budget = HashCollisions.BASE_BUDGET;
        inputLength = 0;
    }

    private void store(int id, long value) {
        if (id >= weights.length) {
            weights = Arrays.copyOf(weights, Math.max(weights.length * 2, id + 1));
        }
        weights[id] = value;
        if (id >= used) {
            used = id + 1;
        }
    }

    private static long add(long a, long b) {
        long s = a + b;
        return s > MAX_WEIGHT || s < 0 ? MAX_WEIGHT : s;
    }

    /** {@code count * (w + 1)}, saturated. */
    private static long times(long count, long w) {
        return count == 0 ? 0 : w + 1 >= MAX_WEIGHT / count ? MAX_WEIGHT : count * (w + 1);
    }

    /**
     * The running sum, to pass back to {@link #cut} or to subtract from a later value.
     *
     * @return the running sum
     */
    long mark() {
        return weight;
    }

    /** Called when the object with a reference id has been read; its read started at {@code start}. */
    void completed(int id, long start) {
        weight = add(weight, 1);
        store(id, weight - start);
    }

    /** Called for a back-reference to the object with a reference id. */
    void backReference(int id) {
        long v = id < used ? weights[id] : 0;
        if (v > 0) {
            weight = add(weight, v);
        } else if (v < 0) {
            weight = add(weight, weight - (-v - 1));
        }
    }

    /**
     * Marks the container whose read has just begun (the object of the latest reference id) as being
     * read, so that a back-reference to it from inside weighs what it has read so far.
     */
    void enterContainer() {
        int id = readObjects.size() - 1;
        if (id >= 0) {
            store(id, -weight - 1);
        }
    }

    /**
     * Makes the object being read weigh 1 whatever it holds: its hash code is its identity.
     *
     * @param mark the running sum when its read began
     */
    void cut(long mark) {
        weight = mark;
    }

    /**
     * Adds the element slots of a list, set, map or record, which its hash code visits.
     *
     * @param n the number of slots
     */
    void slots(long n) {
        weight = add(weight, n);
    }

    /**
     * Charges hashing work.
     *
     * @param units the objects to be hashed or compared
     * @param what what is being built, for the message
     * @throws SKCerealException if the message's budget is exceeded
     */
    void charge(long units, String what) {
        spent = add(spent, units);
        if (spent > budget) {
            throw new SKCerealException("Reading " + what + " would hash or compare more than " + budget + " objects,"
                    + " the most a message of " + inputLength + " bytes may cause (" + HashCollisions.BASE_BUDGET + " plus "
                    + HashCollisions.BUDGET_PER_BYTE + " per byte): the input is corrupted or hostile (nested sets or map keys that"
                    + " share their parts, or many keys with one hash code). Send such data as lists, or key maps"
                    + " by values with distinct hash codes.");
        }
    }

    /**
     * Charges adding one element (or key) to a hash-based container.
     *
     * @param mark the running sum before the element was read
     * @param collisions the container's collision counter, or null if it is not counted
     * @param element the element
     * @param earlier the elements already in the container
     * @param what what is being built, for the message
     */
    void hashed(long mark, HashCollisions collisions, Object element, Iterable<?> earlier, String what) {
        long w = weight - mark;
        charge(w, what);
        if (collisions != null) {
            int same = collisions.add(element, earlier);
            if (same > 0) {
                charge(times(same, w), what);
            }
        }
    }

    /**
     * Charges adding one element to a set that compares it with every element already in it.
     *
     * @param mark the running sum before the element was read
     * @param set the set
     * @param what what is being built, for the message
     */
    void scanned(long mark, Collection<?> set, String what) {
        long w = weight - mark;
        charge(add(w, times(set.size(), w)), what);
    }
}
