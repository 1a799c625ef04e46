package dev.suitkaise.cereal.internal.kryo;

import dev.suitkaise.cereal.CerealHandler;
import dev.suitkaise.cereal.CerealIssue;
import dev.suitkaise.cereal.SKCerealException;

import java.io.Externalizable;
import java.io.ObjectStreamClass;
import java.io.ObjectStreamField;
import java.io.Serializable;
import java.lang.invoke.SerializedLambda;
import java.lang.reflect.Array;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.RecordComponent;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.UUID;
import java.util.concurrent.PriorityBlockingQueue;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Walks an object graph the way the codec writes it and collects every part it cannot carry, with
 * object paths: parts the writer refuses, classes the reader of a codec with the same settings
 * refuses (its allow-list), references back into an object the reader builds only after its
 * contents ({@link LateBuilt}), and, inside objects written with Java serialization, what Java
 * serialization refuses. Iterative, so deep graphs do not overflow the stack; bounded in the
 * number of objects visited. A failure while inspecting one object (its code threw, or
 * overflowed the stack) becomes an issue of that object; the check itself does not throw.
 *
 * <p>Side effects: none of the graph's preparation hooks run and no stream or iterator is
 * consumed. The check runs the code the writer runs to read state ({@code CerealHandler.extract},
 * record accessors, {@code writeReplace} of Java-serialized classes, {@code toArray} of the
 * collections it carries), and reads a {@code ThreadLocal}'s value only when that has no effect
 * (a plain {@code ThreadLocal} or {@code InheritableThreadLocal}, which has no initial value to
 * compute; the value of one made by {@code ThreadLocal.withInitial} is not checked).
 * Not thread-safe; each check uses its own instance.
 */
public final class GraphChecker {

    private static final int MAX_OBJECTS = 2_000_000;
    /** The longest map-key label in a path; longer ones are cut. */
    private static final int MAX_LABEL = 40;
    /** The most successive {@code writeReplace} replacements followed, as a bound for misbehaving classes. */
    private static final int MAX_REPLACEMENTS = 16;

    private final Rules rules;
    /** Objects met where the codec writes them, with their path. */
    private final IdentityHashMap<Object, Boolean> seen = new IdentityHashMap<>();
    /** Objects met inside Java serialization, which copies them (a separate identity space). */
    private final IdentityHashMap<Object, Boolean> seenInJavaSerial = new IdentityHashMap<>();
    /** The late-built objects whose contents are being walked, with their path and description. */
    private final IdentityHashMap<Object, Open> open = new IdentityHashMap<>();
    private final Set<Class<?>> reportedNotAllowed = new HashSet<>();
    private final List<Found> found = new ArrayList<>();
    private final Deque<Step> stack = new ArrayDeque<>();
    private int visited;

    /** How a step is walked. */
    private enum Mode {
        /** As the codec writes it. */
        CODEC,
        /** As Java serialization writes it, inside an object the codec writes with Java serialization. */
        JAVA_SERIAL,
        /** As Java serialization writes it, after {@code writeReplace} was applied. */
        JAVA_SERIAL_REPLACED,
        /** The end of a late-built object's contents. */
        EXIT
    }

    /**
     * One object to walk.
     *
     * @param owner for the Java serialization modes, the path and class of the object the codec
     *     writes with Java serialization; else null
     */
    private record Step(Mode mode, Object value, String path, String owner) {
    }

    private record Open(String path, String description) {
    }

    /**
     * One issue and whether it makes serialization fail (rather than only the reading).
     *
     * @param issue the issue
     * @param failsWrite true if {@code serialize} fails because of it
     */
    public record Found(CerealIssue issue, boolean failsWrite) {
    }

    private GraphChecker(Rules rules) {
        this.rules = rules;
    }

    /**
     * Checks a graph.
     *
     * @param rules the codec's rules
     * @param root the root object
     * @return the issues in graph order
     */
    public static List<CerealIssue> check(Rules rules, Object root) {
        return walk(rules, root).stream().map(Found::issue).toList();
    }

