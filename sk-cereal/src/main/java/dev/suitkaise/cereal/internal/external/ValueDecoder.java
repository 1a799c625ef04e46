package dev.suitkaise.cereal.internal.external;

import com.google.protobuf.Any;
import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import dev.suitkaise.cereal.ExternalCereal.Limits;
import dev.suitkaise.cereal.SKCerealException;
import dev.suitkaise.cereal.internal.HashCollisions;
import java.lang.reflect.Array;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.MonthDay;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.Period;
import java.time.Year;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Reads a {@code suitkaise.cereal.v1.Document} straight from its wire format into plain Java
 * values or into a requested type. Every length is checked against the enclosing message before
 * it is trusted, nothing is allocated ahead from sizes the input claims, and depth and value
 * counts are checked as they grow, so hostile input fails fast with an {@link SKCerealException}.
 */
public final class ValueDecoder {
    private static final Object IN_PROGRESS = new Object();
    private static final Object NO = new Object();
    private static final int MAX_BIG_INTEGER_DIGITS = 100_000;

    private static final ClassValue<Map<String, Object>> ENUM_CONSTANTS = new ClassValue<>() {
        @Override
        protected Map<String, Object> computeValue(Class<?> type) {
            Map<String, Object> constants = new HashMap<>();
            for (Object constant : type.getEnumConstants()) {
                constants.put(((Enum<?>) constant).name(), constant);
            }
            return constants;
        }
    };

    private final byte[] b;
    private final Limits limits;
    /** The codec's registered schema, or null. */
    private final SchemaTable schema;
    /** Whether the document was written against {@link #schema}: its first type indexes are the schema's. */
    private boolean usesSchema;
    private final ObjectPath path = new ObjectPath();
    private int pos;
    private int limit;
    private int field;
    private int wire;
    private String[] typeNames = new String[0];
    private String[][] typeMembers = new String[0][];
    private ObjectModel[] slotModels;
    /** Types of the table whose member arrays are not shared through {@link TypeTableCache}; null if none. */
    private java.util.BitSet unsharedTypes;
    private int[][] slotMaps;
    private Object[] composites = new Object[16];
    private int compositeCount;
    private int depth;
    /** How many map keys and set elements enclose the value being read. */
    private int hashedDepth;
    private long values;
    /** Comparisons of keys (and set elements) with earlier ones of the same hash code, weighted by their size. */
    private long collisionWork;

    private ValueDecoder(byte[] bytes, Limits limits, SchemaTable schema) {
        this.b = bytes;
        this.limits = limits;
        this.schema = schema;
        this.limit = bytes.length;
    }

    /**
     * Decodes a document.
     *
     * @param bytes the document bytes
     * @param type the requested type; {@code Object.class} for plain values
     * @param limits the limits to apply
     * @param <T> the requested type
     * @return the value
     * @throws SKCerealException on any invalid, over-limit or mismatching input
     */
    public static <T> T decode(byte[] bytes, Class<T> type, Limits limits) {
        return decode(bytes, type, limits, null);
    }

    /**
     * Decodes a document with a registered schema at hand: a document that names the schema's id
     * refers to its types by number; a self-describing document is read as without one.
     *
     * @param bytes the document bytes
     * @param type the requested type; {@code Object.class} for plain values
     * @param limits the limits to apply
     * @param schema the codec's registered schema, or null
     * @param <T> the requested type
     * @return the value
     * @throws SKCerealException on any invalid, over-limit or mismatching input, and for a document
     *     written against another schema than {@code schema}
     */
    @SuppressWarnings("unchecked")
    public static <T> T decode(byte[] bytes, Class<T> type, Limits limits, SchemaTable schema) {
        if (bytes.length > limits.maxBytes()) {
            throw new SKCerealException("Cannot deserialize " + bytes.length + " bytes: more than maxBytes="
                    + limits.maxBytes() + "; raise ExternalCereal.Limits.maxBytes if the data is trusted.");
        }
        ValueDecoder decoder = new ValueDecoder(bytes, limits, schema);
        try {
            return (T) decoder.readDocument(type);
        } catch (SKCerealException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new SKCerealException("Cannot deserialize at " + decoder.path + " (byte " + decoder.pos
                    + ") into " + type.getName() + ": unexpected " + e + ".", e);
        }
    }

    // ---------------------------------------------------------------- wire level

    private SKCerealException malformed(String what) {
        return new SKCerealException("Cannot deserialize at " + path + " (byte " + pos + "): " + what
                + ". The bytes are not a valid suitkaise.cereal.v1.Document (truncated, corrupted or not"
                + " written from value.proto); check that they are complete and unchanged.");
    }

    private SKCerealException mismatch(String what) {
        return new SKCerealException("Cannot deserialize at " + path + ": " + what + ". Deserialize into the"
                + " type that was serialized, or into Object.class to get plain values.");
    }

    private SKCerealException mismatch(int kind, Type target) {
        return mismatch("expected a value for " + target.getTypeName() + " but found " + Wire.kindName(kind));
    }

    /**
     * A counter of equal hash codes for a container being filled, or null if adding to it hashes
     * and compares nothing (lists, queues, sorted, identity and enum containers) or compares every
     * element anyway ({@code CopyOnWriteArraySet}, charged by {@link #collide}).
     */
    private static HashCollisions collisionsFor(Object container) {
        if (container instanceof List || container instanceof java.util.Queue || container instanceof java.util.SortedSet
                || container instanceof java.util.SortedMap || container instanceof java.util.IdentityHashMap
                || container instanceof java.util.EnumSet || container instanceof java.util.EnumMap
                || container instanceof java.util.concurrent.CopyOnWriteArraySet) {
            return null;
        }
        return new HashCollisions(container instanceof HashMap || container instanceof HashSet
                || container instanceof ConcurrentHashMap || container instanceof ConcurrentHashMap.KeySetView);
    }

