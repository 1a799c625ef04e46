package dev.suitkaise.cereal.internal.external;

import com.google.protobuf.Any;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.Message;
import dev.suitkaise.cereal.ExternalCereal.Limits;
import dev.suitkaise.cereal.SKCerealException;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a Java value as a {@code suitkaise.cereal.v1.Document}: the root value first into a
 * (per-thread, reused) buffer, then the type table it collected, and returns the table followed
 * by the root, so that readers meet the table first.
 */
public final class ValueEncoder {
    private static final int INITIAL_CAPACITY = 256;
    private static final int RETAINED_CAPACITY = 1 << 20;
    private static final ThreadLocal<WireWriter> WRITERS = new ThreadLocal<>();

    private final WireWriter w;
    private final Limits limits;
    /** The registered schema, or null for a self-describing document. */
    private final SchemaTable schema;
    /** The index of the first type of this document's own table: the schema's size, else 0. */
    private final int firstOwnType;
    private final ObjectPath path = new ObjectPath();
    /** Composites written so far; small at first, as most documents hold few composites. */
    private final IdentityHashMap<Object, Integer> numbers = new IdentityHashMap<>(8);
    /** Type to index, made only once there are more types than a scan of {@link #types} suits. */
    private Map<Class<?>, Integer> typeIndexes;
    private final List<Class<?>> types = new ArrayList<>();
    /** Up to this many types, a type's index is found by a scan of {@link #types} rather than the map. */
    private static final int LINEAR_TYPE_SEARCH = 8;
    private Class<?> lastType;
    private int lastTypeIndex;
    private Object[] ancestors = new Object[16];
    private int depth;
    /** How many map keys and set elements enclose the value being written. */
    private int hashedDepth;
    private int nextNumber;
    private long values;

    private ValueEncoder(WireWriter writer, Limits limits, SchemaTable schema) {
        this.w = writer;
        this.limits = limits;
        this.schema = schema;
        this.firstOwnType = schema == null ? 0 : schema.size();
    }

    /**
     * Encodes a value.
     *
     * @param value the value, possibly null
     * @param limits the limits to respect
     * @return the document bytes
     * @throws SKCerealException if the value cannot be written
     */
    public static byte[] encode(Object value, Limits limits) {
        return encode(value, limits, null);
    }

    /**
     * Encodes a value against a registered schema: the schema's types are referred to by number
     * and not listed in the document, which carries the schema's id; other types are listed in
     * the document's own table, numbered after the schema's.
     *
     * @param value the value, possibly null
     * @param limits the limits to respect
     * @param schema the registered schema, or null for a self-describing document
     * @return the document bytes
     * @throws SKCerealException if the value cannot be written
     */
    public static byte[] encode(Object value, Limits limits, SchemaTable schema) {
        WireWriter cached = WRITERS.get();
        WireWriter writer;
        boolean threads = true; // whether writer is the one this thread keeps
        if (cached != null && !cached.busy) {
            writer = cached;
        } else {
            writer = new WireWriter(INITIAL_CAPACITY); // a nested encode on this thread gets its own writer
            if (cached == null) {
                WRITERS.set(writer);
            } else {
                threads = false;
            }
        }
        writer.busy = true;
        writer.reset(limits.maxBytes());
        try {
            return new ValueEncoder(writer, limits, schema).run(value);
        } finally {
            writer.busy = false;
            if (threads && writer.capacity() > RETAINED_CAPACITY) {
                WRITERS.remove(); // do not keep a huge buffer per thread
            }
        }
    }

    private byte[] run(Object value) {
        try {
            writeValue(Wire.DOC_ROOT, value);
            int rootEnd = w.position();
            for (Class<?> type : types) {
                writeTypeInfo(type);
            }
            int typesEnd = w.position();
            if (schema != null) {
                // after the root: field-number order, as generated code writes a Document
                w.tag(Wire.DOC_SCHEMA, Wire.FIXED64);
                w.fixed64(schema.id());
            }
            int end = w.position();
            if (end > limits.maxBytes()) {
                throw tooLarge(value, null);
            }
            byte[] out = new byte[end];
            byte[] buf = w.buffer();
            int tableSize = typesEnd - rootEnd;
            System.arraycopy(buf, rootEnd, out, 0, tableSize);
            System.arraycopy(buf, 0, out, tableSize, rootEnd);
            System.arraycopy(buf, typesEnd, out, typesEnd, end - typesEnd);
            return out;
        } catch (SKCerealException e) {
            throw e;
        } catch (WireWriter.TooLargeException e) {
            throw tooLarge(value, e);
        } catch (RuntimeException e) {
            throw new SKCerealException("Cannot serialize " + describe(value) + " at " + path + ": unexpected "
                    + e + "; check that the object is not modified while it is serialized.", e);
        }
    }