    /**
     * Checks a graph and says which issues make serialization fail.
     *
     * @param rules the codec's rules
     * @param root the root object
     * @return the issues in graph order
     */
    public static List<Found> walk(Rules rules, Object root) {
        GraphChecker checker = new GraphChecker(rules);
        checker.stack.push(new Step(Mode.CODEC, root, "root", null));
        checker.run();
        return List.copyOf(checker.found);
    }

    private void add(String path, Class<?> type, String reason, boolean failsWrite) {
        found.add(new Found(new CerealIssue(path, type.getName(), reason), failsWrite));
    }

    private void run() {
        while (!stack.isEmpty()) {
            Step step = stack.pop();
            Object value = step.value();
            if (step.mode() == Mode.EXIT) {
                open.remove(value);
                continue;
            }
            if (value == null) {
                continue;
            }
            if (step.mode() == Mode.CODEC) {
                if (seen.put(value, Boolean.TRUE) != null) {
                    Open into = open.get(value);
                    if (into != null) {
                        add(step.path(), value.getClass(), "This refers back to the " + value.getClass().getName()
                                + " at " + into.path() + " from inside it. That is " + into.description() + ", so"
                                + " this reference would be read before it exists and come back as null; serialize"
                                + " refuses it. " + LateBuilt.ADVICE, true);
                    }
                    continue;
                }
            } else if (seenInJavaSerial.put(value, Boolean.TRUE) != null) {
                continue;
            }
            if (++visited > MAX_OBJECTS) {
                add(step.path(), value.getClass(), "The graph has more than " + MAX_OBJECTS + " objects; the check"
                        + " stopped here.", false);
                return;
            }
            List<Step> children = new ArrayList<>();
            Open opened = null;
            try {
                if (step.mode() == Mode.CODEC) {
                    opened = visit(value, step.path(), children);
                } else {
                    visitJavaSerial(value, step.path(), step.owner(), step.mode() == Mode.JAVA_SERIAL_REPLACED, children);
                }
            } catch (SKCerealException e) {
                add(step.path(), value.getClass(), safeMessage(e), true);
                continue;
            } catch (RuntimeException | StackOverflowError | LinkageError | AssertionError e) {
                add(step.path(), value.getClass(), "Cannot inspect it: its code failed with " + describe(e)
                        + "; serialize would fail the same way.", true);
                continue;
            }
            if (opened != null) {
                open.put(value, opened);
                stack.push(new Step(Mode.EXIT, value, step.path(), null));
            }
            for (int i = children.size() - 1; i >= 0; i--) {
                stack.push(children.get(i));
            }
        }
    }

