package dev.suitkaise.cereal.internal.kryo;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.KryoException;
import com.esotericsoftware.kryo.Registration;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import com.esotericsoftware.kryo.serializers.ClosureSerializer;
import com.esotericsoftware.kryo.serializers.DefaultSerializers;
import com.esotericsoftware.kryo.util.DefaultClassResolver;
import com.esotericsoftware.kryo.util.IdentityMap;
import com.esotericsoftware.kryo.util.IntMap;
import com.esotericsoftware.kryo.util.MapReferenceResolver;
import com.esotericsoftware.kryo.util.Util;
import dev.suitkaise.cereal.CerealPreparable;
import dev.suitkaise.cereal.SKCerealException;
import org.objenesis.instantiator.ObjectInstantiator;
import org.objenesis.strategy.InstantiatorStrategy;
import org.objenesis.strategy.StdInstantiatorStrategy;

import java.io.Closeable;
import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.math.BigDecimal;
import java.math.BigInteger;
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
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * A Kryo configured for the internal codec: references on (except for immutable JDK values, see
 * {@link ReadOrderReferenceResolver}), every class chosen by {@link Rules},
 * class names resolved only when allowed, a bounded depth. Not thread-safe; pooled by
 * {@link dev.suitkaise.cereal.internal.KryoCereal}.
 */
public final class CerealKryo extends Kryo {

    /** Deepest nesting accepted; deeper (hostile or runaway) graphs fail cleanly. */
    public static final int MAX_DEPTH = 1500;

    /** The most class names a Kryo remembers as resolved and allowed (a hostile input cannot grow it beyond). */
    static final int MAX_CACHED_NAMES = 1024;

    private final Rules rules;
    private final boolean reading;
    private final ClassIds ids;
    /** Name to resolved, allowed class; valid for the life of this instance (its rules never change). */
    private final HashMap<String, Class<?>> resolvedNames = new HashMap<>();
    /** The registrations of the allowed classes of {@link #ids} met so far, by index; null where not yet checked. */
    private final Registration[] allowedById;
    /** How each class met while writing is written: valid for the life of this instance (its rules never change). */
    private final IdentityMap<Class<?>, WriteEntry> writeEntries = new IdentityMap<>();
    /**
     * The one-byte class tags (Kryo's class id + 2, as {@link DefaultClassResolver} writes them) of
     * {@code String}, {@code Long} and {@code Integer}, for the leaf fast path of
     * {@link #writeClassAndObject} and {@link #readClassAndObject}; -1 where Kryo's own path serves.
     */
    private final int stringTag;
    /** The reference resolver given to Kryo. */
    private final ReadOrderReferenceResolver references;
    /** The hashing work of the message being read (see {@link ReadWork}). */
    private final ReadWork work;
    /** The files reopened while reading the current message, closed if its read fails. */
    private final List<Closeable> opened = new ArrayList<>();
    private final int longTag;
    private final int intTag;

    /**
     * How a class is written: as {@code written} ({@link Rules#writtenAs}), by its table number
     * ({@code index}), or else as Kryo writes it (its registration's id, or its name), with Kryo's
     * registration for it; {@code late} is the {@link LateBuilt} description of its objects, or null.
     */
    private record WriteEntry(Class<?> written, int index, Registration registration, String late) {
    }

