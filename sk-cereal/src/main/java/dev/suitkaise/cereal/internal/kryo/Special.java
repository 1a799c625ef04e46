package dev.suitkaise.cereal.internal.kryo;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.KryoException;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import dev.suitkaise.cereal.CerealHandler;
import dev.suitkaise.cereal.CerealPreparable;
import dev.suitkaise.cereal.SKCerealClassNotAllowedException;
import dev.suitkaise.cereal.SKCerealException;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.ObjectStreamClass;
import java.io.Serializable;
import java.lang.invoke.SerializedLambda;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.function.Supplier;

/** Serializers for handlers, preparable objects, refused types, lambdas and Java-serialized classes. */
final class Special {

    private Special() {
    }

    /**
     * Always fails, with the reason the type cannot be carried (a type the rules refuse), or because
     * the allow-list refuses it (a class met while reading).
     */
    static final class RefusedSerializer extends Serializer<Object> {
        private final Supplier<SKCerealException> failure;

        RefusedSerializer(Supplier<SKCerealException> failure) {
            this.failure = failure;
        }

        @Override
        public void write(Kryo kryo, Output output, Object value) {
            throw failure.get();
        }

        @Override
        public Object read(Kryo kryo, Input input, Class<?> type) {
            throw failure.get();
        }
    }

    /** Delegates to a {@link CerealHandler}; writes the handler key so a mismatch is detected. */
    static final class HandlerSerializer extends Serializer<Object> {
        private final String key;
        private final CerealHandler<Object> handler;
        private final Class<?> handledType;

        @SuppressWarnings("unchecked")
        HandlerSerializer(String key, CerealHandler<?> handler, Class<?> handledType) {
            this.key = key;
            this.handler = (CerealHandler<Object>) handler;
            this.handledType = handledType;
        }

        @Override
        public void write(Kryo kryo, Output output, Object value) {
            Object state;
            try {
                state = handler.extract(value);
            } catch (RuntimeException e) {
                throw new SKCerealException("CerealHandler '" + key + "' failed to extract the state of a "
                        + value.getClass().getName() + ": " + e, e);
            }
            output.writeString(key);
            kryo.writeClassAndObject(output, state);
        }

        @Override
        public Object read(Kryo kryo, Input input, Class<?> type) {
            String written = input.readString();
            if (!key.equals(written)) {
                throw new SKCerealException("A " + type.getName() + " was written by CerealHandler '" + written
                        + "' but this process handles it with '" + key + "'; register the same handler under the same"
                        + " key in both processes.");
            }
            ReadWork work = Containers.work(kryo);
            long start = work.mark();
            Object state = kryo.readClassAndObject(input);
            work.cut(start); // what the handler builds hashes as its own code says; its state is not counted
            Object value;
            try {
                value = handler.reconstruct(state);
            } catch (RuntimeException e) {
                throw new SKCerealException("CerealHandler '" + key + "' failed to reconstruct a " + type.getName()
                        + ": " + e, e);
            }
            if (value == null || !handledType.isInstance(value)) {
                throw new SKCerealException("CerealHandler '" + key + "' returned "
                        + (value == null ? "null" : "a " + value.getClass().getName()) + " instead of a "
                        + handledType.getName() + ".");
            }
            return value;
        }
    }

    /** Calls {@link CerealPreparable#beforeSerialize()} just before the object is written. */
    static final class PreparingSerializer extends Serializer<Object> {
        private final Serializer<Object> delegate;

        @SuppressWarnings("unchecked")
        PreparingSerializer(Serializer<?> delegate) {
            super(delegate.getAcceptsNull(), false);
            this.delegate = (Serializer<Object>) delegate;
        }

        @Override
        public void write(Kryo kryo, Output output, Object value) {
            try {
                ((CerealPreparable) value).beforeSerialize();
            } catch (RuntimeException e) {
                throw new SKCerealException("beforeSerialize() of a " + value.getClass().getName() + " failed: " + e
                        + ". Fix the hook; nothing was written.", e);
            }
            delegate.write(kryo, output, value);
        }

        @Override
        public Object read(Kryo kryo, Input input, Class<?> type) {
            return delegate.read(kryo, input, type);
        }
    }