    /** Walks an object as the codec writes it; returns its entry for {@link #open} if it is built late. */
    private Open visit(Object value, String path, List<Step> children) {
        Class<?> type = value.getClass();
        Rules.Choice choice = rules.choose(type);
        switch (choice.kind()) {
            case REFUSED -> {
                add(path, type, choice.reason(), true);
                return null;
            }
            case HANDLER -> {
                Handlers.Entry entry = choice.handler(); // the choice serialize makes, cached per class
                @SuppressWarnings("unchecked")
                CerealHandler<Object> h = (CerealHandler<Object>) entry.handler();
                children.add(new Step(Mode.CODEC, h.extract(value), path + "{" + entry.key() + "}", null));
            }
            case ARRAY -> {
                if (!type.getComponentType().isPrimitive()) {
                    int n = Array.getLength(value);
                    for (int i = 0; i < n; i++) {
                        children.add(new Step(Mode.CODEC, Array.get(value, i), path + "[" + i + "]", null));
                    }
                }
            }
            case LAMBDA -> {
                if (Rules.isJdk(type)) {
                    add(path, type, Opener.jdkLambdaMessage(type), true);
                    return null;
                }
                SerializedLambda sl = Special.serializedLambda(value);
                for (int i = 0; i < sl.getCapturedArgCount(); i++) {
                    children.add(new Step(Mode.CODEC, sl.getCapturedArg(i), path + ".captured[" + i + "]", null));
                }
                Class<?> capturing = capturingClass(sl, type);
                if (capturing != null) {
                    checkAllowed(path, type, capturing, null);
                }
                return open(path, choice.kind(), type);
            }
            case BUILTIN -> {
                String problem = probe(value);
                if (problem != null) {
                    add(path, type, problem, true);
                }
                builtinChildren(value, path, children);
            }
            case RECORD -> {
                for (RecordComponent rc : type.getRecordComponents()) {
                    Object component;
                    try {
                        var accessor = rc.getAccessor();
                        accessor.setAccessible(true);
                        component = accessor.invoke(value);
                    } catch (InvocationTargetException e) {
                        throw new SKCerealException("Accessor " + rc.getName() + "() of " + type.getName() + " failed: "
                                + describe(e.getCause()), e);
                    } catch (ReflectiveOperationException e) {
                        throw new SKCerealException("Cannot read record component " + rc.getName() + ": " + e, e);
                    }
                    if (!rc.getType().isPrimitive()) {
                        children.add(new Step(Mode.CODEC, component, path + "." + rc.getName(), null));
                    }
                }
            }
            case FIELDS -> {
                for (Field f : Reflective.fieldsOf(type)) {
                    if (f.getType().isPrimitive()) {
                        continue;
                    }
                    try {
                        children.add(new Step(Mode.CODEC, f.get(value), path + "." + f.getName(), null));
                    } catch (IllegalAccessException e) {
                        throw new SKCerealException(Opener.notOpenMessage(f.getDeclaringClass()), e);
                    }
                }
            }
            case JAVA_SERIAL -> children.add(new Step(Mode.JAVA_SERIAL, value, path, path + " (a " + type.getName() + ")"));
            case ENUM -> {
                // carried by name; its class is checked below
            }
        }
        checkAllowed(path, type, writtenClass(value, type), null);
        if (value instanceof Class<?> carried) {
            // the reader resolves a carried class by name, through the allow-list
            checkAllowed(path, type, carried, null);
        }
        return open(path, choice.kind(), type);
    }

    private static Open open(String path, Rules.Kind kind, Class<?> type) {
        String late = LateBuilt.describe(kind, type);
        return late == null ? null : new Open(path, late);
    }

    /** The class the writer names for an object, which the reader checks against its allow-list. */
    private Class<?> writtenClass(Object value, Class<?> type) {
        if (value instanceof Enum<?> e) {
            return e.getDeclaringClass(); // an enum constant with a body is written as its enum
        }
        if (value instanceof EnumSet<?> set) {
            // written with the class of its elements (an empty one: of its complement's)
            Enum<?> some = anyElement(set);
            return some == null ? type : some.getDeclaringClass();
        }
        return rules.writtenAs(type);
    }

    private static <E extends Enum<E>> Enum<?> anyElement(EnumSet<E> set) {
        EnumSet<E> some = set.isEmpty() ? EnumSet.complementOf(set) : set;
        return some.isEmpty() ? null : some.iterator().next();
    }