    /**
     * Creates a Kryo for a set of rules. A reading instance refuses every class that is not allowed,
     * also where the input does not name it (a field whose declared type is final); so that no
     * registration made while writing is ever trusted for reading, an instance only reads or only
     * writes.
     *
     * @param rules the codec's rules
     * @param ids the classes written as numbers instead of names
     * @param reading true for an instance that deserializes, false for one that serializes
     */
    public CerealKryo(Rules rules, ClassIds ids, boolean reading) {
        super(new AllowingClassResolver(), new ReadOrderReferenceResolver());
        this.rules = rules;
        this.reading = reading;
        this.ids = ids;
        this.allowedById = new Registration[ids.size()];
        this.references = (ReadOrderReferenceResolver) getReferenceResolver();
        this.work = references.work;
        setReferences(true);
        setRegistrationRequired(false);
        setAutoReset(false);
        setMaxDepth(MAX_DEPTH);
        setInstantiatorStrategy(new ConstructorFirstStrategy());
        setClassLoader(CerealKryo.class.getClassLoader());
        register(ClosureSerializer.Closure.class, new Special.LambdaSerializer());
        this.stringTag = leafTag(String.class, DefaultSerializers.StringSerializer.class);
        this.longTag = leafTag(Long.class, DefaultSerializers.LongSerializer.class);
        this.intTag = leafTag(Integer.class, DefaultSerializers.IntSerializer.class);
        if (getNextRegistrationId() > ClassIds.BASE) {
            throw new IllegalStateException("Kryo registered " + getNextRegistrationId() + " classes itself, more than the"
                    + " " + ClassIds.BASE + " ids reserved below the codec's class table");
        }
    }

    /**
     * The tag Kryo writes for a class it registered itself, if it carries the class with the given
     * serializer and the tag takes one byte; else -1 (no fast path for the class).
     */
    private int leafTag(Class<?> type, Class<?> serializerClass) {
        Registration registration = getClassResolver().getRegistration(type);
        if (registration == null || registration.getSerializer().getClass() != serializerClass) {
            return -1;
        }
        int tag = registration.getId() + 2;
        return tag > 0 && tag < 0x80 ? tag : -1;
    }

    /**
     * Writes an object with its class, as Kryo does; strings, {@code Long}s and {@code Integer}s
     * take a shorter path that writes the very same bytes (their one-byte class tag, then the value
     * as Kryo's own serializer writes it; they carry no reference marker, see
     * {@link ReadOrderReferenceResolver}), without Kryo's per-object bookkeeping. A reference back
     * into a {@linkplain LateBuilt late-built} object from inside it fails with
     * {@link SKCerealException} (see {@link ReadOrderReferenceResolver}).
     */
    @Override
    public void writeClassAndObject(Output output, Object object) {
        if (object != null && output != null) {
            Class<?> type = object.getClass();
            if (type == String.class && stringTag >= 0) {
                output.writeByte(stringTag);
                output.writeString((String) object);
                return;
            }
            if (type == Long.class && longTag >= 0) {
                output.writeByte(longTag);
                output.writeVarLong((Long) object, false);
                return;
            }
            if (type == Integer.class && intTag >= 0) {
                output.writeByte(intTag);
                output.writeInt((Integer) object, false);
                return;
            }
        }
        super.writeClassAndObject(output, object);
        references.written(object);
    }

    /**
     * Reads an object with its class, as Kryo does; a string, {@code Long} or {@code Integer}
     * (recognized by its one-byte class tag, already in the input's buffer) is read directly by
     * the shorter path that mirrors {@link #writeClassAndObject}. Messages of format versions 1 and
     * 2, whose strings carry reference markers, always take Kryo's path.
     */
    @Override
    public Object readClassAndObject(Input input) {
        if (input != null && !references.legacy) {
            int position = input.position();
            if (position < input.limit()) {
                int tag = input.getBuffer()[position] & 0xFF;
                if (tag == stringTag) {
                    input.setPosition(position + 1);
                    return input.readString();
                }
                if (tag == longTag) {
                    input.setPosition(position + 1);
                    return input.readVarLong(false);
                }
                if (tag == intTag) {
                    input.setPosition(position + 1);
                    return input.readInt(false);
                }
            }
        }
        int first = references.readObjects().size();
        long start = work.mark();
        Object object = super.readClassAndObject(input);
        completed(first, start);
        return object;
    }

    /** Records the weight of the object read since {@code first} was the next reference id, if one was read. */
    private void completed(int first, long start) {
        if (references.readObjects().size() > first) {
            work.completed(first, start);
        }
    }

