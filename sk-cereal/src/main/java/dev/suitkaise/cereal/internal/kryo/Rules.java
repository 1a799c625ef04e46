package dev.suitkaise.cereal.internal.kryo;

import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.serializers.DefaultArraySerializers;
import com.esotericsoftware.kryo.serializers.DefaultSerializers;
import com.esotericsoftware.kryo.serializers.OptionalSerializers;
import com.esotericsoftware.kryo.serializers.TimeSerializers;
import dev.suitkaise.cereal.SKCerealClassNotAllowedException;
import dev.suitkaise.cereal.SKCerealException;
import dev.suitkaise.reg.Domain;
import dev.suitkaise.reg.DomainRoots;

import java.io.Externalizable;
import java.io.File;
import java.io.Serializable;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URI;
import java.net.URL;
import java.nio.charset.Charset;
import java.nio.file.Path;
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
import java.util.BitSet;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.Currency;
import java.util.Date;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Hashtable;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.LinkedList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.Stack;
import java.util.TimeZone;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.Vector;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.LinkedTransferQueue;
import java.util.concurrent.Phaser;
import java.util.concurrent.PriorityBlockingQueue;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.Semaphore;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.locks.AbstractQueuedLongSynchronizer;
import java.util.concurrent.locks.AbstractQueuedSynchronizer;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.concurrent.locks.StampedLock;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import java.util.stream.BaseStream;
import java.util.stream.Stream;

import static dev.suitkaise.cereal.internal.kryo.Containers.Mode.BUILT;
import static dev.suitkaise.cereal.internal.kryo.Containers.Mode.BUILT_SORTED;
import static dev.suitkaise.cereal.internal.kryo.Containers.Mode.CAPACITY;
import static dev.suitkaise.cereal.internal.kryo.Containers.Mode.MUTABLE;
import static dev.suitkaise.cereal.internal.kryo.Containers.Mode.SORTED;

/**
 * The codec's rules: for every class, how it is carried (or why it cannot be), and whether
 * deserialization may instantiate it. One instance per codec and handler generation; thread-safe.
 */
public final class Rules implements AllowPolicy {

    /** How a class is carried. */
    public enum Kind {
        /** By a registered {@link dev.suitkaise.cereal.CerealHandler}. */
        HANDLER,
        /** An array. */
        ARRAY,
        /** An enum constant, by ordinal. */
        ENUM,
        /** A built-in rule for a JDK or well-known type. */
        BUILTIN,
        /** A record, through its canonical constructor. */
        RECORD,
        /** A class with custom Java serialization methods, through filtered Java serialization. */
        JAVA_SERIAL,
        /** A user class, by its fields. */
        FIELDS,
        /** A serializable lambda or method reference. */
        LAMBDA,
        /** Cannot be carried; see the reason. */
        REFUSED
    }

    /**
     * The decision for one class.
     *
     * @param kind how it is carried
     * @param reason why not, for {@link Kind#REFUSED}; else null
     * @param factory makes the serializer for a Kryo instance
     * @param handler the handler that carries the class, for {@link Kind#HANDLER}; else null
     */
    record Choice(Kind kind, String reason, Function<CerealKryo, Serializer<?>> factory, Handlers.Entry handler) {

        /** A decision that names no handler. */
        Choice(Kind kind, String reason, Function<CerealKryo, Serializer<?>> factory) {
            this(kind, reason, factory, null);
        }
    }

    private static final Map<Class<?>, Function<Rules, Serializer<?>>> EXACT = new HashMap<>();
    private static final List<Map.Entry<Class<?>, Function<Rules, Serializer<?>>>> ASSIGNABLE = new ArrayList<>();
    private static final Set<Class<?>> JAVA_SERIAL_SUPERS = Set.of(Object.class, Number.class, Enum.class, Record.class,
            Throwable.class, Exception.class, RuntimeException.class, Error.class, StackTraceElement.class,
            java.util.Map.Entry.class);

    /**
     * The JDK's own serialization proxies of value types the codec allows anyway ({@code java.time}
     * values, immutable collections, {@code EnumSet}, lambdas): objects written by Java
     * serialization inside a message may hold them.
     */
    private static final Set<String> JDK_SERIAL_PROXIES = Set.of("java.time.Ser", "java.time.zone.Ser",
            "java.time.chrono.Ser", "java.util.CollSer", "java.util.EnumSet$SerializationProxy",
            "java.lang.invoke.SerializedLambda", "java.util.ImmutableCollections$ListN",
            "java.util.ImmutableCollections$SetN", "java.util.ImmutableCollections$MapN");

    private final long generation;
    private final long rootsVersion;
    private final Map<Class<?>, Handlers.Entry> handlers;
    private final String brokenHandlersNote;
    private final int maxMaterialized;
    private final Set<String> allowedNames;
    private final List<String> allowedPrefixes;
    private final boolean allowDomainRoots;
    private final ConcurrentHashMap<Class<?>, Choice> choices = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<Class<?>, Boolean> allowed = new ConcurrentHashMap<>();

