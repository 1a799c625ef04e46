package dev.suitkaise.cereal.internal.kryo;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.KryoException;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import com.esotericsoftware.kryo.serializers.DefaultArraySerializers;
import dev.suitkaise.cereal.internal.HashCollisions;

import java.lang.reflect.Array;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.PriorityBlockingQueue;
import java.util.PriorityQueue;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * Serializers for collections, maps and object arrays that use only public API and bound every
 * declared size by the remaining input; what they allocate ahead of their elements draws on the
 * message's allowance ({@link BoundedInput#reserve}), and what building hash-based containers
 * costs is charged to the message's hashing budget ({@link ReadWork}).
 */
final class Containers {

    private Containers() {
    }

    /** How adding an element or key to a container costs in hashing and comparing. */
    enum Hashing {
        /** Not at all (lists, queues, sorted and identity containers). */
        NONE,
        /**
         * A hash table with tree bins ({@code HashMap} and the classes built on it,
         * {@code ConcurrentHashMap}): the element is hashed; equal hash codes cost comparisons.
         */
        TREE_BINS,
        /**
         * Another hash table (bucket lists, probe sequences): the element is hashed; equal hash codes
         * cost comparisons.
         */
        TABLE,
        /** A set that compares a new element with every element it holds ({@code CopyOnWriteArraySet}). */
        SCAN
    }

    /**
     * Reserves the slots of a container allocated at its declared size before its elements are read.
     *
     * @param input the input
     * @param n the declared size, already bounded by the bytes left
     * @param what what is allocated, for the message
     * @return {@code n}
     */
    static int reserve(Input input, int n, String what) {
        reserve(input, (long) n, what);
        return n;
    }

    /**
     * Reserves slots allocated before the data that fills them is read (see {@link BoundedInput#reserve}).
     *
     * @param input the input
     * @param slots the slots
     * @param what what is allocated, for the message
     */
    static void reserve(Input input, long slots, String what) {
        if (input instanceof BoundedInput bounded) {
            bounded.reserve(slots, what);
        }
    }

    static ReadWork work(Kryo kryo) {
        return ((CerealKryo) kryo).work();
    }

    /**
     * The most entries a map is sized for before its entries are read; larger maps grow as they
     * fill, so a count declared by hostile input never allocates more than this ahead.
     */
    static final int MAX_PRESIZE = 1 << 16;

    /**
     * The capacity to create a MUTABLE map with: the entry count it is given (bounded by the
     * remaining input and by {@link #MAX_PRESIZE}), or 0.
     */
    static int presize(Object count) {
        return count instanceof Integer n ? Math.min(Math.max(n, 0), MAX_PRESIZE) : 0;
    }

    static int readCount(Input input, String what) {
        int n = input.readVarInt(true);
        if (input instanceof BoundedInput bounded) {
            bounded.checkLength(n, what);
        } else if (n < 0) {
            throw new KryoException("Negative " + what + " size " + n);
        }
        return n;
    }

    /**
     * The collision counter of a container being filled, or null if it is not counted: it hashes
     * nothing, or it is smaller than {@link ReadWork#COUNTED_SIZE}.
     *
     * @param hashing how adding to it hashes and compares
     * @param n the number of elements or keys it is filled with
     * @return a new counter, or null
     */
    static HashCollisions collisions(Hashing hashing, int n) {
        return hashing == Hashing.NONE || n < ReadWork.COUNTED_SIZE ? null
                : new HashCollisions(hashing == Hashing.TREE_BINS);
    }

    /**
     * Reads one element (or key) about to be added to a hash-based container and charges adding it
     * ({@link ReadWork#hashed}), before the container does the hashing.
     *
     * @param kryo the reading Kryo
     * @param input the input
     * @param work the reading Kryo's work counter
     * @param collisions the container's collision counter, or null if it is not counted
     * @param earlier the elements (or keys) already in the container
     * @param what what is being built, for the message
     * @return the element read
     */
    static Object readHashed(Kryo kryo, Input input, ReadWork work, HashCollisions collisions, Iterable<?> earlier,
                             String what) {
        long mark = work.mark();
        Object item = kryo.readClassAndObject(input);
        work.hashed(mark, collisions, item, earlier, what);
        return item;
    }