    private static Class<?> capturingClass(SerializedLambda sl, Class<?> lambdaType) {
        try {
            return Class.forName(sl.getCapturingClass().replace('/', '.'), false, lambdaType.getClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            return null; // the writer reports it
        }
    }

    /**
     * Reports, once per class, a class the reader of a codec with the same settings refuses.
     *
     * @param owner null where the codec itself names the class; else the object written with Java
     *     serialization that holds it
     */
    private void checkAllowed(String path, Class<?> type, Class<?> named, String owner) {
        Class<?> element = named;
        while (element.isArray()) {
            element = element.getComponentType();
        }
        boolean allowed = owner == null ? rules.allowed(named) : rules.allowedInJavaSerialization(named);
        if (allowed || !reportedNotAllowed.add(element)) {
            return;
        }
        String pkg = element.getPackageName();
        add(path, type, "Class " + element.getName() + " is not allowed to be deserialized by this codec"
                + (owner == null ? "" : " (it is inside " + owner + ", which is written with Java serialization,"
                + " filtered by the same allow-list)") + ", so a reader with the same settings refuses the message;"
                + " serialize itself succeeds. Allow it with InternalCereal.builder().allowClasses("
                + element.getSimpleName() + ".class)" + (pkg.isEmpty() ? "" : " or .allowPackages(\"" + pkg + "\")")
                + ", the system property suitkaise.cereal.allow, a CerealHandler registered for it, or by placing it"
                + " under a domain root of sk-reg (DomainRoots). This issue stands for every "
                + element.getSimpleName() + " in the graph.", false);
    }

    // ------------------------------------------------------------------ Java serialization

    /**
     * Walks an object as {@link java.io.ObjectOutputStream} writes it: every object must be
     * Serializable (or a string, array, enum or class), {@code writeReplace} of non-JDK classes is
     * applied, and the default serializable fields of non-JDK classes are followed (a custom
     * {@code writeObject} is assumed to write them, as {@code defaultWriteObject} does). The
     * contents of JDK classes are followed through public API: elements and comparators of
     * collections and maps, the cause and suppressed exceptions of throwables, the value of an
     * {@code AtomicReference}. The inside of an {@code Externalizable} is not seen.
     */
    private void visitJavaSerial(Object value, String path, String owner, boolean replaced, List<Step> children) {
        Class<?> type = value.getClass();
        if (value instanceof String) {
            return;
        }
        if (value instanceof Class<?> c) {
            checkAllowed(path, type, c, owner);
            return;
        }
        if (type.isArray()) {
            checkAllowed(path, type, type, owner);
            if (!type.getComponentType().isPrimitive()) {
                int n = Array.getLength(value);
                for (int i = 0; i < n; i++) {
                    children.add(new Step(Mode.JAVA_SERIAL, Array.get(value, i), path + "[" + i + "]", owner));
                }
            }
            return;
        }
        if (value instanceof Enum<?> e) {
            checkAllowed(path, type, e.getDeclaringClass(), owner);
            return;
        }
        if (!(value instanceof Serializable)) {
            add(path, type, (Rules.isLambda(type) ? Special.notSerializableLambda(type) + " It" : type.getName() + " is not"
                    + " Serializable, and it") + " is inside " + owner + ", which the codec writes with Java serialization"
                    + " (the class has custom writeObject/readObject or writeReplace/readResolve, is Externalizable, or"
                    + " extends a JDK class with state), and Java serialization fails on any object that is not"
                    + " Serializable. Make it Serializable, mark the field that holds it transient, or register a"
                    + " CerealHandler for the outer class.", true);
            return;
        }
        if (Rules.isLambda(type)) {
            if (Rules.isJdk(type)) {
                return; // Java serialization writes the JDK's own lambdas, whose captured values it alone can see
            }
            SerializedLambda sl;
            try {
                sl = Special.serializedLambda(value);
            } catch (SKCerealException e) {
                return; // not readable from this module; Java serialization may still write it
            }
            for (int i = 0; i < sl.getCapturedArgCount(); i++) {
                children.add(new Step(Mode.JAVA_SERIAL, sl.getCapturedArg(i), path + ".captured[" + i + "]", owner));
            }
            return;
        }
        if (!replaced && !Rules.isJdk(type)) {
            Object replacement = replace(value);
            if (replacement != value) {
                if (replacement != null) {
                    children.add(new Step(Mode.JAVA_SERIAL_REPLACED, replacement, path, owner));
                }
                return;
            }
        }
        if (!Rules.isJdk(type) || writeReplaceOf(type) == null) {
            // the classes Java serialization names (a JDK class with writeReplace is written as its proxy)
            for (Class<?> c = type; c != null && Serializable.class.isAssignableFrom(c); c = c.getSuperclass()) {
                checkAllowed(path, type, c, owner);
            }
        }
        if (!(value instanceof Externalizable)) {
            List<Class<?>> chain = new ArrayList<>();
            for (Class<?> c = type; c != null && Serializable.class.isAssignableFrom(c) && !Rules.isJdk(c);
                    c = c.getSuperclass()) {
                chain.add(0, c);
            }
            for (Class<?> c : chain) {
                serialFields(value, c, path, owner, children);
            }
        }
        jdkContents(value, path, owner, children);
    }

    /**
     * The default serializable fields of one class of the object, as {@link ObjectStreamClass} lists them.
     * The fields are looked up once per class ({@link #SERIAL_FIELDS}).
     */
    private static void serialFields(Object value, Class<?> c, String path, String owner, List<Step> children) {
        for (Field f : SERIAL_FIELDS.get(c)) {
            try {
                children.add(new Step(Mode.JAVA_SERIAL, f.get(value), path + "." + f.getName(), owner));
            } catch (IllegalAccessException | RuntimeException e) {
                // Java serialization writes it, this check cannot look at it
            }
        }
    }

    /**
     * The non-primitive default serializable fields of a class that this module can read. Left out:
     * a serialPersistentFields entry without a field, static fields, and fields of a package not
     * open to this module; Java serialization writes those, this check cannot look at them.
     */
    private static final ClassValue<List<Field>> SERIAL_FIELDS = new ClassValue<>() {
        @Override
        protected List<Field> computeValue(Class<?> c) {
            ObjectStreamClass desc = ObjectStreamClass.lookup(c);
            if (desc == null) {
                return List.of();
            }
            List<Field> fields = new ArrayList<>();
            for (ObjectStreamField sf : desc.getFields()) {
                if (sf.isPrimitive()) {
                    continue;
                }
                try {
                    Field f = c.getDeclaredField(sf.getName());
                    if (!Modifier.isStatic(f.getModifiers())) {
                        f.setAccessible(true);
                        fields.add(f);
                    }
                } catch (NoSuchFieldException | RuntimeException e) {
                    // see above
                }
            }
            return List.copyOf(fields);
        }
    };

    /** What Java serialization writes of the JDK classes an object is or extends, through public API. */
    private static void jdkContents(Object value, String path, String owner, List<Step> children) {
        contents(value, path, true, (part, partPath) -> children.add(new Step(Mode.JAVA_SERIAL, part, partPath, owner)));
    }

    /**
     * Applies {@code writeReplace} as Java serialization does: a method of the class or an
     * inherited one it can see, applied again while it yields an object of another class.
     *
     * @return the object Java serialization writes in place of {@code value} (null for null)
     */
    private static Object replace(Object value) {
        Object current = value;
        for (int i = 0; i < MAX_REPLACEMENTS; i++) {
            Class<?> type = current.getClass();
            if (Rules.isJdk(type) || !(current instanceof Serializable)) {
                return current;
            }
            Method writeReplace = writeReplaceOf(type);
            if (writeReplace == null) {
                return current;
            }
            Object next;
            try {
                writeReplace.setAccessible(true);
                next = writeReplace.invoke(current);
            } catch (InvocationTargetException e) {
                throw new SKCerealException("writeReplace() of " + type.getName() + " failed: "
                        + describe(e.getCause()), e.getCause());
            } catch (IllegalAccessException | RuntimeException e) {
                return current; // not open to this module; Java serialization still calls it
            }
            if (next == null || next.getClass() == type) {
                return next;
            }
            current = next;
        }
        return current;
    }

    /** {@code writeReplace()} as {@link ObjectStreamClass} finds it, or null. */
    private static Method writeReplaceOf(Class<?> type) {
        return WRITE_REPLACE.get(type).orElse(null);
    }

    /** {@link #writeReplaceOf}, looked up once per class (a miss costs an exception per superclass). */
    private static final ClassValue<Optional<Method>> WRITE_REPLACE = new ClassValue<>() {
        @Override
        protected Optional<Method> computeValue(Class<?> type) {
            return Optional.ofNullable(findWriteReplace(type));
        }
    };

    private static Method findWriteReplace(Class<?> type) {
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            Method m;
            try {
                m = c.getDeclaredMethod("writeReplace");
            } catch (NoSuchMethodException e) {
                continue;
            }
            int mods = m.getModifiers();
            if (m.getReturnType() != Object.class || Modifier.isStatic(mods) || Modifier.isAbstract(mods)) {
                return null;
            }
            if (Modifier.isPublic(mods) || Modifier.isProtected(mods)) {
                return m;
            }
            if (Modifier.isPrivate(mods)) {
                return c == type ? m : null;
            }
            return c.getPackageName().equals(type.getPackageName()) && c.getClassLoader() == type.getClassLoader() ? m : null;
        }
        return null;
    }