    /**
     * Creates the rules of a codec.
     *
     * @param generation the handler generation they were built for
     * @param rootsVersion the version of sk-reg's domain roots they were built for
     *     ({@link DomainRoots#version()}), or 0 when they do not allow classes by the roots
     * @param allowEntries class names and package prefixes ending in {@code .*}
     * @param allowDomainRoots whether classes under the INTERNAL and EXTERNAL roots are allowed
     * @param maxMaterialized the bound for streams and iterators
     */
    public Rules(long generation, long rootsVersion, List<String> allowEntries, boolean allowDomainRoots,
                 int maxMaterialized) {
        this.generation = generation;
        this.rootsVersion = rootsVersion;
        Handlers.Snapshot snapshot = Handlers.snapshot();
        this.handlers = snapshot.byType();
        this.brokenHandlersNote = snapshot.note();
        this.maxMaterialized = maxMaterialized;
        this.allowDomainRoots = allowDomainRoots;
        Set<String> names = new HashSet<>();
        List<String> prefixes = new ArrayList<>();
        for (String e : allowEntries) {
            if (e.endsWith(".*")) {
                prefixes.add(e.substring(0, e.length() - 1));
            } else {
                names.add(e);
            }
        }
        this.allowedNames = Set.copyOf(names);
        this.allowedPrefixes = List.copyOf(prefixes);
    }

    /**
     * The handler generation these rules were built for.
     *
     * @return the generation
     */
    public long generation() {
        return generation;
    }

    /**
     * The version of the domain roots these rules were built for: the verdicts they cache for
     * classes under the roots hold only for that version.
     *
     * @return the version, or 0 when these rules do not allow classes by the roots
     */
    public long rootsVersion() {
        return rootsVersion;
    }

    int maxMaterialized() {
        return maxMaterialized;
    }

    /**
     * What to add to a failure's message about registered handlers these rules left out because
     * their {@code type()} returned null or threw: the failing call may have needed one of them.
     *
     * @return a sentence with a leading space naming each such handler's key, or "" if there is none
     */
    public String brokenHandlersNote() {
        return brokenHandlersNote;
    }

    /**
     * The class written for an object of a class: a JDBC {@link java.sql.Connection} of any driver is
     * written as a {@link dev.suitkaise.cereal.JdbcReconnector}, which is what the reader builds, so
     * that the reader needs neither the driver's class nor to allow it (unless a handler is
     * registered for the connection class, which then carries it). Every other class is written as
     * itself.
     *
     * @param type the class of an object being written
     * @return the class to name in the output
     */
    Class<?> writtenAs(Class<?> type) {
        if (type != dev.suitkaise.cereal.JdbcReconnector.class && java.sql.Connection.class.isAssignableFrom(type)
                && choose(type).kind() == Kind.BUILTIN) {
            return dev.suitkaise.cereal.JdbcReconnector.class;
        }
        return type;
    }

    static boolean isJdk(Class<?> type) {
        String module = type.getModule().getName();
        return module != null && (module.startsWith("java.") || module.startsWith("jdk."));
    }

    static boolean isLambda(Class<?> type) {
        return type.isHidden() || type.getName().indexOf('/') >= 0;
    }

    /**
     * How a class is carried.
     *
     * @param type the class
     * @return the cached decision
     */
    Choice choose(Class<?> type) {
        Choice c = choices.get(type);
        if (c == null) {
            c = decide(type);
            Choice prev = choices.putIfAbsent(type, c);
            if (prev != null) {
                c = prev;
            }
        }
        return c;
    }

    private static Choice refused(String reason) {
        return new Choice(Kind.REFUSED, reason, k -> new Special.RefusedSerializer(() -> new SKCerealException(reason)));
    }