    /** How a collection or map is recreated. */
    enum Mode {
        /** Created empty by a factory taking no argument, then filled; cycles through it are kept. */
        MUTABLE,
        /** Created empty with the written comparator, then filled. */
        SORTED,
        /** Created empty with the written capacity, then filled. */
        CAPACITY,
        /** Built from all elements at once (immutable and wrapper kinds). */
        BUILT,
        /** Built from all elements and the written comparator (sorted wrappers). */
        BUILT_SORTED
    }

    static Comparator<?> comparatorOf(Object c) {
        if (c instanceof SortedSet<?> s) {
            return s.comparator();
        }
        if (c instanceof SortedMap<?, ?> m) {
            return m.comparator();
        }
        if (c instanceof PriorityQueue<?> q) {
            return q.comparator();
        }
        if (c instanceof PriorityBlockingQueue<?> q) {
            return q.comparator();
        }
        throw new IllegalStateException("no comparator for " + c.getClass().getName());
    }

    /** A collection serializer for one concrete JDK class. */
    static final class CollectionSerializer extends Serializer<Collection<Object>> {
        private final Mode mode;
        private final Function<Object, Collection<Object>> creator;
        private final BiFunction<Object, List<Object>, Collection<Object>> builder;
        private final Hashing hashing;
        /** Whether its hash code visits its elements (lists and sets); else it is its identity (queues). */
        private final boolean structural;
        /** Whether it allocates its capacity when created ({@code ArrayBlockingQueue}). */
        private final boolean preallocates;
        private final String what;

        CollectionSerializer(Class<?> type, Mode mode, Function<Object, Collection<Object>> creator,
                             BiFunction<Object, List<Object>, Collection<Object>> builder) {
            this.mode = mode;
            this.creator = creator;
            this.builder = builder;
            this.structural = List.class.isAssignableFrom(type) || Set.class.isAssignableFrom(type);
            this.preallocates = type == ArrayBlockingQueue.class;
            if (!Set.class.isAssignableFrom(type) || SortedSet.class.isAssignableFrom(type)) {
                this.hashing = Hashing.NONE;
            } else if (type == CopyOnWriteArraySet.class) {
                this.hashing = Hashing.SCAN;
            } else if (mode == Mode.BUILT) {
                this.hashing = Hashing.TABLE; // Set.copyOf probes; the wrappers' copies are counted alike
            } else {
                this.hashing = Hashing.TREE_BINS;
            }
            this.what = "a " + type.getName();
        }

        @Override
        public void write(Kryo kryo, Output output, Collection<Object> c) {
            switch (mode) {
                case SORTED, BUILT_SORTED -> kryo.writeClassAndObject(output, comparatorOf(c));
                case CAPACITY -> {
                    BlockingQueue<?> q = (BlockingQueue<?>) c;
                    long cap = (long) q.size() + q.remainingCapacity();
                    output.writeVarInt((int) Math.min(Integer.MAX_VALUE, cap), true);
                }
                default -> {
                }
            }
            Object[] items = c.toArray(); // a snapshot: never drains queues, safe for concurrent collections
            output.writeVarInt(items.length, true);
            for (Object item : items) {
                kryo.writeClassAndObject(output, item);
            }
        }