    private SKCerealException tooLarge(Object value, RuntimeException cause) {
        return new SKCerealException("Cannot serialize " + describe(value) + " (stopped at " + path + "): the"
                + " document would take more than maxBytes=" + limits.maxBytes() + " bytes, which a reader with"
                + " the same limits refuses; raise ExternalCereal.Limits.maxBytes or send less data.", cause);
    }

    private static String describe(Object value) {
        return value == null ? "null" : "a " + value.getClass().getName();
    }

    private void count() {
        if (++values > limits.maxValues()) {
            throw new SKCerealException("Cannot serialize at " + path + ": more than maxValues="
                    + limits.maxValues() + " values, which a reader with the same limits refuses; raise"
                    + " ExternalCereal.Limits.maxValues or send less data.");
        }
    }

    private void writeValue(int field, Object value) {
        count();
        int mark = w.begin(field);
        writeKind(value);
        w.end(mark);
    }

    private void writeKind(Object v) {
        if (v == null) {
            w.fieldVarint(Wire.V_NULL, 0);
            return;
        }
        Shape shape = Shape.of(v.getClass());
        switch (shape) {
            case BOOLEAN -> w.fieldVarint(Wire.V_BOOL, (Boolean) v ? 1 : 0);
            case INTEGRAL -> w.fieldSint64(Wire.V_INT64, ((Number) v).longValue());
            case FLOATING -> w.fieldDouble(Wire.V_DOUBLE, ((Number) v).doubleValue());
            case CHAR -> w.fieldString(Wire.V_STRING, String.valueOf((char) (Character) v));
            case STRING -> w.fieldString(Wire.V_STRING, (String) v);
            case TEXT -> w.fieldString(Wire.V_STRING, v.toString());
            case CHARS -> w.fieldString(Wire.V_STRING, new String((char[]) v));
            case BYTES -> w.fieldBytes(Wire.V_BYTES, (byte[]) v);
            case INSTANT -> writeInstant((Instant) v);
            case DURATION -> writeDuration((Duration) v);
            case BIG_DECIMAL -> writeDecimal(((BigDecimal) v).unscaledValue(), ((BigDecimal) v).scale());
            case BIG_INTEGER -> writeDecimal((BigInteger) v, 0);
            case ENUM -> writeEnum((Enum<?>) v);
            case MESSAGE -> writeMessage((Message) v);
            case OPTIONAL -> writeKind(unwrap(v));
            case UNSUPPORTED -> throw new SKCerealException("Cannot serialize " + v.getClass().getName() + " at "
                    + path + ": " + Shape.unsupportedReason(v.getClass()) + ". Convert it to a supported"
                    + " value, mark the field transient, or use SKCereal.internal() for data that stays"
                    + " within the program.");
            default -> writeComposite(v, shape);
        }
    }

    /** The value an Optional holds, or null: an Optional travels as its value or as null. */
    private static Object unwrap(Object optional) {
        if (optional instanceof java.util.Optional<?> o) {
            return o.orElse(null);
        } else if (optional instanceof java.util.OptionalInt o) {
            return o.isPresent() ? (Object) o.getAsInt() : null;
        } else if (optional instanceof java.util.OptionalLong o) {
            return o.isPresent() ? (Object) o.getAsLong() : null;
        }
        java.util.OptionalDouble o = (java.util.OptionalDouble) optional;
        return o.isPresent() ? (Object) o.getAsDouble() : null;
    }

    private void writeInstant(Instant instant) {
        int mark = w.begin(Wire.V_TIMESTAMP);
        if (instant.getEpochSecond() != 0) {
            w.fieldVarint(Wire.TIME_SECONDS, instant.getEpochSecond());
        }
        if (instant.getNano() != 0) {
            w.fieldVarint(Wire.TIME_NANOS, instant.getNano());
        }
        w.end(mark);
    }

    private void writeDuration(Duration duration) {
        long seconds = duration.getSeconds();
        int nanos = duration.getNano();
        if (seconds < 0 && nanos > 0) {
            seconds += 1;
            nanos -= 1_000_000_000;
        }
        int mark = w.begin(Wire.V_DURATION);
        if (seconds != 0) {
            w.fieldVarint(Wire.TIME_SECONDS, seconds);
        }
        if (nanos != 0) {
            w.fieldVarint(Wire.TIME_NANOS, nanos);
        }
        w.end(mark);
    }