    @Override
    public <T> T readObject(Input input, Class<T> type) {
        int first = references.readObjects().size();
        long start = work.mark();
        T object = super.readObject(input, type);
        completed(first, start);
        return object;
    }

    @Override
    @SuppressWarnings("rawtypes")
    public <T> T readObject(Input input, Class<T> type, Serializer serializer) {
        int first = references.readObjects().size();
        long start = work.mark();
        T object = super.readObject(input, type, serializer);
        completed(first, start);
        return object;
    }

    @Override
    public <T> T readObjectOrNull(Input input, Class<T> type) {
        int first = references.readObjects().size();
        long start = work.mark();
        T object = super.readObjectOrNull(input, type);
        completed(first, start);
        return object;
    }

    @Override
    @SuppressWarnings("rawtypes")
    public <T> T readObjectOrNull(Input input, Class<T> type, Serializer serializer) {
        int first = references.readObjects().size();
        long start = work.mark();
        T object = super.readObjectOrNull(input, type, serializer);
        completed(first, start);
        return object;
    }

    /**
     * The hashing work of the message being read.
     *
     * @return this instance's counter
     */
    ReadWork work() {
        return work;
    }

    /** Remembers a file reopened while reading the current message. */
    void opened(Closeable handle) {
        opened.add(handle);
    }

    /**
     * Closes the files reopened while reading the current message, whose read failed: nobody else
     * holds them. A failure to close one is added to {@code failure} as a suppressed exception.
     *
     * @param failure the exception the read ends with
     */
    public void closeOpened(Throwable failure) {
        for (Closeable handle : opened) {
            try {
                handle.close();
            } catch (IOException | RuntimeException e) {
                failure.addSuppressed(e);
            }
        }
        opened.clear();
    }

    /** Forgets the message read or written last, and the files it reopened (the caller holds them now). */
    @Override
    public void reset() {
        super.reset();
        opened.clear();
    }

    /**
     * Starts reading a message: sets the hashing budget that {@link ReadWork} allows it.
     *
     * @param length the message's length in bytes
     */
    public void beginMessage(int length) {
        work.begin(length);
    }

    /**
     * The rules this instance was built with.
     *
     * @return the rules
     */
    public Rules rules() {
        return rules;
    }

    @Override
    @SuppressWarnings("rawtypes")
    public Serializer getDefaultSerializer(Class type) {
        if (reading && !rules.allowed(type)) {
            String name = type.getName();
            return new Special.RefusedSerializer(() -> Rules.notAllowed(name));
        }
        Rules.Choice choice = rules.choose(type);
        Serializer<?> serializer = choice.factory().apply(this);
        if (CerealPreparable.class.isAssignableFrom(type) && choice.kind() != Rules.Kind.REFUSED) {
            return new Special.PreparingSerializer(serializer);
        }
        return serializer;
    }

    /**
     * The objects read by the last {@code readClassAndObject}, in graph order (parents before
     * children). A live view, not a copy: valid until {@link #reset()}, and not to be modified.
     *
     * @return the read objects
     */
    public List<Object> readObjectsInOrder() {
        return references.readObjects();
    }

    /**
     * Selects the reference rule of the next message to read: messages of format versions 1 and 2
     * tracked the identity of every object but boxes and enums (Kryo's default), including strings
     * and the other {@linkplain ReadOrderReferenceResolver#isUntrackedValue immutable JDK values};
     * later versions do not track those values. Reset to the current rule by {@link #reset()}.
     *
     * @param legacy true to read a message written with the rule of versions 1 and 2
     */
    public void readWithLegacyReferences(boolean legacy) {
        references.legacy = legacy;
    }