    private Choice decide(Class<?> type) {
        Handlers.Entry handler = Handlers.find(handlers, type);
        if (handler != null) {
            return new Choice(Kind.HANDLER, null, k -> new Special.HandlerSerializer(handler.key(), handler.handler(), handler.type()),
                    handler);
        }
        if (type.isArray()) {
            Class<?> component = type.getComponentType();
            if (component.isPrimitive()) {
                return new Choice(Kind.ARRAY, null, k -> primitiveArraySerializer(component));
            }
            return new Choice(Kind.ARRAY, null, k -> new Containers.ObjectArraySerializer());
        }
        if (isLambda(type)) {
            if (!Serializable.class.isAssignableFrom(type)) {
                return refused(Special.notSerializableLambda(type));
            }
            return new Choice(Kind.LAMBDA, null, k -> new Special.LambdaSerializer());
        }
        if (Enum.class.isAssignableFrom(type)) {
            Class<?> enumType = type;
            while (!enumType.isEnum()) {
                enumType = enumType.getSuperclass();
            }
            @SuppressWarnings({"unchecked", "rawtypes"})
            Class<? extends Enum> e = (Class<? extends Enum>) enumType;
            return new Choice(Kind.ENUM, null, k -> new DefaultSerializers.EnumSerializer(e));
        }
        if (EnumSet.class.isAssignableFrom(type)) {
            return new Choice(Kind.BUILTIN, null, k -> new DefaultSerializers.EnumSetSerializer());
        }
        Function<Rules, Serializer<?>> exact = EXACT.get(type);
        if (exact != null) {
            return new Choice(Kind.BUILTIN, null, k -> exact.apply(this));
        }
        if (java.sql.Connection.class.isAssignableFrom(type)) {
            // any driver's (or pool's) connection, JDK or not: written as a JdbcReconnector, see writtenAs
            return new Choice(Kind.BUILTIN, null, k -> new Connections.JdbcSerializer());
        }
        boolean jdk = isJdk(type);
        for (Map.Entry<Class<?>, Function<Rules, Serializer<?>>> rule : ASSIGNABLE) {
            if (rule.getKey().isAssignableFrom(type) && (jdk || rule.getKey() == org.slf4j.Logger.class)) {
                Function<Rules, Serializer<?>> f = rule.getValue();
                return new Choice(Kind.BUILTIN, null, k -> f.apply(this));
            }
        }
        if (jdk && Throwable.class.isAssignableFrom(type)) {
            return new Choice(Kind.JAVA_SERIAL, null, k -> new Special.JavaSerialSerializer(this));
        }
        if (jdk) {
            return refused(jdkRefusal(type));
        }
        String notOpen = Opener.check(type);
        if (notOpen != null) {
            return refused(notOpen);
        }
        Class<?> jdkSuper = jdkSuperWithState(type);
        if (jdkSuper != null) {
            if (Thread.class.isAssignableFrom(type)) {
                try {
                    java.lang.reflect.Constructor<?> constructor = type.getDeclaredConstructor();
                    constructor.setAccessible(true);
                    return new Choice(Kind.FIELDS, null, k -> new Reflective.ThreadSubclassSerializer(type, constructor));
                } catch (NoSuchMethodException e) {
                    return refused("Class " + type.getName() + " extends Thread but has no no-arg constructor, which the"
                            + " codec needs to build an unstarted copy (Thread's own state is private to the JDK). Add"
                            + " one (it may be private), or carry the task and start a thread in"
                            + " CerealPreparable.afterDeserialize().");
                }
            }
            if (Serializable.class.isAssignableFrom(type)) {
                return new Choice(Kind.JAVA_SERIAL, null, k -> new Special.JavaSerialSerializer(this));
            }
            return refused("Class " + type.getName() + " extends the JDK class " + jdkSuper.getName() + ", whose private"
                    + " state cannot be carried. Make the class Serializable, or register a CerealHandler for it.");
        }
        if (type.isRecord()) {
            return new Choice(Kind.RECORD, null, k -> new Reflective.RecordSerializer(type));
        }
        if (Serializable.class.isAssignableFrom(type) && hasCustomSerialization(type)) {
            return new Choice(Kind.JAVA_SERIAL, null, k -> new Special.JavaSerialSerializer(this));
        }
        if (type.isInterface() || java.lang.reflect.Modifier.isAbstract(type.getModifiers())) {
            return refused("Type " + type.getName() + " is abstract and cannot be instantiated.");
        }
        return new Choice(Kind.FIELDS, null, k -> new Reflective.FieldsSerializer(type));
    }

    private static String jdkRefusal(Class<?> type) {
        if (Thread.class.isAssignableFrom(type) || ExecutorService.class.isAssignableFrom(type)) {
            return "The JDK type " + type.getName() + " has no carried configuration the codec can read through public"
                    + " API. Use a plain Thread, ThreadPoolExecutor, ScheduledThreadPoolExecutor, ForkJoinPool or an"
                    + " Executors single-thread or virtual-thread executor, or register a CerealHandler.";
        }
        return "The JDK type " + type.getName() + " is not supported by the internal codec (its state is private to the"
                + " JDK). Carry the values it holds instead, mark the field transient and rebuild it in"
                + " CerealPreparable.afterDeserialize(), or register a CerealHandler for it.";
    }

    private static Class<?> jdkSuperWithState(Class<?> type) {
        for (Class<?> c = type.getSuperclass(); c != null && c != Object.class; c = c.getSuperclass()) {
            if (!isJdk(c)) {
                continue;
            }
            for (java.lang.reflect.Field f : c.getDeclaredFields()) {
                int m = f.getModifiers();
                if (!java.lang.reflect.Modifier.isStatic(m) && !java.lang.reflect.Modifier.isTransient(m)) {
                    return c;
                }
            }
        }
        return null;
    }

    private static boolean hasCustomSerialization(Class<?> type) {
        if (Externalizable.class.isAssignableFrom(type)) {
            return true;
        }
        for (Class<?> c = type; c != null && !isJdk(c); c = c.getSuperclass()) {
            for (java.lang.reflect.Method m : c.getDeclaredMethods()) {
                String n = m.getName();
                if ((n.equals("writeObject") || n.equals("readObject")) && m.getParameterCount() == 1
                        || (n.equals("writeReplace") || n.equals("readResolve")) && m.getParameterCount() == 0) {
                    return true;
                }
            }
        }
        return false;
    }