    private void writeDecimal(BigInteger unscaled, int scale) {
        int mark = w.begin(Wire.V_DECIMAL);
        if (unscaled.signum() != 0) {
            w.fieldBytes(Wire.DEC_UNSCALED, unscaled.toByteArray());
        }
        if (scale != 0) {
            w.fieldSint32(Wire.DEC_SCALE, scale);
        }
        w.end(mark);
    }

    private void writeEnum(Enum<?> constant) {
        int type = typeIndex(constant.getDeclaringClass());
        int mark = w.begin(Wire.V_ENUM);
        if (type != 0) {
            w.fieldVarint(Wire.OBJ_TYPE, type);
        }
        if (constant.ordinal() != 0) {
            w.fieldVarint(Wire.ENUM_CONSTANT, constant.ordinal());
        }
        w.end(mark);
    }

    private void writeMessage(Message message) {
        int mark = w.begin(Wire.V_MESSAGE);
        if (message instanceof Any any) {
            w.fieldString(Wire.ANY_TYPE_URL, any.getTypeUrl());
            w.tag(Wire.ANY_VALUE, Wire.LEN);
            w.varint32(any.getValue().size());
            int start = w.reserve(any.getValue().size());
            any.getValue().copyTo(w.buffer(), start);
        } else {
            w.fieldString(Wire.ANY_TYPE_URL, Wire.TYPE_URL_PREFIX + message.getDescriptorForType().getFullName());
            int size = message.getSerializedSize();
            w.tag(Wire.ANY_VALUE, Wire.LEN);
            w.varint32(size);
            int start = w.reserve(size);
            CodedOutputStream out = CodedOutputStream.newInstance(w.buffer(), start, size);
            try {
                message.writeTo(out);
                out.checkNoSpaceLeft();
            } catch (IOException | IllegalStateException e) {
                throw new SKCerealException("Cannot serialize protobuf message "
                        + message.getDescriptorForType().getFullName() + " at " + path + ": " + e.getMessage()
                        + "; the message changed while it was written.", e);
            }
        }
        w.end(mark);
    }

    private static boolean isEmpty(Object v, Shape shape) {
        return switch (shape) {
            case COLLECTION -> ((Collection<?>) v).isEmpty();
            case MAP -> ((Map<?, ?>) v).isEmpty();
            case RECORD, POJO -> false;
            default -> java.lang.reflect.Array.getLength(v) == 0;
        };
    }

    private void writeComposite(Object v, Shape shape) {
        if (!isEmpty(v, shape)) {
            Integer seen = numbers.putIfAbsent(v, nextNumber);
            if (seen != null) {
                checkNoCycle(v);
                if (hashedDepth == 0) {
                    w.fieldVarint(Wire.V_REF, seen);
                    return;
                }
                // inside a map key or set element: written in full (readers refuse references there)
            }
        }
        nextNumber++;
        if (depth >= limits.maxDepth()) {
            throw new SKCerealException("Cannot serialize " + v.getClass().getName() + " at " + path
                    + ": it is nested deeper than maxDepth=" + limits.maxDepth() + ", which a reader with the"
                    + " same limits refuses; flatten the data or raise ExternalCereal.Limits.maxDepth.");
        }
        if (depth == ancestors.length) {
            ancestors = java.util.Arrays.copyOf(ancestors, depth * 2);
        }
        ancestors[depth++] = v;
        switch (shape) {
            case COLLECTION -> writeCollection((Collection<?>) v);
            case MAP -> writeMap((Map<?, ?>) v);
            case RECORD, POJO -> writeObject(v);
            case LONG_ARRAY -> writeLongs((long[]) v);
            case INT_ARRAY -> writeInts((int[]) v);
            case SHORT_ARRAY -> writeShorts((short[]) v);
            case DOUBLE_ARRAY -> writeDoubles((double[]) v);
            case FLOAT_ARRAY -> writeFloats((float[]) v);
            case BOOLEAN_ARRAY -> writeBooleans((boolean[]) v);
            case OBJECT_ARRAY -> writeObjects((Object[]) v);
            default -> throw new IllegalStateException("not a composite: " + shape);
        }
        ancestors[--depth] = null;
    }

    private void checkNoCycle(Object v) {
        for (int i = 0; i < depth; i++) {
            if (ancestors[i] == v) {
                throw new SKCerealException("Cannot serialize " + v.getClass().getName() + " at " + path
                        + ": the object contains itself (a cycle). The external format carries shared"
                        + " objects but not cycles; break the cycle (e.g. mark the back reference"
                        + " transient) or use SKCereal.internal().");
            }
        }
    }