    // ------------------------------------------------------------------ built-in objects

    /** Finds, without side effects, the live objects that a built-in rule will refuse at write time. */
    private static String probe(Object value) {
        if (value instanceof java.net.Socket socket && !(value instanceof dev.suitkaise.cereal.SocketReconnector)
                && (socket.getInetAddress() == null || socket.getPort() <= 0)) {
            return "The socket was never connected, so there is nothing to reconnect to; carry the host and port instead.";
        }
        java.nio.channels.FileChannel channel = null;
        if (value instanceof java.io.FileInputStream in) {
            channel = in.getChannel();
        } else if (value instanceof java.io.FileOutputStream out) {
            channel = out.getChannel();
        } else if (value instanceof java.io.RandomAccessFile file) {
            channel = file.getChannel();
        } else if (value instanceof java.nio.channels.FileChannel ch && Rules.isJdk(ch.getClass())) {
            channel = ch;
        }
        if (channel != null) {
            if (!channel.isOpen()) {
                return "The file is closed; a closed stream or channel cannot be reopened. Carry its Path instead.";
            }
            if (!java.nio.file.Files.isDirectory(java.nio.file.Path.of("/proc/self/fdinfo"))) {
                return "An open file can be carried only where /proc/self/fdinfo exists (Linux).";
            }
        }
        if (value instanceof java.sql.Connection connection) {
            return Connections.jdbcProblem(connection);
        }
        if (value instanceof Process process && !(value instanceof dev.suitkaise.cereal.ProcessReconnector)
                && process.info().command().isEmpty()) {
            return "The command line of process " + process.pid() + " is not visible to this JVM, so it cannot be"
                    + " restarted elsewhere; carry its command line instead.";
        }
        return null;
    }