    private static Serializer<?> primitiveArraySerializer(Class<?> component) {
        if (component == byte.class) {
            return new DefaultArraySerializers.ByteArraySerializer();
        } else if (component == int.class) {
            return new DefaultArraySerializers.IntArraySerializer();
        } else if (component == long.class) {
            return new DefaultArraySerializers.LongArraySerializer();
        } else if (component == double.class) {
            return new DefaultArraySerializers.DoubleArraySerializer();
        } else if (component == float.class) {
            return new DefaultArraySerializers.FloatArraySerializer();
        } else if (component == short.class) {
            return new DefaultArraySerializers.ShortArraySerializer();
        } else if (component == char.class) {
            return new DefaultArraySerializers.CharArraySerializer();
        } else {
            return new Containers.BooleanArraySerializer();
        }
    }

    /**
     * Whether deserialization may instantiate a class (or produce an instance through a built-in rule).
     *
     * @param type a class named in the input, loaded without initialization
     * @return true if allowed
     */
    boolean allowed(Class<?> type) {
        Boolean cached = allowed.get(type);
        if (cached == null) {
            cached = computeAllowed(type);
            allowed.put(type, cached);
        }
        return cached;
    }

    private boolean computeAllowed(Class<?> type) {
        if (type.isPrimitive()) {
            return true;
        }
        if (type.isArray()) {
            return allowed(type.getComponentType());
        }
        if (Handlers.find(handlers, type) != null) {
            return true;
        }
        if (allowedNames.contains(type.getName())) {
            return true;
        }
        for (String prefix : allowedPrefixes) {
            if (type.getName().startsWith(prefix)) {
                return true;
            }
        }
        if (EXACT.containsKey(type)) {
            return true;
        }
        if (isJdk(type)) {
            Kind kind = choose(type).kind();
            return kind == Kind.BUILTIN || kind == Kind.ENUM || kind == Kind.JAVA_SERIAL && Throwable.class.isAssignableFrom(type);
        }
        if (org.slf4j.Logger.class.isAssignableFrom(type)) {
            return true;
        }
        return allowDomainRoots && (DomainRoots.contains(Domain.INTERNAL, type) || DomainRoots.contains(Domain.EXTERNAL, type));
    }

    @Override
    public boolean allowedInJavaSerialization(Class<?> type) {
        if (JAVA_SERIAL_SUPERS.contains(type)
                || type.getModule() == Object.class.getModule() && JDK_SERIAL_PROXIES.contains(type.getName())) {
            return true;
        }
        if (type.isArray()) {
            return allowedInJavaSerialization(type.getComponentType());
        }
        if (type.isHidden() && type.getNestHost() != type) {
            // a lambda rebuilt by SerializedLambda.readResolve: allowed when the class that wrote it is
            return allowedInJavaSerialization(type.getNestHost());
        }
        return allowed(type);
    }

    /**
     * The message for a class that is not allowed.
     *
     * @param name the class name
     * @return what failed and what to do
     */
    static String notAllowedMessage(String name) {
        return "Class " + name + " is not allowed to be deserialized, so the input was refused before any of its code"
                + " ran. If it is yours, allow it with InternalCereal.builder().allowClasses(...) or .allowPackages(...),"
                + " the system property suitkaise.cereal.allow, a CerealHandler, or by placing it under a domain root"
                + " of sk-reg (DomainRoots).";
    }

    /**
     * The failure for a class that is not allowed.
     *
     * @param name the class name
     * @return the exception, with {@link #notAllowedMessage}
     */
    static SKCerealClassNotAllowedException notAllowed(String name) {
        return new SKCerealClassNotAllowedException(name, notAllowedMessage(name));
    }

    // ------------------------------------------------------------------ built-in table

    private static void exact(Class<?> type, Function<Rules, Serializer<?>> factory) {
        EXACT.put(type, factory);
    }

    private static void exact(Class<?> type, Supplier<Serializer<?>> factory) {
        EXACT.put(type, r -> factory.get());
    }

    private static void assignable(Class<?> type, Function<Rules, Serializer<?>> factory) {
        ASSIGNABLE.add(Map.entry(type, factory));
    }

    @SuppressWarnings("unchecked")
    private static void collection(Class<?> type, Containers.Mode mode, Function<Object, ? extends Collection<?>> creator,
                                   BiFunction<Object, List<Object>, ? extends Collection<?>> builder) {
        exact(type, () -> new Containers.CollectionSerializer(type, mode, (Function<Object, Collection<Object>>) creator,
                (BiFunction<Object, List<Object>, Collection<Object>>) builder));
    }

    private static void mutable(Class<?> type, Supplier<? extends Collection<?>> creator) {
        collection(type, MUTABLE, a -> creator.get(), null);
    }

    private static void sorted(Class<?> type, Function<Comparator<Object>, ? extends Collection<?>> creator) {
        collection(type, SORTED, a -> creator.apply(comparator(a)), null);
    }

    private static void built(Object sample, Function<List<Object>, ? extends Collection<?>> builder) {
        collection(sample.getClass(), BUILT, null, (a, items) -> builder.apply(items));
    }

