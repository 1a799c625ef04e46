package dev.suitkaise.cereal.internal.kryo;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.KryoException;
import com.esotericsoftware.kryo.Registration;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import com.esotericsoftware.kryo.serializers.ClosureSerializer;
import com.esotericsoftware.kryo.util.DefaultClassResolver;
import com.esotericsoftware.kryo.util.IdentityMap;
import com.esotericsoftware.kryo.util.IntMap;
import com.esotericsoftware.kryo.util.MapReferenceResolver;
import dev.suitkaise.cereal.CerealPreparable;
import dev.suitkaise.cereal.SKCerealException;
import org.objenesis.instantiator.ObjectInstantiator;
import org.objenesis.strategy.InstantiatorStrategy;
import org.objenesis.strategy.StdInstantiatorStrategy;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.util.HashMap;
import java.util.List;

/**
 * A Kryo configured for the internal codec: references on, every class chosen by {@link Rules},
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
     * How a class is written: as {@code written} ({@link Rules#writtenAs}), by its table number
     * ({@code index}), or else as Kryo writes it (its registration's id, or its name), with Kryo's
     * registration for it.
     */
    private record WriteEntry(Class<?> written, int index, Registration registration) {
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
        setReferences(true);
        setRegistrationRequired(false);
        setAutoReset(false);
        setMaxDepth(MAX_DEPTH);
        setInstantiatorStrategy(new ConstructorFirstStrategy());
        setClassLoader(CerealKryo.class.getClassLoader());
        register(ClosureSerializer.Closure.class, new Special.LambdaSerializer());
        if (getNextRegistrationId() > ClassIds.BASE) {
            throw new IllegalStateException("Kryo registered " + getNextRegistrationId() + " classes itself, more than the"
                    + " " + ClassIds.BASE + " ids reserved below the codec's class table");
        }
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
            return new Special.RefusedSerializer(Rules.notAllowedMessage(type.getName()));
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
        return ((ReadOrderReferenceResolver) getReferenceResolver()).readObjects();
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
            throw new SKCerealException(Rules.notAllowedMessage(type.getName()));
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
            entry = new WriteEntry(written, index, getRegistration(written));
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
            throw new SKCerealException(Rules.notAllowedMessage(type.getName()));
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
            WriteEntry entry = ((CerealKryo) kryo).writeEntry(type);
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
     * Keeps the read objects in id order, which is graph order. A pooled instance serves messages
     * of every size, so its tables must not keep the size of the largest message: Kryo's own reset
     * keeps the written-object table at up to 2,048 entries and clears every slot of it after
     * each message, which made every small message written after a large one pay for clearing
     * thousands of slots (a media-content message took twice as long after one 1,000-entry map).
     * Here a message that wrote few objects shrinks the table back to a small size; a large one
     * keeps it, so a stream of large messages does not regrow it every time.
     */
    static final class ReadOrderReferenceResolver extends MapReferenceResolver {
        /** A message that wrote at most this many objects counts as small. */
        static final int SMALL = 32;
        /** The table size Kryo keeps after a large message. */
        private static final int LARGE = 2048;

        List<Object> readObjects() {
            return readObjects;
        }

        @Override
        public void reset() {
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