    private static final int NOT_NUMERIC = 0;
    private static final int ALL_INTEGRAL = 1;
    private static final int ALL_FLOATING = 2;

    private static int numericKind(Collection<?> collection) {
        int kind = NOT_NUMERIC;
        for (Object e : collection) {
            int k;
            if (e instanceof Long || e instanceof Integer || e instanceof Short || e instanceof Byte) {
                k = ALL_INTEGRAL;
            } else if (e instanceof Double || e instanceof Float) {
                k = ALL_FLOATING;
            } else {
                return NOT_NUMERIC;
            }
            if (kind != NOT_NUMERIC && kind != k) {
                return NOT_NUMERIC;
            }
            kind = k;
        }
        return kind;
    }

    private void writeCollection(Collection<?> collection) {
        int kind = numericKind(collection);
        if (kind == ALL_INTEGRAL) {
            int outer = w.begin(Wire.V_INT64_LIST);
            int inner = w.begin(Wire.ITEMS);
            for (Object e : collection) {
                count();
                long value = ((Number) e).longValue();
                w.varint64((value << 1) ^ (value >> 63));
            }
            w.end(inner);
            w.end(outer);
        } else if (kind == ALL_FLOATING) {
            int outer = w.begin(Wire.V_DOUBLE_LIST);
            int inner = w.begin(Wire.ITEMS);
            for (Object e : collection) {
                count();
                w.fixed64(Double.doubleToRawLongBits(((Number) e).doubleValue()));
            }
            w.end(inner);
            w.end(outer);
        } else {
            int mark = w.begin(Wire.V_LIST);
            path.pushIndex(0);
            boolean hashed = collection instanceof java.util.Set;
            int i = 0;
            for (Object e : collection) {
                path.setIndex(i++);
                if (hashed) {
                    hashedDepth++;
                    writeValue(Wire.ITEMS, e);
                    hashedDepth--;
                } else {
                    writeValue(Wire.ITEMS, e);
                }
            }
            path.pop();
            w.end(mark);
        }
    }

    private void writeObjects(Object[] array) {
        int mark = w.begin(Wire.V_LIST);
        path.pushIndex(0);
        for (int i = 0; i < array.length; i++) {
            path.setIndex(i);
            writeValue(Wire.ITEMS, array[i]);
        }
        path.pop();
        w.end(mark);
    }

    private void writeBooleans(boolean[] array) {
        int mark = w.begin(Wire.V_LIST);
        for (boolean b : array) {
            count();
            int item = w.begin(Wire.ITEMS);
            w.fieldVarint(Wire.V_BOOL, b ? 1 : 0);
            w.end(item);
        }
        w.end(mark);
    }

    private int beginInt64s() {
        return w.begin(Wire.V_INT64_LIST);
    }

    private void longItem(long value) {
        count();
        w.varint64((value << 1) ^ (value >> 63));
    }

    private void writeLongs(long[] array) {
        int outer = beginInt64s();
        if (array.length > 0) {
            int inner = w.begin(Wire.ITEMS);
            for (long value : array) {
                longItem(value);
            }
            w.end(inner);
        }
        w.end(outer);
    }

    private void writeInts(int[] array) {
        int outer = beginInt64s();
        if (array.length > 0) {
            int inner = w.begin(Wire.ITEMS);
            for (int value : array) {
                longItem(value);
            }
            w.end(inner);
        }
        w.end(outer);
    }

    private void writeShorts(short[] array) {
        int outer = beginInt64s();
        if (array.length > 0) {
            int inner = w.begin(Wire.ITEMS);
            for (short value : array) {
                longItem(value);
            }
            w.end(inner);
        }
        w.end(outer);
    }

    private void writeDoubles(double[] array) {
        int outer = w.begin(Wire.V_DOUBLE_LIST);
        if (array.length > 0) {
            int inner = w.begin(Wire.ITEMS);
            for (double value : array) {
                count();
                w.fixed64(Double.doubleToRawLongBits(value));
            }
            w.end(inner);
        }
        w.end(outer);
    }

    private void writeFloats(float[] array) {
        int outer = w.begin(Wire.V_DOUBLE_LIST);
        if (array.length > 0) {
            int inner = w.begin(Wire.ITEMS);
            for (float value : array) {
                count();
                w.fixed64(Double.doubleToRawLongBits(value));
            }
            w.end(inner);
        }
        w.end(outer);
    }

