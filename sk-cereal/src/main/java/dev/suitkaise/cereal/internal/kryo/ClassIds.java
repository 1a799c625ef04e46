package dev.suitkaise.cereal.internal.kryo;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.LinkedList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The classes a codec writes as small numbers instead of by name, like Kryo's registration: a
 * fixed list of common JDK classes, then the classes given to
 * {@code InternalCereal.Builder.registerClasses}, sorted by name (so the order in which they were
 * given does not matter). The writer and the reader must build their codecs with the same
 * {@code registerClasses} set: every message carries the table's {@link #fingerprint()}, and a
 * reader refuses a message of another table; a codec that meets a number it has no class for
 * fails cleanly. A class read by number is still checked against the
 * allow-list before anything is instantiated. Immutable and thread-safe.
 */
public final class ClassIds {

    /**
     * The first number used for the table: above every id Kryo and {@link CerealKryo} register
     * themselves (primitives, {@code String}, lambdas), so the two never collide, and low enough
     * that the first hundred or so classes take one byte.
     */
    static final int BASE = 16;

    /** Common JDK classes, always numbered first, in this order. Append only, never reorder. */
    private static final List<Class<?>> JDK = List.of(
            ArrayList.class, HashMap.class, LinkedHashMap.class, HashSet.class, LinkedHashSet.class,
            TreeMap.class, TreeSet.class, LinkedList.class, ArrayDeque.class, ConcurrentHashMap.class,
            CopyOnWriteArrayList.class, Optional.class, UUID.class, BigDecimal.class, BigInteger.class,
            Instant.class, Duration.class, LocalDate.class, LocalTime.class, LocalDateTime.class,
            OffsetDateTime.class, ZonedDateTime.class, Object[].class, String[].class, byte[].class,
            int[].class, long[].class, double[].class);

    private static final ClassIds JDK_ONLY = new ClassIds(List.of());

    private final Class<?>[] classes;
    private final IdentityHashMap<Class<?>, Integer> ids;
    private final byte[] fingerprint;

    private ClassIds(Collection<Class<?>> registered) {
        List<Class<?>> all = new ArrayList<>(JDK);
        registered.stream().filter(c -> !JDK.contains(c) && !c.isPrimitive()).distinct()
                .sorted(Comparator.comparing(Class::getName)).forEach(all::add);
        this.classes = all.toArray(Class<?>[]::new);
        IdentityHashMap<Class<?>, Integer> map = new IdentityHashMap<>();
        for (int i = 0; i < classes.length; i++) {
            map.put(classes[i], i);
        }
        this.ids = map;
        this.fingerprint = all.size() == JDK.size() ? new byte[] {0} : hash(all);
    }

    /** The first 4 bytes of the SHA-256 of the table's class names, with the top bit set so the first byte is never 0. */
    private static byte[] hash(List<Class<?>> table) {
        try {
            java.security.MessageDigest sha = java.security.MessageDigest.getInstance("SHA-256");
            for (Class<?> c : table) {
                sha.update(c.getName().getBytes(java.nio.charset.StandardCharsets.UTF_8));
                sha.update((byte) '\n');
            }
            byte[] digest = sha.digest();
            return new byte[] {(byte) (digest[0] | 0x80), digest[1], digest[2], digest[3]};
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK, which every Java platform must provide", e);
        }
    }

    /**
     * The fingerprint of the table, written after the format version of every message: one byte
     * 0 when no class was registered (the message then numbers only the fixed JDK classes, which
     * every table numbers alike, and names every other class, so any codec can read it);
     * otherwise 4 bytes of a hash of the whole table (the first byte has its top bit set, so it is
     * never 0). Computed once per codec.
     *
     * @return a copy of the 1 or 4 bytes
     */
    public byte[] fingerprint() {
        return fingerprint.clone();
    }

    /**
     * The classes given to {@code registerClasses}, for messages.
     *
     * @return their names in table order, as "[a, b]", or "no classes"
     */
    public String describeRegistered() {
        if (classes.length == JDK.size()) {
            return "no classes";
        }
        List<String> names = new ArrayList<>();
        for (int i = JDK.size(); i < classes.length; i++) {
            names.add(classes[i].getName());
        }
        return names.toString();
    }

    /**
     * The table of a codec.
     *
     * @param registered the classes given to {@code registerClasses}
     * @return the table: the JDK classes, then {@code registered} sorted by name
     */
    public static ClassIds of(Collection<Class<?>> registered) {
        return registered.isEmpty() ? JDK_ONLY : new ClassIds(registered);
    }

    /**
     * The number of a class.
     *
     * @param type a class
     * @return its index in the table, or -1 if it is written by name
     */
    int indexOf(Class<?> type) {
        Integer id = ids.get(type);
        return id == null ? -1 : id;
    }

    /**
     * The class at an index.
     *
     * @param index an index read from the input
     * @return the class, or null if the table has no such index
     */
    Class<?> classAt(int index) {
        return index >= 0 && index < classes.length ? classes[index] : null;
    }

    /**
     * The size of the table.
     *
     * @return the number of numbered classes
     */
    int size() {
        return classes.length;
    }
}