    /**
     * The class a name read from the input stands for, if it is allowed. The verdict for a name
     * resolved by the codec's own class loader is remembered (the rules of an instance never
     * change); a name resolved through the thread's context class loader is resolved every time.
     */
    Class<?> resolveAllowed(String name) {
        Class<?> cached = resolvedNames.get(name);
        if (cached != null) {
            return cached;
        }
        Class<?> type;
        boolean own = true;
        try {
            type = Class.forName(name, false, getClassLoader());
        } catch (ClassNotFoundException | LinkageError | IllegalArgumentException e) {
            own = false;
            try {
                ClassLoader context = Thread.currentThread().getContextClassLoader();
                if (context == null || context == getClassLoader()) {
                    throw e;
                }
                type = Class.forName(name, false, context);
            } catch (ClassNotFoundException | LinkageError | IllegalArgumentException e2) {
                throw new SKCerealException("The input names class " + name + ", which does not exist here: the input is"
                        + " corrupted, or the two processes do not have the same classes.", e2);
            }
        }
        if (!rules.allowed(type)) {
            throw Rules.notAllowed(type.getName());
        }
        if (own && resolvedNames.size() < MAX_CACHED_NAMES) {
            resolvedNames.put(name, type);
        }
        return type;
    }

    /** How a class met while writing is written, worked out once per class. */
    WriteEntry writeEntry(Class<?> type) {
        WriteEntry entry = writeEntries.get(type);
        if (entry == null) {
            Class<?> written = rules.writtenAs(type);
            int index = ids.indexOf(written);
            entry = new WriteEntry(written, index, getRegistration(written),
                    LateBuilt.describe(rules.choose(type).kind(), type));
            writeEntries.put(type, entry);
        }
        return entry;
    }

    /**
     * The registration of the class at a table number read from the input; the class is checked
     * against the allow-list the first time its number is met, before anything is instantiated.
     */
    Registration tableRegistration(int index) {
        Registration known = index >= 0 && index < allowedById.length ? allowedById[index] : null;
        if (known != null) {
            return known;
        }
        Class<?> type = ids.classAt(index);
        if (type == null) {
            throw new KryoException("Unknown class number " + (index + ClassIds.BASE) + ": the input is corrupted, or"
                    + " the two codecs were not built with the same registerClasses");
        }
        if (!rules.allowed(type)) {
            throw Rules.notAllowed(type.getName());
        }
        Registration registration = getRegistration(type);
        allowedById[index] = registration;
        return registration;
    }

    /**
     * Resolves class names only after checking the allow-list; never initializes a class. Writes
     * the class {@link Rules#writtenAs} names, so that a JDBC connection is named as the reconnector
     * the reader builds.
     */
    static final class AllowingClassResolver extends DefaultClassResolver {
        @Override
        @SuppressWarnings("rawtypes")
        public Registration writeClass(Output output, Class type) {
            if (type == null) {
                return super.writeClass(output, null);
            }
            CerealKryo cereal = (CerealKryo) kryo;
            WriteEntry entry = cereal.writeEntry(type);
            cereal.references.expectLate(entry.late() == null ? null : type, entry.late());
            Registration registration = entry.registration();
            if (entry.index() >= 0) {
                output.writeVarInt(entry.index() + ClassIds.BASE + 2, true);
            } else if (registration.getId() == NAME) {
                writeName(output, entry.written(), registration);
            } else {
                output.writeVarInt(registration.getId() + 2, true); // as DefaultClassResolver writes it
            }
            return registration;
        }

        @Override
        public Registration readClass(Input input) {
            int classId = input.readVarInt(true);
            if (classId == Kryo.NULL) {
                return null;
            }
            if (classId == NAME + 2) {
                return readName(input);
            }
            if (classId >= ClassIds.BASE + 2) {
                return ((CerealKryo) kryo).tableRegistration(classId - ClassIds.BASE - 2);
            }
            Registration registration = getRegistration(classId - 2);
            if (registration == null) {
                throw new KryoException("Encountered unregistered class ID: " + (classId - 2));
            }
            return registration;
        }

        @Override
        @SuppressWarnings("rawtypes")
        protected Registration readName(Input input) {
            int nameId = input.readVarInt(true);
            if (nameIdToClass == null) {
                nameIdToClass = new IntMap<>();
            }
            Class type = nameIdToClass.get(nameId);
            if (type == null) {
                String className = input.readString();
                if (className == null || className.isEmpty()) {
                    throw new KryoException("Missing class name: the input is corrupted");
                }
                type = ((CerealKryo) kryo).resolveAllowed(className);
                nameIdToClass.put(nameId, type);
            }
            return kryo.getRegistration(type);
        }
    }