    private void writeMap(Map<?, ?> map) {
        boolean stringKeys = true;
        for (Object key : map.keySet()) {
            if (!(key instanceof String)) {
                stringKeys = false;
                break;
            }
        }
        int mark = w.begin(stringKeys ? Wire.V_STRING_MAP : Wire.V_VALUE_MAP);
        for (Map.Entry<?, ?> entry : map.entrySet()) {
            Object key = entry.getKey();
            path.pushKey(key);
            int item = w.begin(Wire.ITEMS);
            if (stringKeys) {
                count();
                w.fieldString(Wire.ENTRY_KEY, (String) key);
            } else {
                hashedDepth++;
                writeValue(Wire.ENTRY_KEY, key);
                hashedDepth--;
            }
            writeValue(Wire.ENTRY_VALUE, entry.getValue());
            w.end(item);
            path.pop();
        }
        w.end(mark);
    }

    private void writeObject(Object v) {
        Class<?> type = v.getClass();
        ObjectModel model = ObjectModel.of(type);
        if (model.readProblem() != null) {
            throw new SKCerealException("Cannot serialize " + type.getName() + " at " + path + ": "
                    + model.readProblem() + ".");
        }
        int typeIndex = typeIndex(type);
        int mark = w.begin(Wire.V_OBJECT);
        if (typeIndex != 0) {
            w.fieldVarint(Wire.OBJ_TYPE, typeIndex);
        }
        String[] names = model.names;
        for (int i = 0; i < names.length; i++) {
            path.pushField(names[i]);
            Object member;
            try {
                member = model.get(v, i);
            } catch (InvocationTargetException e) {
                throw new SKCerealException("Cannot serialize " + type.getName() + " at " + path
                        + ": its accessor threw " + e.getCause() + "; make the accessor (or field) readable"
                        + " without failing, or mark the field transient.", e.getCause());
            } catch (ReflectiveOperationException e) {
                throw new SKCerealException("Cannot serialize " + type.getName() + " at " + path + ": " + e
                        + "; " + ObjectModel.accessHint("read", type, !model.record) + ".", e);
            }
            writeValue(Wire.OBJ_FIELDS, member);
            path.pop();
        }
        w.end(mark);
    }

    private int typeIndex(Class<?> type) {
        if (type == lastType) {
            return lastTypeIndex;
        }
        if (schema != null) {
            int registered = schema.indexOf(type);
            if (registered >= 0) {
                lastType = type;
                lastTypeIndex = registered;
                return registered;
            }
        }
        int index = -1;
        int size = types.size();
        if (size <= LINEAR_TYPE_SEARCH) {
            for (int i = 0; i < size; i++) {
                if (types.get(i) == type) {
                    index = i;
                    break;
                }
            }
        } else {
            if (typeIndexes == null) {
                typeIndexes = new IdentityHashMap<>();
                for (int i = 0; i < size; i++) {
                    typeIndexes.put(types.get(i), i);
                }
            }
            Integer known = typeIndexes.get(type);
            index = known == null ? -1 : known;
        }
        if (index < 0) {
            index = size;
            if (typeIndexes != null) {
                typeIndexes.put(type, index);
            }
            types.add(type);
        }
        index += firstOwnType;
        lastType = type;
        lastTypeIndex = index;
        return index;
    }

    private void writeTypeInfo(Class<?> type) {
        TypeInfoBytes info = TYPE_INFOS.get(type);
        count();
        for (int i = 0; i < info.members(); i++) {
            count();
        }
        w.raw(info.bytes());
    }

    /** A type's whole {@code Document.types} field, encoded once per class. */
    private record TypeInfoBytes(byte[] bytes, int members) {
    }

    private static final ClassValue<TypeInfoBytes> TYPE_INFOS = new ClassValue<>() {
        @Override
        protected TypeInfoBytes computeValue(Class<?> type) {
            WireWriter one = new WireWriter(64);
            int mark = one.begin(Wire.DOC_TYPES);
            one.fieldString(Wire.TYPE_NAME, type.getName());
            int members = 0;
            if (type.isEnum()) {
                for (Object constant : type.getEnumConstants()) {
                    members++;
                    one.fieldString(Wire.TYPE_MEMBERS, ((Enum<?>) constant).name());
                }
            } else {
                for (String name : ObjectModel.of(type).names) {
                    members++;
                    one.fieldString(Wire.TYPE_MEMBERS, name);
                }
            }
            one.end(mark);
            return new TypeInfoBytes(one.toByteArray(), members);
        }
    };
}