    /** The comparator a sorted collection or map is written with (before its elements), or null. */
    private static Object sortedComparator(Object value) {
        if (value instanceof SortedSet<?> s) {
            return s.comparator();
        }
        if (value instanceof SortedMap<?, ?> m) {
            return m.comparator();
        }
        if (value instanceof PriorityQueue<?> q) {
            return q.comparator();
        }
        if (value instanceof PriorityBlockingQueue<?> q) {
            return q.comparator();
        }
        return null;
    }

    /** What the codec writes of a built-in object's contents. */
    private static void builtinChildren(Object value, String path, List<Step> children) {
        contents(value, path, false, (part, partPath) -> children.add(new Step(Mode.CODEC, part, partPath, null)));
    }

    /** Receives one part of a container with its object path. */
    @FunctionalInterface
    private interface Parts {
        void add(Object part, String path);
    }

    /**
     * The parts of a JDK container as the codec and Java serialization both write them, in the
     * order they are written, each with its object path: the comparator of a sorted collection or
     * map, the keys and values of a map, the elements of a collection, the value of an
     * {@code AtomicReference} and the elements of an {@code AtomicReferenceArray}. Java
     * serialization also writes the cause and suppressed exceptions of a throwable; the codec
     * also writes the value of a present {@code Optional} and of a plain {@code ThreadLocal}
     * (Java serialization writes neither value: an {@code Optional} is not Serializable, and a
     * {@code ThreadLocal}'s value lives in the thread).
     *
     * @param javaSerial true for what Java serialization writes, false for what the codec writes
     */
    private static void contents(Object value, String path, boolean javaSerial, Parts parts) {
        Object comparator = sortedComparator(value);
        if (comparator != null) {
            parts.add(comparator, path + ".comparator()");
        }
        if (value instanceof Map<?, ?> map) {
            for (Object e : map.entrySet().toArray()) {
                Map.Entry<?, ?> entry = (Map.Entry<?, ?>) e;
                String key = label(entry.getKey());
                parts.add(entry.getKey(), path + ".key(" + key + ")");
                parts.add(entry.getValue(), path + "[" + key + "]");
            }
        } else if (value instanceof Collection<?> c) {
            Object[] items = c.toArray();
            for (int i = 0; i < items.length; i++) {
                parts.add(items[i], path + "[" + i + "]");
            }
        } else if (javaSerial && value instanceof Throwable t) {
            Throwable cause = t.getCause();
            if (cause != t) {
                parts.add(cause, path + ".cause");
            }
            Throwable[] suppressed = t.getSuppressed();
            for (int i = 0; i < suppressed.length; i++) {
                parts.add(suppressed[i], path + ".suppressed[" + i + "]");
            }
        } else if (!javaSerial && value instanceof Optional<?> o) {
            if (o.isPresent()) {
                parts.add(o.get(), path + ".value");
            }
        } else if (value instanceof AtomicReference<?> r) {
            parts.add(r.get(), path + ".value");
        } else if (value instanceof AtomicReferenceArray<?> a) {
            for (int i = 0; i < a.length(); i++) {
                parts.add(a.get(i), path + "[" + i + "]");
            }
        } else if (!javaSerial && value instanceof ThreadLocal<?> t
                && (t.getClass() == ThreadLocal.class || t.getClass() == InheritableThreadLocal.class)) {
            // only where get() runs no initial-value supplier (see the class comment)
            parts.add(t.get(), path + ".value");
        }
    }