        @Override
        public Collection<Object> read(Kryo kryo, Input input, Class<? extends Collection<Object>> type) {
            ReadWork work = work(kryo);
            long start = work.mark();
            if (structural && mode != Mode.BUILT && mode != Mode.BUILT_SORTED) {
                work.enterContainer(); // a back-reference from inside weighs what it holds so far
            }
            Object arg = null;
            switch (mode) {
                case SORTED, BUILT_SORTED -> {
                    arg = kryo.readClassAndObject(input);
                    if (arg != null && !(arg instanceof Comparator<?>)) {
                        throw new KryoException("Expected a comparator, found " + arg.getClass().getName());
                    }
                    work.cut(start); // the comparator takes no part in the hash code
                }
                case CAPACITY -> {
                    int cap = input.readVarInt(true);
                    if (cap < 1) {
                        throw new KryoException("Bad queue capacity " + cap);
                    }
                    arg = cap;
                }
                default -> {
                }
            }
            int n = readCount(input, "collection");
            if (mode == Mode.BUILT || mode == Mode.BUILT_SORTED) {
                List<Object> items = new ArrayList<>(reserve(input, n, what));
                if (hashing == Hashing.NONE) {
                    for (int i = 0; i < n; i++) {
                        items.add(kryo.readClassAndObject(input));
                    }
                } else {
                    HashCollisions collisions = collisions(hashing, n);
                    for (int i = 0; i < n; i++) {
                        items.add(readHashed(kryo, input, work, collisions, items, what));
                    }
                }
                finish(work, start, n);
                return builder.apply(arg, items);
            }
            if (mode == Mode.CAPACITY) {
                int cap = (Integer) arg;
                if (n > cap) {
                    throw new KryoException("Queue holds " + n + " elements but has capacity " + arg);
                }
                if (preallocates) {
                    reserve(input, (long) cap, what + " of capacity " + cap);
                }
            }
            Collection<Object> c = creator.apply(arg);
            kryo.reference(c);
            switch (hashing) {
                case NONE -> {
                    for (int i = 0; i < n; i++) {
                        c.add(kryo.readClassAndObject(input));
                    }
                }
                case SCAN -> {
                    for (int i = 0; i < n; i++) {
                        long mark = work.mark();
                        Object item = kryo.readClassAndObject(input);
                        work.scanned(mark, c, what);
                        c.add(item);
                    }
                }
                default -> {
                    HashCollisions collisions = collisions(hashing, n);
                    for (int i = 0; i < n; i++) {
                        c.add(readHashed(kryo, input, work, collisions, c, what));
                    }
                }
            }
            finish(work, start, n);
            return c;
        }

        /** Ends the weight of the collection: its slots if its hash code visits them, else 1. */
        private void finish(ReadWork work, long start, int n) {
            if (structural) {
                work.slots(n);
            } else {
                work.cut(start);
            }
        }
    }

    /** A map serializer for one concrete JDK class. */
    static final class MapSerializer extends Serializer<Map<Object, Object>> {
        private final Mode mode;
        private final Function<Object, Map<Object, Object>> creator;
        private final BiFunction<Object, List<Object>, Map<Object, Object>> builder;
        private final Hashing hashing;
        /** Whether its hash code is made of identities ({@code IdentityHashMap}). */
        private final boolean identity;
        private final String what;

        MapSerializer(Class<?> type, Mode mode, Function<Object, Map<Object, Object>> creator,
                      BiFunction<Object, List<Object>, Map<Object, Object>> builder) {
            this.mode = mode;
            this.creator = creator;
            this.builder = builder;
            this.identity = type == IdentityHashMap.class;
            if (SortedMap.class.isAssignableFrom(type) || identity) {
                this.hashing = Hashing.NONE;
            } else if (mode == Mode.BUILT || type == java.util.Hashtable.class) {
                this.hashing = Hashing.TABLE; // Map.copyOf probes, Hashtable chains; the wrappers' copies are counted alike
            } else {
                this.hashing = Hashing.TREE_BINS; // HashMap, LinkedHashMap, ConcurrentHashMap, Properties (one inside)
            }
            this.what = "a " + type.getName();
        }

        @Override
        public void write(Kryo kryo, Output output, Map<Object, Object> m) {
            if (mode == Mode.SORTED || mode == Mode.BUILT_SORTED) {
                kryo.writeClassAndObject(output, comparatorOf(m));
            }
            Class<?> c = m.getClass();
            boolean plain = c == java.util.HashMap.class || c == java.util.LinkedHashMap.class || c == java.util.TreeMap.class
                    || c == java.util.IdentityHashMap.class;
            if (!plain) {
                // a snapshot: taken under the lock for a Hashtable, Properties or a synchronized wrapper, and by the
                // concurrent map itself for a concurrent map or a view of one; other threads may change them
                Object[] entries = m.entrySet().toArray();
                output.writeVarInt(entries.length, true);
                for (Object e : entries) {
                    Map.Entry<?, ?> entry = (Map.Entry<?, ?>) e;
                    kryo.writeClassAndObject(output, entry.getKey());
                    kryo.writeClassAndObject(output, entry.getValue());
                }
                return;
            }
            int size = m.size();
            output.writeVarInt(size, true);
            int written = 0;
            for (Map.Entry<Object, Object> entry : m.entrySet()) {
                if (++written > size) {
                    break;
                }
                kryo.writeClassAndObject(output, entry.getKey());
                kryo.writeClassAndObject(output, entry.getValue());
            }
            if (written != size) {
                throw new KryoException("A " + m.getClass().getName() + " changed size from " + size + " to "
                        + m.size() + " while it was serialized; it is shared with another thread: guard it, or use"
                        + " a concurrent map, which is snapshotted");
            }
        }

