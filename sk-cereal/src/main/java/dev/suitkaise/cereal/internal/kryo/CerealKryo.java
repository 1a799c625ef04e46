package dev.suitkaise.cereal.internal.kryo;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.KryoException;
import com.esotericsoftware.kryo.Registration;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import com.esotericsoftware.kryo.serializers.ClosureSerializer;
import com.esotericsoftware.kryo.util.DefaultClassResolver;
import com.esotericsoftware.kryo.util.IntMap;
import com.esotericsoftware.kryo.util.MapReferenceResolver;
import dev.suitkaise.cereal.CerealPreparable;
import dev.suitkaise.cereal.SKCerealException;
import org.objenesis.instantiator.ObjectInstantiator;
import org.objenesis.strategy.InstantiatorStrategy;
import org.objenesis.strategy.StdInstantiatorStrategy;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.util.ArrayList;
import java.util.List;

/**
 * A Kryo configured for the internal codec: references on, every class chosen by {@link Rules},
 * class names resolved only when allowed, a bounded depth. Not thread-safe; pooled by
 * {@link dev.suitkaise.cereal.internal.KryoCereal}.
 */
public final class CerealKryo extends Kryo {

    /** Deepest nesting accepted; deeper (hostile or runaway) graphs fail cleanly. */
    public static final int MAX_DEPTH = 1500;

    private final Rules rules;
    private final boolean reading;

    /**
     * Creates a Kryo for a set of rules. A reading instance refuses every class that is not allowed,
     * also where the input does not name it (a field whose declared type is final); so that no
     * registration made while writing is ever trusted for reading, an instance only reads or only
     * writes.
     *
     * @param rules the codec's rules
     * @param reading true for an instance that deserializes, false for one that serializes
     */
    public CerealKryo(Rules rules, boolean reading) {
        super(new AllowingClassResolver(), new ReadOrderReferenceResolver());
        this.rules = rules;
        this.reading = reading;
        setReferences(true);
        setRegistrationRequired(false);
        setAutoReset(false);
        setMaxDepth(MAX_DEPTH);
        setInstantiatorStrategy(new ConstructorFirstStrategy());
        setClassLoader(CerealKryo.class.getClassLoader());
        register(ClosureSerializer.Closure.class, new Special.LambdaSerializer());
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
     * children). Valid until {@link #reset()}.
     *
     * @return the read objects
     */
    public List<Object> readObjectsInOrder() {
        return ((ReadOrderReferenceResolver) getReferenceResolver()).readObjects();
    }

    Class<?> resolveAllowed(String name) {
        Class<?> type;
        try {
            type = Class.forName(name, false, getClassLoader());
        } catch (ClassNotFoundException | LinkageError | IllegalArgumentException e) {
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
        return type;
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
            return super.writeClass(output, type == null ? null : ((CerealKryo) kryo).rules.writtenAs(type));
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

    /** Keeps the read objects in id order, which is graph order. */
    static final class ReadOrderReferenceResolver extends MapReferenceResolver {
        List<Object> readObjects() {
            return new ArrayList<>(readObjects);
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