    // ------------------------------------------------------------------ text

    /**
     * A map key as it appears in a path: the text of strings, numbers, characters, booleans, enum
     * constants (their name), UUIDs and classes, cut at {@value #MAX_LABEL} characters; any other
     * key by its class's simple name and identity hash ({@code Node@1b6d3586}), so that no user
     * {@code toString()} runs (it could recurse through a cycle, throw, or be slow).
     */
    static String label(Object key) {
        if (key == null) {
            return "null";
        }
        Class<?> type = key.getClass();
        String text;
        if (type == String.class) {
            text = (String) key;
        } else if (key instanceof Enum<?> e) {
            text = e.name();
        } else if (type == Integer.class || type == Long.class || type == Short.class || type == Byte.class
                || type == Double.class || type == Float.class || type == Character.class || type == Boolean.class
                || type == UUID.class) {
            text = key.toString();
        } else if (key instanceof Class<?> c) {
            text = c.getName();
        } else {
            text = simpleName(type) + "@" + Integer.toHexString(System.identityHashCode(key));
        }
        return text.length() <= MAX_LABEL ? text : text.substring(0, MAX_LABEL - 3) + "...";
    }

    private static String simpleName(Class<?> type) {
        String name = type.getName();
        return name.substring(name.lastIndexOf('.') + 1);
    }

    /** A failure as text, without running more code of the failing object than its class name. */
    private static String describe(Throwable e) {
        if (e == null) {
            return "an unknown error";
        }
        if (e instanceof StackOverflowError) {
            return "StackOverflowError (a recursion without end)";
        }
        return e.getClass().getName() + safeSuffix(e);
    }

    private static String safeSuffix(Throwable e) {
        try {
            String m = e.getMessage();
            return m == null ? "" : ": " + m;
        } catch (RuntimeException | StackOverflowError failed) {
            return "";
        }
    }

    private static String safeMessage(SKCerealException e) {
        String m = e.getMessage();
        return m == null ? "It cannot be carried." : m;
    }
}
