package dev.suitkaise.cereal.internal.external;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/**
 * A registered schema in the form the encoder and decoder use: the registered types in order,
 * the name and member names of each (as a document's type table would list them), the index of
 * each class, the schema's id and its published {@code suitkaise.cereal.v1.Schema} message.
 * Immutable and thread-safe.
 *
 * <p>The id is the first eight bytes, read as a little-endian integer, of the SHA-256 digest of
 * the {@code Schema} message without its id field (its {@code types} entries as protoc writes
 * them: name, then members); an id of 0 (which means "no schema" in a document) becomes 1.
 */
public final class SchemaTable {

    private final List<Class<?>> types;
    private final String[] names;
    private final String[][] members;
    private final IdentityHashMap<Class<?>, Integer> indexes = new IdentityHashMap<>();
    private final long id;
    private final byte[] message;
    /** For each registered record or class, the slot of each member in its own model; null for enums. */
    private final int[][] ownSlots;

    private SchemaTable(List<Class<?>> types) {
        this.types = List.copyOf(types);
        int n = this.types.size();
        this.names = new String[n];
        this.members = new String[n][];
        this.ownSlots = new int[n][];
        WireWriter typesOnly = new WireWriter(256);
        for (int i = 0; i < n; i++) {
            Class<?> type = this.types.get(i);
            if (indexes.putIfAbsent(type, i) != null) {
                throw new IllegalArgumentException("Type " + type.getName() + " is registered twice in the schema;"
                        + " list each type once.");
            }
            names[i] = type.getName();
            members[i] = membersOf(type);
            ownSlots[i] = type.isEnum() ? null : ObjectModel.of(type).slots(members[i]);
            int mark = typesOnly.begin(Wire.SCHEMA_TYPES);
            typesOnly.fieldString(Wire.TYPE_NAME, names[i]);
            for (String member : members[i]) {
                typesOnly.fieldString(Wire.TYPE_MEMBERS, member);
            }
            typesOnly.end(mark);
        }
        byte[] body = typesOnly.toByteArray();
        long digest = digest(body);
        this.id = digest == 0 ? 1 : digest;
        WireWriter whole = new WireWriter(body.length + 9);
        whole.tag(Wire.SCHEMA_ID, Wire.FIXED64);
        whole.fixed64(id);
        whole.raw(body);
        this.message = whole.toByteArray();
    }

    /**
     * Builds the table of a list of types.
     *
     * @param types records, classes carried by their fields, and enums, in registration order
     * @return the table
     * @throws IllegalArgumentException if a type is listed twice or has no object or enum form
     */
    public static SchemaTable of(List<Class<?>> types) {
        return new SchemaTable(types);
    }

    private static String[] membersOf(Class<?> type) {
        if (type.isEnum()) {
            Object[] constants = type.getEnumConstants();
            String[] names = new String[constants.length];
            for (int i = 0; i < constants.length; i++) {
                names[i] = ((Enum<?>) constants[i]).name();
            }
            return names;
        }
        if (type.isPrimitive() || type.isArray() || type.isInterface()
                || java.lang.reflect.Modifier.isAbstract(type.getModifiers())) {
            throw new IllegalArgumentException("Type " + type.getName() + " cannot be registered in a schema: only"
                    + " records, concrete classes carried by their fields and enums are written with a type; register"
                    + " the concrete classes instead.");
        }
        ObjectModel model = ObjectModel.of(type);
        if (!model.objectType) {
            throw new IllegalArgumentException("Type " + type.getName() + " cannot be registered in a schema: the"
                    + " external codec writes it as " + Shape.of(type).name().toLowerCase(java.util.Locale.ROOT)
                    + ", not as a typed object; register only records, classes carried by their fields and enums.");
        }
        String[] names = model.names.clone();
        Set<String> unique = new HashSet<>(List.of(names));
        if (unique.size() != names.length) {
            throw new IllegalArgumentException("Type " + type.getName() + " cannot be registered in a schema: "
                    + model.readProblem() + ".");
        }
        return names;
    }

    private static long digest(byte[] body) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(body);
            long v = 0;
            for (int i = 7; i >= 0; i--) {
                v = (v << 8) | (d[i] & 0xFF);
            }
            return v;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM, which every Java platform must provide", e);
        }
    }

    /**
     * The registered types, in order.
     *
     * @return an immutable list
     */
    public List<Class<?>> types() {
        return types;
    }

    /**
     * The schema's id, as documents written against it carry it in {@code Document.schema}.
     *
     * @return a non-zero id
     */
    public long id() {
        return id;
    }

    /**
     * The published {@code suitkaise.cereal.v1.Schema} message.
     *
     * @return a new copy of its bytes
     */
    public byte[] message() {
        return message.clone();
    }

    /** The number of registered types: the first document type index is this number. */
    int size() {
        return names.length;
    }

    /** The index of a class in the schema, or -1. */
    int indexOf(Class<?> type) {
        Integer i = indexes.get(type);
        return i == null ? -1 : i;
    }

    /** The type names by index (shared: never modify the array). */
    String[] sharedNames() {
        return names;
    }

    /** The member names by type index (shared: never modify the arrays). */
    String[][] sharedMembers() {
        return members;
    }

    /**
     * The slots of a registered type's members when it is read into its own class, or null if
     * {@code model} is not that class's model (or the type is an enum).
     */
    int[] ownSlots(int index, ObjectModel model) {
        return model.type == types.get(index) ? ownSlots[index] : null;
    }

    String name(int index) {
        return names[index];
    }

    /** The member names of a type (shared: never modify the array). */
    String[] members(int index) {
        return members[index];
    }

    /** The registered type names, for messages. */
    List<String> names() {
        List<String> list = new ArrayList<>(names.length);
        for (String name : names) {
            list.add(name);
        }
        return list;
    }

    /**
     * The id as the fixed 16-digit hexadecimal text used in messages.
     *
     * @param id an id
     * @return for example {@code 0x00c0ffee00c0ffee}
     */
    public static String hex(long id) {
        return String.format("0x%016x", id);
    }
}