    static SerializedLambda serializedLambda(Object lambda) {
        Class<?> type = lambda.getClass();
        if (!(lambda instanceof Serializable)) {
            throw new SKCerealException(notSerializableLambda(type));
        }
        try {
            Method writeReplace = type.getDeclaredMethod("writeReplace");
            writeReplace.setAccessible(true);
            return (SerializedLambda) writeReplace.invoke(lambda);
        } catch (NoSuchMethodException | IllegalAccessException | InvocationTargetException | ClassCastException e) {
            throw new SKCerealException("Cannot read the serialized form of lambda " + type.getName() + ": " + e, e);
        } catch (RuntimeException e) {
            throw new SKCerealException(Opener.notOpenMessage(type) + " (" + e + ")", e);
        }
    }

    static String notSerializableLambda(Class<?> type) {
        return "The lambda or method reference " + type.getName() + " is not serializable: its target type does not"
                + " extend java.io.Serializable. Make it serializable with an intersection cast, for example"
                + " (Runnable & Serializable) () -> ..., or declare a functional interface that extends Serializable"
                + " (as SKFunction's do).";
    }

    /** Serializable lambdas and method references, rebuilt through their capturing class. */
    static final class LambdaSerializer extends Serializer<Object> {
        @Override
        public void write(Kryo kryo, Output output, Object lambda) {
            SerializedLambda sl = serializedLambda(lambda);
            Class<?> capturing;
            try {
                capturing = Class.forName(sl.getCapturingClass().replace('/', '.'), false, lambda.getClass().getClassLoader());
            } catch (ClassNotFoundException e) {
                throw new SKCerealException("Cannot find the capturing class of lambda " + lambda.getClass().getName(), e);
            }
            kryo.writeClass(output, capturing);
            output.writeString(sl.getFunctionalInterfaceClass());
            output.writeString(sl.getFunctionalInterfaceMethodName());
            output.writeString(sl.getFunctionalInterfaceMethodSignature());
            output.writeVarInt(sl.getImplMethodKind(), true);
            output.writeString(sl.getImplClass());
            output.writeString(sl.getImplMethodName());
            output.writeString(sl.getImplMethodSignature());
            output.writeString(sl.getInstantiatedMethodType());
            output.writeVarInt(sl.getCapturedArgCount(), true);
            for (int i = 0; i < sl.getCapturedArgCount(); i++) {
                kryo.writeClassAndObject(output, sl.getCapturedArg(i));
            }
        }

        @Override
        public Object read(Kryo kryo, Input input, Class<?> type) {
            var registration = kryo.readClass(input);
            if (registration == null) {
                throw new KryoException("Missing capturing class of a lambda");
            }
            Class<?> capturing = registration.getType();
            String fic = input.readString();
            String fim = input.readString();
            String fims = input.readString();
            int kind = input.readVarInt(true);
            String implClass = input.readString();
            String implName = input.readString();
            String implSig = input.readString();
            String instantiated = input.readString();
            ReadWork work = Containers.work(kryo);
            long start = work.mark();
            int n = Containers.readCount(input, "captured arguments");
            Object[] args = new Object[Containers.reserve(input, n, "the captured arguments of a lambda")];
            for (int i = 0; i < n; i++) {
                args[i] = kryo.readClassAndObject(input);
            }
            work.cut(start); // a lambda's hash code is its identity
            if (fic == null || fim == null || fims == null || implClass == null || implName == null || implSig == null
                    || instantiated == null) {
                throw new KryoException("Corrupted lambda");
            }
            SerializedLambda sl = new SerializedLambda(capturing, fic, fim, fims, kind, implClass, implName, implSig,
                    instantiated, args);
            try {
                Method deserialize = capturing.getDeclaredMethod("$deserializeLambda$", SerializedLambda.class);
                deserialize.setAccessible(true);
                return deserialize.invoke(null, sl);
            } catch (NoSuchMethodException e) {
                throw new SKCerealException("Class " + capturing.getName() + " defines no serializable lambdas, so it"
                        + " cannot rebuild lambda " + implName + "; the input is corrupted or the classes differ.", e);
            } catch (IllegalAccessException e) {
                throw new SKCerealException(Opener.notOpenMessage(capturing), e);
            } catch (InvocationTargetException e) {
                throw new SKCerealException("Cannot rebuild lambda " + implName + " of " + capturing.getName() + ": "
                        + e.getCause(), e.getCause());
            } catch (RuntimeException e) {
                throw new SKCerealException(Opener.notOpenMessage(capturing) + " (" + e + ")", e);
            }
        }
    }