    private static void builtSorted(Object sample, BiFunction<Comparator<Object>, List<Object>, ? extends Collection<?>> builder) {
        collection(sample.getClass(), BUILT_SORTED, null, (a, items) -> builder.apply(comparator(a), items));
    }

    @SuppressWarnings("unchecked")
    private static void map(Class<?> type, Containers.Mode mode, Function<Object, ? extends Map<?, ?>> creator,
                            BiFunction<Object, List<Object>, ? extends Map<?, ?>> builder) {
        exact(type, () -> new Containers.MapSerializer(type, mode, (Function<Object, Map<Object, Object>>) creator,
                (BiFunction<Object, List<Object>, Map<Object, Object>>) builder));
    }

    private static void builtMap(Object sample, Function<LinkedHashMap<Object, Object>, ? extends Map<?, ?>> builder) {
        map(sample.getClass(), BUILT, null, (a, kv) -> builder.apply(pairs(new LinkedHashMap<>(), kv)));
    }

    private static void builtSortedMap(Object sample, Function<TreeMap<Object, Object>, ? extends Map<?, ?>> builder) {
        map(sample.getClass(), BUILT_SORTED, null, (a, kv) -> builder.apply(pairs(new TreeMap<>(comparator(a)), kv)));
    }

    private static <M extends Map<Object, Object>> M pairs(M map, List<Object> kv) {
        for (int i = 0; i + 1 < kv.size(); i += 2) {
            map.put(kv.get(i), kv.get(i + 1));
        }
        return map;
    }

    @SuppressWarnings("unchecked")
    private static Comparator<Object> comparator(Object a) {
        return (Comparator<Object>) a;
    }

    private static <C extends Collection<Object>> C fill(C c, List<Object> items) {
        c.addAll(items);
        return c;
    }

    private static List<Object> immutableList(List<Object> items) {
        return items.contains(null) ? Stream.of(items.toArray()).toList() : List.copyOf(items);
    }

