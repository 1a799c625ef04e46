package dev.suitkaise.cereal.internal.external;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The type table entries ({@code TypeInfo} messages) decoded before, keyed by their exact bytes,
 * so that a document whose types were seen before costs a hash and a byte comparison per type
 * instead of decoding and checking its names again. Only entries that decoded without error are
 * kept, so a cached entry stands for exactly what decoding its bytes gives. Holds names only (no
 * classes), is bounded in entries and in entry size, and is emptied when full, so hostile input
 * cannot grow it. Thread-safe.
 */
final class TypeTableCache {

    /** The most entries kept. */
    static final int MAX_ENTRIES = 256;
    /** The largest encoded entry kept, in bytes. */
    static final int MAX_ENTRY_BYTES = 2048;

    /** A decoded entry: the type's name and its member names (shared: never modify the array). */
    record Entry(String name, String[] members) {
    }

    private static final ConcurrentHashMap<Key, Entry> ENTRIES = new ConcurrentHashMap<>();

    private TypeTableCache() {
    }

    /**
     * The entry decoded before from the same bytes.
     *
     * @param bytes the document
     * @param from the first byte of the entry's body
     * @param to the end of the entry's body
     * @return the entry, or null if these bytes were not decoded before
     */
    static Entry get(byte[] bytes, int from, int to) {
        if (to - from > MAX_ENTRY_BYTES) {
            return null;
        }
        return ENTRIES.get(new Key(bytes, from, to));
    }

    /**
     * Remembers an entry that decoded without error.
     *
     * @param bytes the document
     * @param from the first byte of the entry's body
     * @param to the end of the entry's body
     * @param entry what the bytes decode to
     * @return whether the entry was kept (its member array is then shared between documents)
     */
    static boolean put(byte[] bytes, int from, int to, Entry entry) {
        if (to - from > MAX_ENTRY_BYTES) {
            return false;
        }
        if (ENTRIES.size() >= MAX_ENTRIES) {
            ENTRIES.clear();
        }
        ENTRIES.put(new Key(Arrays.copyOfRange(bytes, from, to), 0, to - from), entry);
        return true;
    }

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    /** A hash of every byte of a slice, eight at a time. */
    static int hash(byte[] bytes, int from, int to) {
        long h = to - from;
        int i = from;
        for (; i + Long.BYTES <= to; i += Long.BYTES) {
            h = h * 0x9E3779B97F4A7C15L + (long) LONGS.get(bytes, i);
        }
        for (; i < to; i++) {
            h = h * 31 + bytes[i];
        }
        h ^= h >>> 29;
        return (int) (h ^ (h >>> 32));
    }

    /** A slice of a byte array, compared by content. */
    private static final class Key {
        private final byte[] bytes;
        private final int from;
        private final int to;
        private final int hash;

        Key(byte[] bytes, int from, int to) {
            this.bytes = bytes;
            this.from = from;
            this.to = to;
            this.hash = hash(bytes, from, to);
        }

        @Override
        public int hashCode() {
            return hash;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && k.hash == hash
                    && Arrays.equals(bytes, from, to, k.bytes, k.from, k.to);
        }
    }
}