    /**
     * Classes with custom {@code writeObject/readObject}, {@code writeReplace/readResolve} or
     * {@code Externalizable}: written by Java serialization inside the Kryo stream, read back through
     * an {@link ObjectInputFilter} that applies the codec's allow-list and bounds.
     */
    static final class JavaSerialSerializer extends Serializer<Object> {
        /**
         * The array slots Java-serialized data may allocate, all arrays together, per byte of it: an
         * element takes at least one byte, and a hash table asks for about twice its entries.
         */
        static final int MAX_ARRAY_SLOTS_PER_BYTE = 4;

        private final AllowPolicy policy;

        JavaSerialSerializer(AllowPolicy policy) {
            this.policy = policy;
        }

        @Override
        public void write(Kryo kryo, Output output, Object value) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
                out.writeObject(value);
            } catch (IOException e) {
                throw new SKCerealException("Java serialization of a " + value.getClass().getName() + " failed: " + e
                        + ". Every object it writes must be Serializable.", e);
            }
            byte[] data = bytes.toByteArray();
            output.writeVarInt(data.length, true);
            output.writeBytes(data);
        }

        @Override
        public Object read(Kryo kryo, Input input, Class<?> type) {
            int n = Containers.readCount(input, "java serialization");
            byte[] data = input.readBytes(n);
            String[] refused = new String[1];
            long[] arraySlots = new long[1];
            ObjectInputFilter filter = info -> {
                if (info.arrayLength() > 0) {
                    // arrays (and the tables of collections, which ask for theirs) are allocated before they
                    // are filled and nest, so all of them together are bounded, not only each
                    arraySlots[0] += info.arrayLength();
                }
                if (info.depth() > 200 || info.arrayLength() > n || info.references() > n || info.streamBytes() > n
                        || arraySlots[0] > MAX_ARRAY_SLOTS_PER_BYTE * (long) n) {
                    refused[0] = "a graph beyond the bounds of its " + n + " bytes";
                    return ObjectInputFilter.Status.REJECTED;
                }
                Class<?> c = info.serialClass();
                if (c == null) {
                    return ObjectInputFilter.Status.UNDECIDED;
                }
                if (policy.allowedInJavaSerialization(c)) {
                    return ObjectInputFilter.Status.ALLOWED;
                }
                refused[0] = c.getName();
                return ObjectInputFilter.Status.REJECTED;
            };
            try (ObjectInputStream in = new LoaderObjectInputStream(new ByteArrayInputStream(data), type.getClassLoader())) {
                in.setObjectInputFilter(filter);
                Object value = in.readObject();
                if (!type.isInstance(value)) {
                    throw new KryoException("Java serialization produced a " + value.getClass().getName() + " for a "
                            + type.getName());
                }
                return value;
            } catch (java.io.InvalidClassException e) {
                if (refused[0] == null) {
                    throw new SKCerealException("Java-serialized data of a " + type.getName() + " holds a class that does"
                            + " not match (" + e.getMessage() + "): the two processes do not have the same classes.", e);
                }
                throw new SKCerealClassNotAllowedException(refused[0], "Java-serialized data of a " + type.getName()
                        + " holds class " + refused[0] + ", which is not allowed. Allow the class"
                        + " (InternalCereal.builder().allowClasses or -Dsuitkaise.cereal.allow) or register a CerealHandler"
                        + " for it.", e);
            } catch (IOException | ClassNotFoundException e) {
                throw new SKCerealException("Corrupted Java-serialized data of a " + type.getName() + ": " + e, e);
            }
        }
    }

    /** Resolves classes through a given loader, so module classes of the program are found. */
    private static final class LoaderObjectInputStream extends ObjectInputStream {
        private final ClassLoader loader;

        LoaderObjectInputStream(InputStream in, ClassLoader loader) throws IOException {
            super(in);
            this.loader = loader;
        }

        @Override
        protected Class<?> resolveClass(ObjectStreamClass desc) throws IOException, ClassNotFoundException {
            try {
                return Class.forName(desc.getName(), false, loader);
            } catch (ClassNotFoundException e) {
                return super.resolveClass(desc);
            }
        }
    }
}