    /**
     * Decides which objects keep their identity and keeps the read objects in id order, which is
     * graph order.
     *
     * <p><b>Identity rule.</b> Every object keeps its identity (written once, then referenced), so
     * shared objects and cycles come back with the same structure, except the immutable JDK values
     * whose identity carries no meaning: strings, the boxed primitives, enum constants (which come
     * back as the receiver's own constants anyway), and the exact classes listed in
     * {@link #isUntrackedValue}. Those are written in full wherever they occur: a string reached twice
     * comes back as two equal strings. They cannot be part of a cycle (they hold no reference to a
     * mutable object), so nothing observable but {@code ==} between equal values changes; the
     * writer saves two identity-table operations per value and the reader one.
     *
     * <p><b>Table size.</b> A pooled instance serves messages of every size, so its tables must not
     * keep the size of the largest message: Kryo's own reset keeps the written-object table at up
     * to 2,048 entries and clears every slot of it after each message, which made every small
     * message written after a large one pay for clearing thousands of slots (a media-content
     * message took twice as long after one 1,000-entry map). Here a message that wrote few objects
     * shrinks the table back to a small size; a large one keeps it, so a stream of large messages
     * does not regrow it every time.
     *
     * <p><b>Late-built objects.</b> While the contents of a {@linkplain LateBuilt late-built} object
     * (a record, an immutable collection...) are written, the object is kept on a stack; a reference
     * to an object on that stack would be read before the object exists, as null, so it fails with
     * {@link SKCerealException} instead. The class resolver announces the class of the object about
     * to be written ({@link #expectLate}); the object is pushed when it is added as a new written
     * object and popped when {@link CerealKryo#writeClassAndObject} returns.
     */
    static final class ReadOrderReferenceResolver extends MapReferenceResolver {
        /** A message that wrote at most this many objects counts as small. */
        static final int SMALL = 32;
        /** The table size Kryo keeps after a large message. */
        private static final int LARGE = 2048;

        /**
         * Immutable, final JDK value classes written without identity (besides strings, boxes and
         * enums). Exact classes only: a subclass of {@code BigInteger} or {@code BigDecimal} may be
         * mutable and keeps its identity.
         */
        private static final Set<Class<?>> UNTRACKED = Set.of(BigInteger.class, BigDecimal.class, UUID.class,
                Duration.class, Instant.class, LocalDate.class, LocalTime.class, LocalDateTime.class, OffsetTime.class,
                OffsetDateTime.class, ZonedDateTime.class, ZoneOffset.class, Year.class, YearMonth.class,
                MonthDay.class, Period.class);

        /** True while a message of format version 1 or 2 is read (see {@link #readWithLegacyReferences}). */
        boolean legacy;
        /** The hashing work of the reading Kryo, told of every back-reference (it counts the objects read here). */
        final ReadWork work = new ReadWork(readObjects);

        /** The late-built objects whose contents are being written, innermost last. */
        private Object[] open = new Object[8];
        private String[] openLate = new String[8];
        private int openCount;
        /** The late-built class whose object is about to be added, with its description; else null. */
        private Class<?> pendingType;
        private String pendingLate;

        /**
         * Announces the class of the object about to be written (after its class was written).
         *
         * @param type the class if its objects are late-built, else null
         * @param late its {@link LateBuilt} description, or null
         */
        void expectLate(Class<?> type, String late) {
            pendingType = type;
            pendingLate = late;
        }

        @Override
        public int getWrittenId(Object object) {
            int id = super.getWrittenId(object);
            if (id != -1) {
                pendingType = null;
                if (openCount != 0) {
                    refuseBackReference(object);
                }
            }
            return id;
        }