    static {
        // values
        exact(String.class, DefaultSerializers.StringSerializer::new);
        exact(Integer.class, DefaultSerializers.IntSerializer::new);
        exact(Long.class, DefaultSerializers.LongSerializer::new);
        exact(Short.class, DefaultSerializers.ShortSerializer::new);
        exact(Byte.class, DefaultSerializers.ByteSerializer::new);
        exact(Character.class, DefaultSerializers.CharSerializer::new);
        exact(Boolean.class, DefaultSerializers.BooleanSerializer::new);
        exact(Float.class, DefaultSerializers.FloatSerializer::new);
        exact(Double.class, DefaultSerializers.DoubleSerializer::new);
        constant(String.CASE_INSENSITIVE_ORDER);
        constant(Collections.reverseOrder());
        exact(Object.class, Values.PlainObjectSerializer::new);
        exact(BigInteger.class, DefaultSerializers.BigIntegerSerializer::new);
        exact(BigDecimal.class, DefaultSerializers.BigDecimalSerializer::new);
        exact(Class.class, DefaultSerializers.ClassSerializer::new);
        exact(Date.class, DefaultSerializers.DateSerializer::new);
        exact(Currency.class, DefaultSerializers.CurrencySerializer::new);
        exact(StringBuffer.class, DefaultSerializers.StringBufferSerializer::new);
        exact(StringBuilder.class, DefaultSerializers.StringBuilderSerializer::new);
        exact(UUID.class, DefaultSerializers.UUIDSerializer::new);
        exact(URI.class, Values::uri);
        exact(URL.class, DefaultSerializers.URLSerializer::new);
        exact(Pattern.class, DefaultSerializers.PatternSerializer::new);
        exact(Locale.class, () -> new Values.TextSerializer<Locale>(Locale::toLanguageTag, Locale::forLanguageTag));
        exact(BitSet.class, DefaultSerializers.BitSetSerializer::new);
        exact(File.class, Values::file);
        exact(AtomicBoolean.class, DefaultSerializers.AtomicBooleanSerializer::new);
        exact(AtomicInteger.class, DefaultSerializers.AtomicIntegerSerializer::new);
        exact(AtomicLong.class, DefaultSerializers.AtomicLongSerializer::new);
        exact(AtomicReference.class, DefaultSerializers.AtomicReferenceSerializer::new);
        exact(AtomicIntegerArray.class, Values.AtomicIntegerArraySerializer::new);
        exact(java.util.concurrent.atomic.LongAdder.class, () -> new Hard.Simple<java.util.concurrent.atomic.LongAdder>(
                (o, a) -> o.writeVarLong(a.sum(), false), i -> {
                    java.util.concurrent.atomic.LongAdder a = new java.util.concurrent.atomic.LongAdder();
                    a.add(i.readVarLong(false));
                    return a;
                }));
        exact(java.util.concurrent.atomic.DoubleAdder.class, () -> new Hard.Simple<java.util.concurrent.atomic.DoubleAdder>(
                (o, a) -> o.writeDouble(a.sum()), i -> {
                    java.util.concurrent.atomic.DoubleAdder a = new java.util.concurrent.atomic.DoubleAdder();
                    a.add(i.readDouble());
                    return a;
                }));
        exact(java.util.GregorianCalendar.class, DefaultSerializers.CalendarSerializer::new);
        exact(java.sql.Timestamp.class, DefaultSerializers.TimestampSerializer::new);
        exact(AtomicLongArray.class, Values.AtomicLongArraySerializer::new);
        exact(AtomicReferenceArray.class, Values.AtomicReferenceArraySerializer::new);
        exact(Optional.class, OptionalSerializers.OptionalSerializer::new);
        exact(OptionalInt.class, OptionalSerializers.OptionalIntSerializer::new);
        exact(OptionalLong.class, OptionalSerializers.OptionalLongSerializer::new);
        exact(OptionalDouble.class, OptionalSerializers.OptionalDoubleSerializer::new);
        exact(Duration.class, TimeSerializers.DurationSerializer::new);
        exact(Instant.class, TimeSerializers.InstantSerializer::new);
        exact(LocalDate.class, TimeSerializers.LocalDateSerializer::new);
        exact(LocalTime.class, TimeSerializers.LocalTimeSerializer::new);
        exact(LocalDateTime.class, TimeSerializers.LocalDateTimeSerializer::new);
        exact(ZoneOffset.class, TimeSerializers.ZoneOffsetSerializer::new);
        exact(OffsetTime.class, TimeSerializers.OffsetTimeSerializer::new);
        exact(OffsetDateTime.class, TimeSerializers.OffsetDateTimeSerializer::new);
        exact(ZonedDateTime.class, TimeSerializers.ZonedDateTimeSerializer::new);
        exact(Year.class, TimeSerializers.YearSerializer::new);
        exact(YearMonth.class, TimeSerializers.YearMonthSerializer::new);
        exact(MonthDay.class, TimeSerializers.MonthDaySerializer::new);
        exact(Period.class, TimeSerializers.PeriodSerializer::new);

        // mutable collections
        mutable(ArrayList.class, ArrayList::new);
        mutable(LinkedList.class, LinkedList::new);
        mutable(HashSet.class, HashSet::new);
        mutable(LinkedHashSet.class, LinkedHashSet::new);
        mutable(ArrayDeque.class, ArrayDeque::new);
        mutable(Vector.class, Vector::new);
        mutable(Stack.class, Stack::new);
        mutable(CopyOnWriteArrayList.class, CopyOnWriteArrayList::new);
        mutable(CopyOnWriteArraySet.class, CopyOnWriteArraySet::new);
        mutable(ConcurrentLinkedQueue.class, ConcurrentLinkedQueue::new);
        mutable(ConcurrentLinkedDeque.class, ConcurrentLinkedDeque::new);
        mutable(LinkedTransferQueue.class, LinkedTransferQueue::new);
        mutable(SynchronousQueue.class, SynchronousQueue::new);
        mutable(ConcurrentHashMap.newKeySet().getClass(), ConcurrentHashMap::newKeySet);
        sorted(TreeSet.class, TreeSet::new);
        sorted(ConcurrentSkipListSet.class, ConcurrentSkipListSet::new);
        sorted(PriorityQueue.class, c -> new PriorityQueue<>(c));
        sorted(PriorityBlockingQueue.class, c -> new PriorityBlockingQueue<>(11, c));
        collection(LinkedBlockingQueue.class, CAPACITY, a -> new LinkedBlockingQueue<>((Integer) a), null);
        collection(LinkedBlockingDeque.class, CAPACITY, a -> new LinkedBlockingDeque<>((Integer) a), null);
        // allocates its capacity: CollectionSerializer draws it from the message's allowance first
        collection(ArrayBlockingQueue.class, CAPACITY, a -> new ArrayBlockingQueue<>((Integer) a), null);

        // immutable collections and Collections wrappers
        built(List.of(), Rules::immutableList);
        built(List.of(1), Rules::immutableList);
        built(List.of(1, 2, 3), Rules::immutableList);
        built(Set.of(), Set::copyOf);
        built(Set.of(1), Set::copyOf);
        built(Set.of(1, 2, 3), Set::copyOf);
        built(Arrays.asList(1), items -> Arrays.asList(items.toArray()));
        built(Collections.unmodifiableCollection(new ArrayList<>()), items -> Collections.unmodifiableCollection(new ArrayList<>(items)));
        built(Collections.unmodifiableList(new ArrayList<>()), items -> Collections.unmodifiableList(new ArrayList<>(items)));
        built(Collections.unmodifiableList(new LinkedList<>()), items -> Collections.unmodifiableList(new LinkedList<>(items)));
        built(Collections.unmodifiableSet(new HashSet<>()), items -> Collections.unmodifiableSet(new LinkedHashSet<>(items)));
        built(Collections.unmodifiableSequencedCollection(new ArrayList<>()),
                items -> Collections.unmodifiableSequencedCollection(new ArrayList<>(items)));
        built(Collections.unmodifiableSequencedSet(new LinkedHashSet<>()),
                items -> Collections.unmodifiableSequencedSet(new LinkedHashSet<>(items)));
        builtSorted(Collections.unmodifiableSortedSet(new TreeSet<>()),
                (c, items) -> Collections.unmodifiableSortedSet(fill(new TreeSet<>(c), items)));
        builtSorted(Collections.unmodifiableNavigableSet(new TreeSet<>()),
                (c, items) -> Collections.unmodifiableNavigableSet(fill(new TreeSet<>(c), items)));
        built(Collections.synchronizedCollection(new ArrayList<>()), items -> Collections.synchronizedCollection(new ArrayList<>(items)));
        built(Collections.synchronizedList(new ArrayList<>()), items -> Collections.synchronizedList(new ArrayList<>(items)));
        built(Collections.synchronizedList(new LinkedList<>()), items -> Collections.synchronizedList(new LinkedList<>(items)));
        built(Collections.synchronizedSet(new HashSet<>()), items -> Collections.synchronizedSet(new LinkedHashSet<>(items)));
        builtSorted(Collections.synchronizedSortedSet(new TreeSet<>()),
                (c, items) -> Collections.synchronizedSortedSet(fill(new TreeSet<>(c), items)));
        builtSorted(Collections.synchronizedNavigableSet(new TreeSet<>()),
                (c, items) -> Collections.synchronizedNavigableSet(fill(new TreeSet<>(c), items)));
        built(Collections.singletonList(1), items -> Collections.singletonList(single(items)));
        built(Collections.singleton(1), items -> Collections.singleton(single(items)));
        built(Collections.emptyList(), items -> none(items, Collections.emptyList()));
        built(Collections.emptySet(), items -> none(items, Collections.emptySet()));
        builtSorted(Collections.emptyNavigableSet(), (c, items) -> none(items, Collections.emptyNavigableSet()));

        // maps
        // a MUTABLE map's creator gets the entry count (already bounded by the input), see MapSerializer
        map(HashMap.class, MUTABLE, a -> HashMap.newHashMap(Containers.presize(a)), null);
        map(LinkedHashMap.class, MUTABLE, a -> LinkedHashMap.newLinkedHashMap(Containers.presize(a)), null);
        map(Hashtable.class, MUTABLE, a -> new Hashtable<>(), null);
        map(java.util.Properties.class, MUTABLE, a -> new java.util.Properties(), null);
        map(IdentityHashMap.class, MUTABLE, a -> new IdentityHashMap<>(), null);
        map(ConcurrentHashMap.class, MUTABLE, a -> new ConcurrentHashMap<>(), null);
        map(TreeMap.class, SORTED, a -> new TreeMap<>(comparator(a)), null);
        map(ConcurrentSkipListMap.class, SORTED, a -> new ConcurrentSkipListMap<>(comparator(a)), null);
        builtMap(Map.of(), Map::copyOf);
        builtMap(Map.of(1, 1), Map::copyOf);
        builtMap(Map.of(1, 1, 2, 2), Map::copyOf);
        builtMap(Collections.unmodifiableMap(new HashMap<>()), Collections::unmodifiableMap);
        builtMap(Collections.unmodifiableSequencedMap(new LinkedHashMap<>()), Collections::unmodifiableSequencedMap);
        builtSortedMap(Collections.unmodifiableSortedMap(new TreeMap<>()), Collections::unmodifiableSortedMap);
        builtSortedMap(Collections.unmodifiableNavigableMap(new TreeMap<>()), Collections::unmodifiableNavigableMap);
        builtMap(Collections.synchronizedMap(new HashMap<>()), Collections::synchronizedMap);
        builtSortedMap(Collections.synchronizedSortedMap(new TreeMap<>()), Collections::synchronizedSortedMap);
        builtSortedMap(Collections.synchronizedNavigableMap(new TreeMap<>()), Collections::synchronizedNavigableMap);
        builtMap(Collections.singletonMap(1, 1), m -> {
            if (m.size() != 1) {
                throw new SKCerealException("A singleton map must hold exactly one entry; the input is corrupted.");
            }
            var e = m.entrySet().iterator().next();
            return Collections.singletonMap(e.getKey(), e.getValue());
        });
        builtMap(Collections.emptyMap(), m -> noneMap(m, Collections.emptyMap()));
        builtSortedMap(Collections.emptyNavigableMap(), m -> noneMap(m, Collections.emptyNavigableMap()));
        exact(EnumMap.class, r -> new EnumMapSerializer(r));

        // hard objects
        exact(ReentrantLock.class, Hard::reentrantLock);
        exact(ReentrantReadWriteLock.class, Hard::readWriteLock);
        exact(StampedLock.class, Hard::stampedLock);
        exact(Semaphore.class, Hard::semaphore);
        exact(CountDownLatch.class, Hard::latch);
        exact(CyclicBarrier.class, Hard::barrier);
        exact(Phaser.class, Hard::phaser);
        exact(AbstractQueuedSynchronizer.ConditionObject.class, Hard::condition);
        exact(AbstractQueuedLongSynchronizer.ConditionObject.class, Hard::condition);
        exact(ThreadPoolExecutor.class, Hard::threadPool);
        exact(ScheduledThreadPoolExecutor.class, Hard::threadPool);
        exact(ForkJoinPool.class, Hard::forkJoinPool);
        sampleExecutor(Executors::newSingleThreadExecutor);
        sampleExecutor(Executors::newSingleThreadScheduledExecutor);
        sampleExecutor(Executors::newVirtualThreadPerTaskExecutor);

        assignable(org.slf4j.Logger.class, r -> Hard.slf4jLogger());
        assignable(java.util.logging.Logger.class, r -> Hard.julLogger());
        assignable(Thread.class, r -> Hard.thread());
        assignable(ThreadLocal.class, r -> new Hard.ThreadLocalSerializer());
        assignable(BaseStream.class, r -> new Hard.StreamSerializer(r.maxMaterialized));
        assignable(Iterator.class, r -> new Hard.IteratorSerializer(r.maxMaterialized));
        assignable(Path.class, r -> Values.path());
        assignable(Charset.class, r -> new DefaultSerializers.CharsetSerializer());
        assignable(ZoneId.class, r -> new TimeSerializers.ZoneIdSerializer());
        assignable(TimeZone.class, r -> new DefaultSerializers.TimeZoneSerializer());
        assignable(java.nio.channels.FileChannel.class, r -> FileHandles.channel());
        FileHandles.register(EXACT);
        exact(dev.suitkaise.cereal.SocketReconnector.class, Connections.SocketSerializer::new);
        exact(dev.suitkaise.cereal.ProcessReconnector.class, Connections.ProcessSerializer::new);
        exact(dev.suitkaise.cereal.JdbcReconnector.class, Connections.JdbcSerializer::new);
        assignable(java.net.Socket.class, r -> new Connections.SocketSerializer());
        assignable(Process.class, r -> new Connections.ProcessSerializer());
    }