        @Override
        public Map<Object, Object> read(Kryo kryo, Input input, Class<? extends Map<Object, Object>> type) {
            ReadWork work = work(kryo);
            long start = work.mark();
            if (!identity && mode != Mode.BUILT && mode != Mode.BUILT_SORTED) {
                work.enterContainer(); // a back-reference from inside weighs what it holds so far
            }
            Object comparator = null;
            if (mode == Mode.SORTED || mode == Mode.BUILT_SORTED) {
                comparator = kryo.readClassAndObject(input);
                if (comparator != null && !(comparator instanceof Comparator<?>)) {
                    throw new KryoException("Expected a comparator, found " + comparator.getClass().getName());
                }
                work.cut(start); // the comparator takes no part in the hash code
            }
            int n = readCount(input, "map");
            HashCollisions collisions = collisions(hashing, n);
            if (mode == Mode.BUILT || mode == Mode.BUILT_SORTED) {
                reserve(input, 2L * n, what);
                List<Object> kv = new ArrayList<>((int) Math.min(2L * n, Integer.MAX_VALUE - 8));
                for (int i = 0; i < n; i++) {
                    // TABLE: counted from the first key, so no earlier keys are needed
                    kv.add(hashing == Hashing.NONE ? kryo.readClassAndObject(input)
                            : readHashed(kryo, input, work, collisions, List.of(), what));
                    kv.add(kryo.readClassAndObject(input));
                }
                work.slots(2L * n);
                return builder.apply(comparator, kv);
            }
            Map<Object, Object> m = creator.apply(mode == Mode.MUTABLE ? (Object) n : comparator);
            kryo.reference(m);
            if (hashing == Hashing.NONE) {
                for (int i = 0; i < n; i++) {
                    Object k = kryo.readClassAndObject(input);
                    Object v = kryo.readClassAndObject(input);
                    m.put(k, v);
                }
            } else {
                for (int i = 0; i < n; i++) {
                    Object k = readHashed(kryo, input, work, collisions, m.keySet(), what);
                    Object v = kryo.readClassAndObject(input);
                    m.put(k, v);
                }
            }
            if (identity) {
                work.cut(start); // its hash code is made of identities
            } else {
                work.slots(2L * n);
            }
            return m;
        }
    }

    /** Object arrays of any dimension, with a bounded length and references to the array kept. */
    static final class ObjectArraySerializer extends Serializer<Object[]> {
        @Override
        public void write(Kryo kryo, Output output, Object[] array) {
            output.writeVarInt(array.length, true);
            for (Object item : array) {
                kryo.writeClassAndObject(output, item);
            }
        }

        @Override
        public Object[] read(Kryo kryo, Input input, Class<? extends Object[]> type) {
            ReadWork work = work(kryo);
            long start = work.mark();
            int n = readCount(input, "array");
            Object[] array = (Object[]) Array.newInstance(type.getComponentType(), reserve(input, n, "an array"));
            kryo.reference(array);
            Class<?> component = type.getComponentType();
            for (int i = 0; i < n; i++) {
                Object item = kryo.readClassAndObject(input);
                if (item != null && !component.isInstance(item)) {
                    throw new KryoException("Array element " + i + " of " + type.getName() + " is a "
                            + item.getClass().getName());
                }
                array[i] = item;
            }
            work.cut(start); // an array's hash code is its identity
            return array;
        }
    }

    /**
     * {@code boolean[]} as Kryo writes it, read through {@link Input#readBooleans}, which
     * {@link BoundedInput} bounds by the bytes left (Kryo's own serializer allocates the declared
     * length first).
     */
    static final class BooleanArraySerializer extends DefaultArraySerializers.BooleanArraySerializer {
        @Override
        @SuppressWarnings("rawtypes")
        public boolean[] read(Kryo kryo, Input input, Class type) {
            int length = input.readVarInt(true);
            if (length == Kryo.NULL) {
                return null;
            }
            return input.readBooleans(length - 1);
        }
    }
}