    /**
     * Charges adding a key or set element: a hash table compares it with every earlier key of the
     * same hash code, and a {@code CopyOnWriteArraySet} with every element, each comparison costing
     * up to the key's size; a document that would cause more than its budget is refused before the
     * container does the work.
     */
    private void collide(HashCollisions collisions, Object container, Object key, Iterable<?> earlier, int keyBytes) {
        long same;
        if (collisions != null) {
            same = collisions.add(key, earlier);
        } else if (container instanceof java.util.concurrent.CopyOnWriteArraySet<?> set) {
            same = set.size();
        } else {
            return;
        }
        if (same == 0) {
            return;
        }
        collisionWork += same * (1 + Math.max(0, keyBytes));
        long budget = HashCollisions.budgetFor(b.length);
        if (collisionWork > budget) {
            throw new SKCerealException("Cannot deserialize at " + path + ": building " + container.getClass().getName()
                    + " would compare keys with equal hash codes more than " + budget + " times (weighted by key"
                    + " size), the most a document of " + b.length + " bytes may cause (" + HashCollisions.BASE_BUDGET
                    + " plus " + HashCollisions.BUDGET_PER_BYTE + " per byte): the input is corrupted or hostile (many"
                    + " keys or set elements with one hash code). Key such data by values with distinct hash codes.");
        }
    }

    private void count() {
        if (++values > limits.maxValues()) {
            throw new SKCerealException("Cannot deserialize at " + path + ": the document holds more than"
                    + " maxValues=" + limits.maxValues() + " values; raise ExternalCereal.Limits.maxValues if"
                    + " the data is trusted.");
        }
    }