    private static void constant(Object value) {
        exact(value.getClass(), () -> new Hard.Simple<>((o, v) -> {
        }, i -> value));
    }

    private static void sampleExecutor(Supplier<? extends ExecutorService> factory) {
        ExecutorService sample = factory.get();
        try {
            EXACT.put(sample.getClass(), r -> Hard.factoryExecutor(factory::get));
        } finally {
            sample.shutdownNow();
        }
    }

    private static Object single(List<Object> items) {
        if (items.size() != 1) {
            throw new SKCerealException("A singleton collection must hold exactly one element; the input is corrupted.");
        }
        return items.get(0);
    }

    private static <C> C none(List<Object> items, C empty) {
        if (!items.isEmpty()) {
            throw new SKCerealException("An empty collection holds elements; the input is corrupted.");
        }
        return empty;
    }

    private static <M> M noneMap(Map<Object, Object> m, M empty) {
        if (!m.isEmpty()) {
            throw new SKCerealException("An empty map holds entries; the input is corrupted.");
        }
        return empty;
    }

    /** EnumMap: its key type travels as a Java-serialized empty copy, its entries through Kryo. */
    static final class EnumMapSerializer extends Serializer<EnumMap<?, Object>> {
        private final Special.JavaSerialSerializer keyType;

        EnumMapSerializer(Rules rules) {
            this.keyType = new Special.JavaSerialSerializer(rules);
        }