        private void refuseBackReference(Object object) {
            for (int i = openCount - 1; i >= 0; i--) {
                if (open[i] == object) {
                    throw new SKCerealException("A reference leads back into a " + object.getClass().getName()
                            + " from inside it. That is " + openLate[i] + ", so the reference would be read before"
                            + " it exists and come back as null. " + LateBuilt.ADVICE);
                }
            }
        }

        @Override
        public int addWrittenObject(Object object) {
            int id = super.addWrittenObject(object);
            if (pendingType != null) {
                if (object.getClass() == pendingType) {
                    if (openCount == open.length) {
                        open = java.util.Arrays.copyOf(open, openCount * 2);
                        openLate = java.util.Arrays.copyOf(openLate, openCount * 2);
                    }
                    open[openCount] = object;
                    openLate[openCount++] = pendingLate;
                }
                pendingType = null;
            }
            return id;
        }

        /** The object has been written: if it is the innermost late-built one, its contents are done. */
        void written(Object object) {
            if (openCount != 0 && open[openCount - 1] == object) {
                open[--openCount] = null;
            }
        }

        /**
         * Whether objects of a class are written without identity: strings, boxed primitives,
         * enums, and the exact classes {@code BigInteger}, {@code BigDecimal}, {@code UUID},
         * {@code Duration}, {@code Instant}, {@code LocalDate}, {@code LocalTime},
         * {@code LocalDateTime}, {@code OffsetTime}, {@code OffsetDateTime}, {@code ZonedDateTime},
         * {@code ZoneOffset}, {@code Year}, {@code YearMonth}, {@code MonthDay} and {@code Period}.
         *
         * @param type a class
         * @return true if its objects are written in full wherever they occur
         */
        static boolean isUntrackedValue(Class<?> type) {
            return type == String.class || Util.isWrapperClass(type) || Util.isEnum(type) || UNTRACKED.contains(type);
        }

        @Override
        @SuppressWarnings("rawtypes")
        public boolean useReferences(Class type) {
            if (legacy) {
                return super.useReferences(type);
            }
            return !isUntrackedValue(type);
        }

        List<Object> readObjects() {
            return readObjects;
        }

        @Override
        @SuppressWarnings("rawtypes")
        public Object getReadObject(Class type, int id) {
            work.backReference(id);
            return super.getReadObject(type, id);
        }

        @Override
        public void reset() {
            legacy = false;
            while (openCount > 0) {
                open[--openCount] = null;
            }
            pendingType = null;
            work.reset();
            int read = readObjects.size();
            readObjects.clear(); // nulls only the used slots
            if (read > LARGE) {
                readObjects.trimToSize(); // do not hold the capacity of a huge message
            }
            writtenObjects.clear(writtenObjects.size <= SMALL ? SMALL : LARGE);
        }
    }

    /** Runs a no-arg constructor when there is one, else instantiates without a constructor. */
    static final class ConstructorFirstStrategy implements InstantiatorStrategy {
        private final StdInstantiatorStrategy fallback = new StdInstantiatorStrategy();

        @Override
        public <T> ObjectInstantiator<T> newInstantiatorOf(Class<T> type) {
            boolean innerOrLocal = type.getEnclosingClass() != null && !java.lang.reflect.Modifier.isStatic(type.getModifiers());
            if (!innerOrLocal) {
                try {
                    Constructor<T> c = type.getDeclaredConstructor();
                    c.setAccessible(true);
                    return () -> {
                        try {
                            return c.newInstance();
                        } catch (InstantiationException | IllegalAccessException e) {
                            throw new KryoException("Cannot instantiate " + type.getName() + ": " + e, e);
                        } catch (InvocationTargetException e) {
                            throw new KryoException("The no-arg constructor of " + type.getName() + " failed: " + e.getCause(),
                                    e.getCause());
                        }
                    };
                } catch (NoSuchMethodException | RuntimeException e) {
                    // fall through to constructor-less instantiation
                }
            }
            return fallback.newInstantiatorOf(type);
        }
    }
}