    private long varint() {
        long result = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            if (pos >= limit) {
                throw malformed("a number runs past the end of its message");
            }
            byte x = b[pos++];
            result |= (long) (x & 0x7F) << shift;
            if (x >= 0) {
                return result;
            }
        }
        throw malformed("a number is longer than 10 bytes");
    }

    private long fixed64() {
        if (limit - pos < 8) {
            throw malformed("an 8-byte number runs past the end of its message");
        }
        long result = 0;
        for (int i = 0; i < 8; i++) {
            result |= (long) (b[pos++] & 0xFF) << (8 * i);
        }
        return result;
    }

    /** Reads the next field key into {@link #field} and {@link #wire}; false at the end. */
    private boolean nextField() {
        if (pos >= limit) {
            return false;
        }
        long key = varint();
        if (key > 0xFFFF_FFFFL || (key >>> 3) == 0) {
            throw malformed("invalid field key " + key);
        }
        field = (int) (key >>> 3);
        wire = (int) (key & 7);
        if (wire > Wire.FIXED32) {
            throw malformed("invalid wire type " + wire);
        }
        return true;
    }

    /** Reads a length and returns where the bytes it announces end. */
    private int lengthEnd() {
        long length = varint();
        if (length < 0 || length > limit - pos) {
            throw malformed("a length of " + length + " bytes runs past the end of its message ("
                    + (limit - pos) + " bytes left)");
        }
        return pos + (int) length;
    }

    /** Enters the length-delimited field at pos; returns the outer limit for {@link #leave}. */
    private int enter() {
        int end = lengthEnd();
        int outer = limit;
        limit = end;
        return outer;
    }

    private void leave(int outer) {
        pos = limit;
        limit = outer;
    }

    private void skip() {
        switch (wire) {
            case Wire.VARINT -> varint();
            case Wire.FIXED64 -> skipBytes(8);
            case Wire.LEN -> pos = lengthEnd();
            case Wire.FIXED32 -> skipBytes(4);
            default -> throw malformed("field " + field + " uses a group, which value.proto never uses");
        }
    }

    private void skipBytes(int n) {
        if (limit - pos < n) {
            throw malformed("field " + field + " runs past the end of its message");
        }
        pos += n;
    }

    private void expect(int wireType, String what) {
        if (wire != wireType) {
            throw malformed(what + " has wire type " + wire + ", expected " + wireType);
        }
    }

    private String readString() {
        int end = lengthEnd();
        int start = pos;
        pos = end;
        return string(start, end);
    }

    private String string(int start, int end) {
        int i = start;
        while (i < end && b[i] >= 0) {
            i++;
        }
        if (i == end) {
            return new String(b, start, end - start, StandardCharsets.ISO_8859_1);
        }
        if (!validUtf8(b, i, end)) {
            throw malformed("a string is not valid UTF-8");
        }
        return new String(b, start, end - start, StandardCharsets.UTF_8);
    }

    static boolean validUtf8(byte[] bytes, int from, int end) {
        int i = from;
        while (i < end) {
            int c = bytes[i] & 0xFF;
            if (c < 0x80) {
                i++;
            } else if (c < 0xC2) {
                return false;
            } else if (c < 0xE0) {
                if (i + 1 >= end || (bytes[i + 1] & 0xC0) != 0x80) {
                    return false;
                }
                i += 2;
            } else if (c < 0xF0) {
                if (i + 2 >= end) {
                    return false;
                }
                int c1 = bytes[i + 1] & 0xFF;
                if ((c1 & 0xC0) != 0x80 || (bytes[i + 2] & 0xC0) != 0x80
                        || (c == 0xE0 && c1 < 0xA0) || (c == 0xED && c1 >= 0xA0)) {
                    return false;
                }
                i += 3;
            } else if (c < 0xF5) {
                if (i + 3 >= end) {
                    return false;
                }
                int c1 = bytes[i + 1] & 0xFF;
                if ((c1 & 0xC0) != 0x80 || (bytes[i + 2] & 0xC0) != 0x80 || (bytes[i + 3] & 0xC0) != 0x80
                        || (c == 0xF0 && c1 < 0x90) || (c == 0xF4 && c1 >= 0x90)) {
                    return false;
                }
                i += 4;
            } else {
                return false;
            }
        }
        return true;
    }

    // ---------------------------------------------------------------- document

    private Object readDocument(Type target) {
        List<String> names = new ArrayList<>();
        List<String[]> members = new ArrayList<>();
        int root = -1;
        long schemaId = 0;
        while (nextField()) {
            if (field == Wire.DOC_TYPES) {
                expect(Wire.LEN, "Document.types");
                readTypeInfo(names, members);
            } else if (field == Wire.DOC_ROOT) {
                expect(Wire.LEN, "Document.root");
                if (root >= 0) {
                    throw malformed("the document has two root values");
                }
                root = pos;
                pos = lengthEnd();
            } else if (field == Wire.DOC_SCHEMA) {
                expect(Wire.FIXED64, "Document.schema");
                schemaId = fixed64();
            } else {
                skip();
            }
        }
        if (root < 0) {
            throw malformed(b.length == 0 ? "the input is empty" : "the document has no root value");
        }
        usesSchema = schemaId != 0;
        if (schemaId != 0 && names.isEmpty()) {
            checkSchema(schemaId);
            typeNames = schema.sharedNames(); // never modified here
            typeMembers = schema.sharedMembers();
        } else {
            if (schemaId != 0) {
                checkSchema(schemaId);
                prependSchema(names, members);
            }
            typeNames = names.toArray(new String[0]);
            typeMembers = members.toArray(new String[0][]);
        }
        pos = root;
        limit = b.length;
        return readValue(target);
    }

    /** Checks that a document was written against this codec's schema. */
    private void checkSchema(long schemaId) {
        if (schema == null) {
            throw new SKCerealException("Cannot deserialize: the document was written against the registered schema "
                    + SchemaTable.hex(schemaId) + ", whose types it names by number only, and this codec has no"
                    + " schema. Read it with SKCereal.external().withSchema(ExternalSchema.of(...)) registering the"
                    + " same types in the same order as the writer (a reader in another language loads the writer's"
                    + " published suitkaise.cereal.v1.Schema, see value.proto).");
        }
        if (schema.id() != schemaId) {
            throw new SKCerealException("Cannot deserialize: the document was written against the registered schema "
                    + SchemaTable.hex(schemaId) + " but this codec's schema is " + SchemaTable.hex(schema.id())
                    + " (types " + schema.names() + "). Writer and reader must register the same types, with the"
                    + " same fields or constants, in the same order; rebuild both from one ExternalSchema.of(...)"
                    + " list, or write self-describing documents with a codec without a schema.");
        }
    }

    /** Puts the registered schema's types before the document's own (checked by {@link #checkSchema}). */
    private void prependSchema(List<String> names, List<String[]> members) {
        int n = schema.size();
        List<String> ownNames = new ArrayList<>(names);
        List<String[]> ownMembers = new ArrayList<>(members);
        names.clear();
        members.clear();
        for (int i = 0; i < n; i++) {
            names.add(schema.name(i));
            members.add(schema.members(i));
        }
        names.addAll(ownNames);
        members.addAll(ownMembers);
        if (unsharedTypes != null) {
            java.util.BitSet shifted = new java.util.BitSet();
            for (int i = unsharedTypes.nextSetBit(0); i >= 0; i = unsharedTypes.nextSetBit(i + 1)) {
                shifted.set(i + n);
            }
            unsharedTypes = shifted;
        }
    }

    private void readTypeInfo(List<String> names, List<String[]> members) {
        int end = lengthEnd();
        int start = pos;
        TypeTableCache.Entry cached = TypeTableCache.get(b, start, end);
        if (cached != null) {
            count();
            for (int i = 0; i < cached.members().length; i++) {
                count();
            }
            pos = end;
            names.add(cached.name());
            members.add(cached.members());
            return;
        }
        int outer = limit;
        limit = end;
        count();
        String name = "";
        List<String> list = new ArrayList<>();
        while (nextField()) {
            if (field == Wire.TYPE_NAME) {
                expect(Wire.LEN, "TypeInfo.name");
                name = readString();
            } else if (field == Wire.TYPE_MEMBERS) {
                expect(Wire.LEN, "TypeInfo.members");
                count();
                list.add(readString());
            } else {
                skip();
            }
        }
        leave(outer);
        if (new HashSet<>(list).size() != list.size()) {
            throw malformed("type " + name + " in the type table lists a member name twice");
        }
        String[] memberArray = list.toArray(new String[0]);
        names.add(name);
        members.add(memberArray);
        if (!TypeTableCache.put(b, start, end, new TypeTableCache.Entry(name, memberArray))) {
            if (unsharedTypes == null) {
                unsharedTypes = new java.util.BitSet();
            }
            unsharedTypes.set(names.size() - 1);
        }
    }

    // ---------------------------------------------------------------- values

    /** Reads the length-delimited Value at pos. */
    private Object readValue(Type target) {
        Class<?> raw = target instanceof Class<?> c ? c : Types.raw(target);
        if (raw == java.util.Optional.class) {
            Type inner = target instanceof java.lang.reflect.ParameterizedType p
                    ? Types.substitute(p.getActualTypeArguments()[0], Map.of()) : Object.class;
            return java.util.Optional.ofNullable(readValue(inner));
        } else if (raw == java.util.OptionalInt.class) {
            Integer value = (Integer) readValue(Integer.class);
            return value == null ? java.util.OptionalInt.empty() : java.util.OptionalInt.of(value);
        } else if (raw == java.util.OptionalLong.class) {
            Long value = (Long) readValue(Long.class);
            return value == null ? java.util.OptionalLong.empty() : java.util.OptionalLong.of(value);
        } else if (raw == java.util.OptionalDouble.class) {
            Double value = (Double) readValue(Double.class);
            return value == null ? java.util.OptionalDouble.empty() : java.util.OptionalDouble.of(value);
        }
        return readPresentValue(target);
    }

    /** Reads the length-delimited Value at pos into a target that is not an Optional. */
    private Object readPresentValue(Type target) {
        count();
        int outer = enter();
        Object result = null;
        int kind = 0;
        while (nextField()) {
            if (field <= Wire.V_LAST) {
                if (kind != 0) {
                    throw malformed("a value has two kinds, " + Wire.kindName(kind) + " and "
                            + Wire.kindName(field));
                }
                kind = field;
                result = readKind(kind, target);
            } else {
                skip();
            }
        }
        leave(outer);
        if (kind == 0) {
            throw malformed("a value has no kind set");
        }
        return result;
    }

    private Object readKind(int kind, Type target) {
        switch (kind) {
            case Wire.V_NULL -> {
                expect(Wire.VARINT, "null_value");
                if (varint() != 0) {
                    throw malformed("null_value is not NULL (0)");
                }
                if (Types.raw(target).isPrimitive()) {
                    throw mismatch("found null for the primitive " + target.getTypeName());
                }
                return null;
            }
            case Wire.V_BOOL -> {
                expect(Wire.VARINT, "bool_value");
                return adapt(varint() != 0, kind, target);
            }
            case Wire.V_INT64 -> {
                expect(Wire.VARINT, "int64_value");
                long z = varint();
                long value = (z >>> 1) ^ -(z & 1);
                if (target == int.class || target == Integer.class) { // the common case, without boxing a Long first
                    checkRange(value, Integer.MIN_VALUE, Integer.MAX_VALUE, Integer.class);
                    return (int) value;
                }
                return adapt(value, kind, target);
            }
            case Wire.V_UINT64 -> {
                expect(Wire.VARINT, "uint64_value");
                long u = varint();
                Object plain = u >= 0 ? (Object) u : new BigInteger(Long.toUnsignedString(u));
                return adapt(plain, kind, target);
            }
            case Wire.V_DOUBLE -> {
                expect(Wire.FIXED64, "double_value");
                return adapt(Double.longBitsToDouble(fixed64()), kind, target);
            }
            case Wire.V_STRING -> {
                expect(Wire.LEN, "string_value");
                String text = readString();
                return target == String.class ? text : adapt(text, kind, target);
            }
            case Wire.V_BYTES -> {
                expect(Wire.LEN, "bytes_value");
                int end = lengthEnd();
                byte[] bytes = Arrays.copyOfRange(b, pos, end);
                pos = end;
                return adapt(bytes, kind, target);
            }
            case Wire.V_TIMESTAMP -> {
                expect(Wire.LEN, "timestamp_value");
                return adapt(readTimestamp(), kind, target);
            }
            case Wire.V_DURATION -> {
                expect(Wire.LEN, "duration_value");
                return adapt(readDuration(), kind, target);
            }
            case Wire.V_DECIMAL -> {
                expect(Wire.LEN, "decimal_value");
                return adapt(readDecimal(), kind, target);
            }
            case Wire.V_ENUM -> {
                expect(Wire.LEN, "enum_value");
                return adapt(readEnumName(), kind, target);
            }
            case Wire.V_MESSAGE -> {
                expect(Wire.LEN, "message");
                return adapt(readAny(), kind, target);
            }
            case Wire.V_REF -> {
                expect(Wire.VARINT, "ref");
                return readRef(target);
            }
            default -> {
                if (wire != Wire.LEN) {
                    throw malformed(Wire.kindName(kind) + " has wire type " + wire + ", expected " + Wire.LEN);
                }
                return readComposite(kind, target);
            }
        }
    }

    /**
     * Reads the body of a {@code google.protobuf.Timestamp} or {@code Duration}: both are
     * {@code seconds = 1; nanos = 2}.
     *
     * @param type the message's name, for errors
     * @return seconds and nanos
     */
    private long[] readSecondsAndNanos(String type) {
        int outer = enter();
        long seconds = 0;
        long nanos = 0;
        while (nextField()) {
            if (field == Wire.TIME_SECONDS) {
                expect(Wire.VARINT, type + ".seconds");
                seconds = varint();
            } else if (field == Wire.TIME_NANOS) {
                expect(Wire.VARINT, type + ".nanos");
                nanos = (int) varint();
            } else {
                skip();
            }
        }
        leave(outer);
        return new long[] {seconds, nanos};
    }

    private Instant readTimestamp() {
        long[] sn = readSecondsAndNanos("Timestamp");
        long seconds = sn[0];
        long nanos = sn[1];
        if (nanos < 0 || nanos > 999_999_999) {
            throw malformed("a timestamp has nanos " + nanos + " outside 0..999999999");
        }
        try {
            return Instant.ofEpochSecond(seconds, nanos);
        } catch (DateTimeException | ArithmeticException e) {
            throw malformed("a timestamp of " + seconds + " seconds is outside java.time.Instant's range");
        }
    }

    private Duration readDuration() {
        long[] sn = readSecondsAndNanos("Duration");
        long seconds = sn[0];
        long nanos = sn[1];
        if (nanos <= -1_000_000_000 || nanos >= 1_000_000_000 || (seconds > 0 && nanos < 0)
                || (seconds < 0 && nanos > 0)) {
            throw malformed("a duration has nanos " + nanos + " out of range or of another sign than its seconds");
        }
        try {
            return Duration.ofSeconds(seconds, nanos);
        } catch (ArithmeticException e) {
            throw malformed("a duration of " + seconds + " seconds is outside java.time.Duration's range");
        }
    }

    private BigDecimal readDecimal() {
        int outer = enter();
        BigInteger unscaled = BigInteger.ZERO;
        int scale = 0;
        while (nextField()) {
            if (field == Wire.DEC_UNSCALED) {
                expect(Wire.LEN, "Decimal.unscaled");
                int end = lengthEnd();
                unscaled = end == pos ? BigInteger.ZERO : new BigInteger(b, pos, end - pos);
                pos = end;
            } else if (field == Wire.DEC_SCALE) {
                expect(Wire.VARINT, "Decimal.scale");
                int z = (int) varint();
                scale = (z >>> 1) ^ -(z & 1);
            } else {
                skip();
            }
        }
        leave(outer);
        return new BigDecimal(unscaled, scale);
    }

    private String readEnumName() {
        int outer = enter();
        long type = 0;
        long constant = 0;
        while (nextField()) {
            if (field == Wire.OBJ_TYPE) {
                expect(Wire.VARINT, "EnumValue.type");
                type = varint();
            } else if (field == Wire.ENUM_CONSTANT) {
                expect(Wire.VARINT, "EnumValue.constant");
                constant = varint();
            } else {
                skip();
            }
        }
        leave(outer);
        String[] members = members(type);
        if (constant < 0 || constant >= members.length) {
            throw malformed("enum constant " + constant + " is not among the " + members.length
                    + " constants of " + typeNames[(int) type]);
        }
        return members[(int) constant];
    }

    private String[] members(long type) {
        if (type < 0 || type >= typeNames.length) {
            throw malformed("type index " + type + " is not in the type table of " + typeNames.length + " types");
        }
        return typeMembers[(int) type];
    }

    private Any readAny() {
        int outer = enter();
        String url = "";
        ByteString value = ByteString.EMPTY;
        while (nextField()) {
            if (field == Wire.ANY_TYPE_URL) {
                expect(Wire.LEN, "Any.type_url");
                url = readString();
            } else if (field == Wire.ANY_VALUE) {
                expect(Wire.LEN, "Any.value");
                int end = lengthEnd();
                value = ByteString.copyFrom(b, pos, end - pos);
                pos = end;
            } else {
                skip();
            }
        }
        leave(outer);
        return Any.newBuilder().setTypeUrl(url).setValue(value).build();
    }

    private Object readRef(Type target) {
        long number = varint();
        if (hashedDepth > 0) {
            // hashing or comparing a key built from shared parts can cost exponential time
            throw malformed("a map key or set element refers to shared object " + number + "; keys and set"
                    + " elements must be written in full");
        }
        if (number < 0 || number >= compositeCount) {
            throw malformed("ref " + number + " points to no earlier list, map or object (" + compositeCount
                    + " so far)");
        }
        Object shared = composites[(int) number];
        if (shared == IN_PROGRESS) {
            throw malformed("ref " + number + " points to one of its own containers (a cycle)");
        }
        Class<?> raw = Types.raw(target);
        if (raw != Object.class && !box(raw).isInstance(shared)) {
            throw mismatch("the shared object numbered " + number + " was read as a "
                    + shared.getClass().getName() + ", not a " + target.getTypeName()
                    + "; declare both places that share it with the same type");
        }
        return shared;
    }

    // ---------------------------------------------------------------- composites

    private Object readComposite(int kind, Type target) {
        int outer = enter();
        if (depth >= limits.maxDepth()) {
            throw new SKCerealException("Cannot deserialize at " + path + ": lists, maps and objects nest"
                    + " deeper than maxDepth=" + limits.maxDepth() + "; raise ExternalCereal.Limits.maxDepth"
                    + " if the data is trusted.");
        }
        depth++;
        int number = compositeCount;
        if (number == composites.length) {
            composites = Arrays.copyOf(composites, number * 2);
        }
        composites[compositeCount++] = IN_PROGRESS;
        Object result = switch (kind) {
            case Wire.V_LIST -> readList(target);
            case Wire.V_STRING_MAP -> readStringMap(target);
            case Wire.V_VALUE_MAP -> readValueMap(target);
            case Wire.V_OBJECT -> readObject(target);
            case Wire.V_INT64_LIST -> readInt64List(target);
            case Wire.V_DOUBLE_LIST -> readDoubleList(target);
            default -> throw new IllegalStateException("not a composite kind: " + kind);
        };
        composites[number] = result;
        depth--;
        leave(outer);
        return result;
    }

    private Object readList(Type target) {
        Class<?> raw = Types.raw(target);
        if (raw.isArray()) {
            Type component = Types.component(target);
            List<Object> items = new ArrayList<>();
            readItems(items, component);
            Object array = Array.newInstance(raw.getComponentType(), items.size());
            for (int i = 0; i < items.size(); i++) {
                Array.set(array, i, items.get(i));
            }
            return array;
        }
        Collection<Object> collection = newCollection(raw, Wire.V_LIST, target);
        readItems(collection, Types.argumentsOf(target, Collection.class)[0]);
        return collection;
    }

    private void readItems(Collection<Object> into, Type elementType) {
        path.pushIndex(0);
        boolean hashed = !(into instanceof List) && !(into instanceof java.util.Queue);
        HashCollisions collisions = hashed ? collisionsFor(into) : null;
        int i = 0;
        while (nextField()) {
            if (field == Wire.ITEMS) {
                expect(Wire.LEN, "List.items");
                path.setIndex(i++);
                if (hashed) {
                    hashedDepth++;
                    int at = pos;
                    Object element = readValue(elementType);
                    hashedDepth--;
                    collide(collisions, into, element, into, pos - at);
                    add(into, element);
                } else {
                    add(into, readValue(elementType));
                }
            } else {
                skip();
            }
        }
        path.pop();
    }

    private void add(Collection<Object> into, Object element) {
        try {
            into.add(element);
        } catch (RuntimeException e) {
            throw mismatch("a " + into.getClass().getName() + " refused the element " + element + " (" + e + ")");
        }
    }

    private Collection<Object> newCollection(Class<?> raw, int kind, Type target) {
        if (raw.isAssignableFrom(ArrayList.class)) {
            return new ArrayList<>();
        }
        if (raw.isAssignableFrom(LinkedHashSet.class)) {
            return new LinkedHashSet<>();
        }
        if (raw.isAssignableFrom(TreeSet.class)) {
            return new TreeSet<>();
        }
        if (raw.isAssignableFrom(ArrayDeque.class)) {
            return new ArrayDeque<>();
        }
        if (raw == java.util.EnumSet.class) {
            return enumSet(enumArgument(Types.argumentsOf(target, Collection.class)[0], kind, target));
        }
        if (Collection.class.isAssignableFrom(raw)) {
            return instantiate(raw, kind, target);
        }
        throw mismatch(kind, target);
    }

    private Class<?> enumArgument(Type argument, int kind, Type target) {
        Class<?> type = Types.raw(argument);
        if (!type.isEnum()) {
            throw mismatch("cannot create " + target.getTypeName() + " for " + Wire.kindName(kind)
                    + " without knowing its enum type; declare the type argument");
        }
        return type;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Collection<Object> enumSet(Class<?> elementType) {
        return (Collection<Object>) (Collection) java.util.EnumSet.noneOf((Class) elementType);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Map<Object, Object> enumMap(Class<?> keyType) {
        return (Map<Object, Object>) (Map) new java.util.EnumMap(keyType);
    }

    private Map<Object, Object> newMap(Class<?> raw, int kind, Type target) {
        if (raw.isAssignableFrom(LinkedHashMap.class)) {
            return new LinkedHashMap<>();
        }
        if (raw.isAssignableFrom(TreeMap.class)) {
            return new TreeMap<>();
        }
        if (raw.isAssignableFrom(ConcurrentHashMap.class)) {
            return new ConcurrentHashMap<>();
        }
        if (raw == java.util.EnumMap.class) {
            return enumMap(enumArgument(Types.argumentsOf(target, Map.class)[0], kind, target));
        }
        if (Map.class.isAssignableFrom(raw)) {
            return instantiate(raw, kind, target);
        }
        throw mismatch(kind, target);
    }

    @SuppressWarnings("unchecked")
    private <C> C instantiate(Class<?> raw, int kind, Type target) {
        try {
            Constructor<?> constructor = raw.getConstructor();
            return (C) constructor.newInstance();
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw mismatch("cannot create a " + raw.getName() + " for " + Wire.kindName(kind) + " (" + e
                    + "); declare an interface type such as List, Set or Map, or a class with a public"
                    + " no-argument constructor");
        }
    }

    private Object readInt64List(Type target) {
        long[] items = new long[16];
        int n = 0;
        while (nextField()) {
            if (field != Wire.ITEMS) {
                skip();
            } else if (wire == Wire.LEN) {
                int outer = enter();
                while (pos < limit) {
                    count();
                    if (n == items.length) {
                        items = Arrays.copyOf(items, n * 2);
                    }
                    long z = varint();
                    items[n++] = (z >>> 1) ^ -(z & 1);
                }
                leave(outer);
            } else {
                expect(Wire.VARINT, "Int64List.items");
                count();
                if (n == items.length) {
                    items = Arrays.copyOf(items, n * 2);
                }
                long z = varint();
                items[n++] = (z >>> 1) ^ -(z & 1);
            }
        }
        Class<?> raw = Types.raw(target);
        if (raw == long[].class) {
            return Arrays.copyOf(items, n);
        }
        long[] values = items;
        return unpacked(n, i -> values[i], Wire.V_INT64, Wire.V_INT64_LIST, raw, target);
    }

    private Object readDoubleList(Type target) {
        double[] items = new double[16];
        int n = 0;
        while (nextField()) {
            if (field != Wire.ITEMS) {
                skip();
            } else if (wire == Wire.LEN) {
                int outer = enter();
                if ((limit - pos) % 8 != 0) {
                    throw malformed("packed doubles take " + (limit - pos) + " bytes, not a multiple of 8");
                }
                while (pos < limit) {
                    count();
                    if (n == items.length) {
                        items = Arrays.copyOf(items, n * 2);
                    }
                    items[n++] = Double.longBitsToDouble(fixed64());
                }
                leave(outer);
            } else {
                expect(Wire.FIXED64, "DoubleList.items");
                count();
                if (n == items.length) {
                    items = Arrays.copyOf(items, n * 2);
                }
                items[n++] = Double.longBitsToDouble(fixed64());
            }
        }
        Class<?> raw = Types.raw(target);
        if (raw == double[].class) {
            return Arrays.copyOf(items, n);
        }
        double[] values = items;
        return unpacked(n, i -> values[i], Wire.V_DOUBLE, Wire.V_DOUBLE_LIST, raw, target);
    }

    /**
     * Puts the {@code n} decoded items of a packed list into the requested array (other than the
     * matching primitive array, handled by the caller) or collection, adapting each element.
     */
    private Object unpacked(int n, java.util.function.IntFunction<Object> item, int kind, int listKind, Class<?> raw,
                            Type target) {
        if (raw.isArray()) {
            Class<?> component = raw.getComponentType();
            Object array = Array.newInstance(component, n);
            path.pushIndex(0);
            for (int i = 0; i < n; i++) {
                path.setIndex(i);
                Array.set(array, i, adapt(item.apply(i), kind, component));
            }
            path.pop();
            return array;
        }
        Collection<Object> collection = newCollection(raw, listKind, target);
        Type element = Types.argumentsOf(target, Collection.class)[0];
        HashCollisions collisions = collisionsFor(collection);
        path.pushIndex(0);
        for (int i = 0; i < n; i++) {
            path.setIndex(i);
            Object adapted = adapt(item.apply(i), kind, element);
            collide(collisions, collection, adapted, collection, 8);
            add(collection, adapted);
        }
        path.pop();
        return collection;
    }

    /** Positions of an entry's key and value payloads, found before either is decoded. */
    private int entryKey;
    private int entryValue;

    /** Scans the entry at pos; leaves pos at the entry's end and the limit unchanged. */
    private int scanEntry(boolean stringKey) {
        int outer = enter();
        entryKey = -1;
        entryValue = -1;
        while (nextField()) {
            if (field == Wire.ENTRY_KEY) {
                expect(Wire.LEN, "entry key");
                if (entryKey >= 0) {
                    throw malformed("a map entry has two keys");
                }
                entryKey = pos;
                pos = lengthEnd();
            } else if (field == Wire.ENTRY_VALUE) {
                expect(Wire.LEN, "entry value");
                if (entryValue >= 0) {
                    throw malformed("a map entry has two values");
                }
                entryValue = pos;
                pos = lengthEnd();
            } else {
                skip();
            }
        }
        if (entryValue < 0) {
            throw malformed("a map entry has no value");
        }
        if (entryKey < 0 && !stringKey) {
            throw malformed("a map entry has no key");
        }
        return outer;
    }

    private Object readStringMap(Type target) {
        Class<?> raw = Types.raw(target);
        if (raw != Object.class && !Map.class.isAssignableFrom(raw)) {
            return readStringMapAsObject(target, raw);
        }
        Map<Object, Object> map = newMap(raw, Wire.V_STRING_MAP, target);
        Type[] keyValue = Types.argumentsOf(target, Map.class);
        HashCollisions collisions = collisionsFor(map);
        while (nextField()) {
            if (field != Wire.ITEMS) {
                skip();
                continue;
            }
            expect(Wire.LEN, "StringMap.entries");
            int outer = scanEntry(true);
            int end = limit;
            String key = stringKeyAt(entryKey);
            path.pushKey(key);
            Object typedKey = adapt(key, Wire.V_STRING, keyValue[0]);
            collide(collisions, map, typedKey, map.keySet(), key.length());
            pos = entryValue;
            Object value = readValue(keyValue[1]);
            put(map, typedKey, value);
            path.pop();
            pos = end;
            limit = outer;
        }
        return map;
    }

    private String stringKeyAt(int at) {
        count();
        if (at < 0) {
            return "";
        }
        pos = at;
        return readString();
    }

    private void put(Map<Object, Object> map, Object key, Object value) {
        if (map.containsKey(key)) {
            throw malformed("a map has the key " + key + " twice");
        }
        try {
            map.put(key, value);
        } catch (RuntimeException e) {
            throw mismatch("a " + map.getClass().getName() + " refused the entry " + key + " (" + e + ")");
        }
    }

    private Object readValueMap(Type target) {
        Class<?> raw = Types.raw(target);
        Map<Object, Object> map = newMap(raw, Wire.V_VALUE_MAP, target);
        Type[] keyValue = Types.argumentsOf(target, Map.class);
        HashCollisions collisions = collisionsFor(map);
        int index = 0;
        while (nextField()) {
            if (field != Wire.ITEMS) {
                skip();
                continue;
            }
            expect(Wire.LEN, "ValueMap.entries");
            int outer = scanEntry(false);
            int end = limit;
            path.pushKey("#" + index++);
            pos = entryKey;
            hashedDepth++;
            Object key = readValue(keyValue[0]);
            hashedDepth--;
            collide(collisions, map, key, map.keySet(), pos - entryKey);
            pos = entryValue;
            Object value = readValue(keyValue[1]);
            put(map, key, value);
            path.pop();
            pos = end;
            limit = outer;
        }
        return map;
    }

    private Object readObject(Type target) {
        int start = pos;
        long type = 0;
        int fieldCount = 0;
        while (nextField()) {
            if (field == Wire.OBJ_TYPE) {
                expect(Wire.VARINT, "ObjectValue.type");
                type = varint();
            } else if (field == Wire.OBJ_FIELDS) {
                expect(Wire.LEN, "ObjectValue.fields");
                fieldCount++;
                pos = lengthEnd();
            } else {
                skip();
            }
        }
        String[] members = members(type);
        String typeName = typeNames[(int) type];
        if (fieldCount != members.length) {
            throw malformed("an object of type " + typeName + " has " + fieldCount + " fields but its type lists "
                    + members.length + " members");
        }
        pos = start;
        Class<?> raw = Types.raw(target);
        if (raw == Object.class || Map.class.isAssignableFrom(raw)) {
            Map<Object, Object> map = newMap(raw, Wire.V_OBJECT, target);
            Type[] keyValue = Types.argumentsOf(target, Map.class);
            HashCollisions collisions = collisionsFor(map);
            int i = 0;
            while (nextField()) {
                if (field == Wire.OBJ_FIELDS) {
                    path.pushField(members[i]);
                    Object key = adapt(members[i], Wire.V_STRING, keyValue[0]);
                    collide(collisions, map, key, map.keySet(), members[i].length());
                    map.put(key, readValue(keyValue[1]));
                    path.pop();
                    i++;
                } else {
                    skip();
                }
            }
            return map;
        }
        ObjectModel model = modelFor(raw, typeName, Wire.V_OBJECT, target);
        Map<TypeVariable<?>, Type> bindings = model.hasTypeVariables ? Types.bindings(target) : Map.of();
        Object[] arguments = model.newArguments();
        int[] slots = slotsFor((int) type, model);
        int i = 0;
        while (nextField()) {
            if (field == Wire.OBJ_FIELDS) {
                path.pushField(members[i]);
                int slot = slots[i];
                if (slot < 0) {
                    readValue(Object.class);
                } else {
                    arguments[slot] = readValue(memberType(model, slot, bindings));
                }
                path.pop();
                i++;
            } else {
                skip();
            }
        }
        return build(model, arguments);
    }

    /** The model slot of each member of type {@code type}, computed once per document and model. */
    private int[] slotsFor(int type, ObjectModel model) {
        if (slotModels == null) {
            slotModels = new ObjectModel[typeNames.length];
            slotMaps = new int[typeNames.length][];
        }
        if (slotModels[type] != model) {
            slotModels[type] = model;
            int[] registered = usesSchema && type < schema.size() ? schema.ownSlots(type, model) : null;
            slotMaps[type] = registered != null ? registered
                    : unsharedTypes != null && unsharedTypes.get(type) ? model.slots(typeMembers[type])
                    : model.cachedSlots(typeMembers[type]);
        }
        return slotMaps[type];
    }

    private Object readStringMapAsObject(Type target, Class<?> raw) {
        ObjectModel model = modelFor(raw, null, Wire.V_STRING_MAP, target);
        Map<TypeVariable<?>, Type> bindings = model.hasTypeVariables ? Types.bindings(target) : Map.of();
        Object[] arguments = model.newArguments();
        boolean[] seen = new boolean[arguments.length];
        while (nextField()) {
            if (field != Wire.ITEMS) {
                skip();
                continue;
            }
            expect(Wire.LEN, "StringMap.entries");
            int outer = scanEntry(true);
            int end = limit;
            String key = stringKeyAt(entryKey);
            path.pushField(key);
            int slot = model.slot(key);
            pos = entryValue;
            if (slot < 0) {
                readValue(Object.class);
            } else {
                if (seen[slot]) {
                    throw malformed("a map has the key " + key + " twice");
                }
                seen[slot] = true;
                arguments[slot] = readValue(memberType(model, slot, bindings));
            }
            path.pop();
            pos = end;
            limit = outer;
        }
        return build(model, arguments);
    }

    private static Type memberType(ObjectModel model, int slot, Map<TypeVariable<?>, Type> bindings) {
        Type declared = model.genericTypes[slot];
        return bindings.isEmpty() ? declared : Types.substitute(declared, bindings);
    }

    private ObjectModel modelFor(Class<?> raw, String typeName, int kind, Type target) {
        ObjectModel model = ObjectModel.of(raw);
        if (model.sealed && typeName != null) {
            Class<?> named = model.permittedSubclass(typeName);
            if (named != null) {
                model = ObjectModel.of(named);
            }
        }
        if (!model.objectType) {
            Class<?> concrete = model.type;
            if (concrete.isInterface() || java.lang.reflect.Modifier.isAbstract(concrete.getModifiers())) {
                throw mismatch("cannot create the abstract type " + concrete.getName() + (typeName == null ? ""
                        : " for an object of type " + typeName) + "; declare a concrete type, or a sealed type"
                        + " that permits " + (typeName == null ? "the payload's type" : typeName));
            }
            throw mismatch(kind, target);
        }
        if (model.buildProblem() != null) {
            throw mismatch("cannot create " + model.type.getName() + ": " + model.buildProblem());
        }
        return model;
    }

    private Object build(ObjectModel model, Object[] arguments) {
        try {
            return model.build(arguments);
        } catch (InvocationTargetException e) {
            throw new SKCerealException("Cannot deserialize at " + path + ": the constructor of "
                    + model.typeName + " rejected the values read (" + e.getCause() + "); the payload does not"
                    + " satisfy the type's invariants.", e.getCause());
        } catch (ReflectiveOperationException | IllegalArgumentException e) {
            throw mismatch("cannot create " + model.typeName + " (" + e + ")");
        }
    }

    // ---------------------------------------------------------------- scalar adaptation

    static Class<?> box(Class<?> c) {
        if (!c.isPrimitive()) {
            return c;
        }
        if (c == int.class) {
            return Integer.class;
        } else if (c == long.class) {
            return Long.class;
        } else if (c == boolean.class) {
            return Boolean.class;
        } else if (c == double.class) {
            return Double.class;
        } else if (c == float.class) {
            return Float.class;
        } else if (c == short.class) {
            return Short.class;
        } else if (c == byte.class) {
            return Byte.class;
        } else if (c == char.class) {
            return Character.class;
        }
        return Void.class;
    }

    /** Converts a plain decoded scalar to the target type. */
    private Object adapt(Object value, int kind, Type target) {
        if (target == Object.class) {
            return value;
        }
        Class<?> raw = target instanceof Class<?> c ? c : Types.raw(target);
        Class<?> box = box(raw);
        if (box.isInstance(value)) {
            return value;
        }
        Object converted = convert(value, box);
        if (converted == NO) {
            throw mismatch(kind, target);
        }
        return converted;
    }

    private Object convert(Object value, Class<?> box) {
        if (value instanceof Long l) {
            return fromLong(l, box);
        }
        if (value instanceof Double d) {
            return box == Float.class ? (Object) (float) (double) d : NO;
        }
        if (value instanceof String s) {
            return fromString(s, box);
        }
        if (value instanceof BigInteger big) {
            if (box == BigDecimal.class) {
                return new BigDecimal(big);
            }
            if (box == Long.class || box == Integer.class || box == Short.class || box == Byte.class) {
                throw mismatch("the number " + big + " does not fit in " + box.getSimpleName());
            }
            return NO;
        }
        if (value instanceof BigDecimal decimal && box == BigInteger.class) {
            BigDecimal stripped = decimal.signum() == 0 ? BigDecimal.ZERO : decimal.stripTrailingZeros();
            if (stripped.scale() > 0) {
                throw mismatch("the decimal " + decimal + " is not a whole number, so it is no BigInteger");
            }
            if (stripped.precision() - stripped.scale() > MAX_BIG_INTEGER_DIGITS) {
                throw mismatch("the decimal has more than " + MAX_BIG_INTEGER_DIGITS + " digits");
            }
            return stripped.toBigIntegerExact();
        }
        if (value instanceof Any any && Message.class.isAssignableFrom(box)) {
            return unpack(any, box);
        }
        return NO;
    }

    private Object unpack(Any any, Class<?> type) {
        Message prototype;
        try {
            prototype = (Message) type.getMethod("getDefaultInstance").invoke(null);
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw mismatch("cannot get the default instance of the protobuf message class " + type.getName()
                    + " (" + e + "); " + ObjectModel.accessHint("call getDefaultInstance() of", type, false));
        }
        String expected = prototype.getDescriptorForType().getFullName();
        String url = any.getTypeUrl();
        if (!url.substring(url.lastIndexOf('/') + 1).equals(expected)) {
            throw mismatch("the message is a " + url + ", not a " + expected + " (" + type.getName() + ")");
        }
        try {
            return prototype.getParserForType().parseFrom(any.getValue());
        } catch (InvalidProtocolBufferException e) {
            throw mismatch("the message is not a valid " + expected + ": " + e.getMessage());
        }
    }

    private Object fromLong(long l, Class<?> box) {
        if (box == Integer.class) {
            checkRange(l, Integer.MIN_VALUE, Integer.MAX_VALUE, box);
            return (int) l;
        } else if (box == Short.class) {
            checkRange(l, Short.MIN_VALUE, Short.MAX_VALUE, box);
            return (short) l;
        } else if (box == Byte.class) {
            checkRange(l, Byte.MIN_VALUE, Byte.MAX_VALUE, box);
            return (byte) l;
        } else if (box == Double.class) {
            return (double) l;
        } else if (box == Float.class) {
            return (float) l;
        } else if (box == BigInteger.class) {
            return BigInteger.valueOf(l);
        } else if (box == BigDecimal.class) {
            return BigDecimal.valueOf(l);
        }
        return NO;
    }

    private void checkRange(long value, long min, long max, Class<?> box) {
        if (value < min || value > max) {
            throw mismatch("the number " + value + " does not fit in " + box.getSimpleName());
        }
    }

    private Object fromString(String s, Class<?> box) {
        try {
            if (box == Character.class) {
                if (s.length() != 1) {
                    throw mismatch("a char needs a string of one character, found " + s.length());
                }
                return s.charAt(0);
            } else if (box == char[].class) {
                return s.toCharArray();
            } else if (box.isEnum()) {
                Object constant = ENUM_CONSTANTS.get(box).get(s);
                if (constant == null) {
                    throw mismatch("enum " + box.getName() + " has no constant " + s);
                }
                return constant;
            } else if (box == LocalDate.class) {
                return LocalDate.parse(s);
            } else if (box == LocalTime.class) {
                return LocalTime.parse(s);
            } else if (box == LocalDateTime.class) {
                return LocalDateTime.parse(s);
            } else if (box == OffsetDateTime.class) {
                return OffsetDateTime.parse(s);
            } else if (box == OffsetTime.class) {
                return OffsetTime.parse(s);
            } else if (box == ZonedDateTime.class) {
                return ZonedDateTime.parse(s);
            } else if (box == Year.class) {
                return Year.parse(s);
            } else if (box == YearMonth.class) {
                return YearMonth.parse(s);
            } else if (box == MonthDay.class) {
                return MonthDay.parse(s);
            } else if (box == Period.class) {
                return Period.parse(s);
            } else if (box == ZoneOffset.class) {
                return ZoneOffset.of(s);
            } else if (box == ZoneId.class) {
                return ZoneId.of(s);
            } else if (box == UUID.class) {
                return UUID.fromString(s);
            } else if (box == URI.class) {
                return new URI(s);
            }
        } catch (DateTimeException | IllegalArgumentException | URISyntaxException e) {
            throw mismatch("cannot read \"" + (s.length() > 60 ? s.substring(0, 60) + "..." : s) + "\" as a "
                    + box.getName() + " (" + e.getMessage() + ")");
        }
        return NO;
    }
}