        @Override
        public void write(com.esotericsoftware.kryo.Kryo kryo, com.esotericsoftware.kryo.io.Output output, EnumMap<?, Object> map) {
            EnumMap<?, Object> empty = map.clone();
            empty.clear();
            keyType.write(kryo, output, empty);
            Object[] entries = map.entrySet().toArray();
            output.writeVarInt(entries.length, true);
            for (Object e : entries) {
                Map.Entry<?, ?> entry = (Map.Entry<?, ?>) e;
                kryo.writeClassAndObject(output, entry.getKey());
                kryo.writeClassAndObject(output, entry.getValue());
            }
        }

        @Override
        @SuppressWarnings({"unchecked", "rawtypes"})
        public EnumMap<?, Object> read(com.esotericsoftware.kryo.Kryo kryo, com.esotericsoftware.kryo.io.Input input,
                                       Class<? extends EnumMap<?, Object>> type) {
            Object decoded = keyType.read(kryo, input, EnumMap.class);
            if (!(decoded instanceof EnumMap<?, ?> typed) || !typed.isEmpty()) {
                throw new SKCerealException("Corrupted EnumMap key type.");
            }
            Map raw = typed;
            kryo.reference(typed);
            ReadWork work = Containers.work(kryo);
            work.enterContainer(); // keys are enum constants: nothing is hashed, but the map's hash code visits its entries
            int n = Containers.readCount(input, "map");
            for (int i = 0; i < n; i++) {
                Object k = Objects.requireNonNull(kryo.readClassAndObject(input), "EnumMap key");
                raw.put(k, kryo.readClassAndObject(input));
            }
            work.slots(2L * n);
            return (EnumMap<?, Object>) typed;
        }
    }
}
