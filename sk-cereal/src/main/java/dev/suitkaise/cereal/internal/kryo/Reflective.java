package dev.suitkaise.cereal.internal.kryo;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.KryoException;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;

import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Serializers for user classes by their fields and for records by their components, through core
 * reflection from this module: a class's package must be open to {@code dev.suitkaise.cereal}
 * (always true on the class path). No {@code sun.misc.Unsafe}, no generated accessors.
 */
final class Reflective {

    private Reflective() {
    }

    /**
     * The carried fields of a class: non-static, non-transient fields of the class and its non-JDK
     * superclasses, superclass fields first, each class's sorted by name; made accessible.
     */
    static List<Field> fieldsOf(Class<?> type) {
        List<Class<?>> chain = new ArrayList<>();
        for (Class<?> c = type; c != null && !Rules.isJdk(c); c = c.getSuperclass()) {
            chain.add(0, c);
        }
        List<Field> fields = new ArrayList<>();
        for (Class<?> c : chain) {
            Field[] declared = c.getDeclaredFields();
            Arrays.sort(declared, Comparator.comparing(Field::getName));
            for (Field f : declared) {
                int m = f.getModifiers();
                if (Modifier.isStatic(m) || Modifier.isTransient(m)) {
                    continue;
                }
                f.setAccessible(true);
                fields.add(f);
            }
        }
        return fields;
    }

    static void writeValue(Kryo kryo, Output out, Class<?> t, Object value) {
        if (!t.isPrimitive()) {
            kryo.writeClassAndObject(out, value);
        } else if (t == int.class) {
            out.writeVarInt((Integer) value, false);
        } else if (t == long.class) {
            out.writeVarLong((Long) value, false);
        } else if (t == boolean.class) {
            out.writeBoolean((Boolean) value);
        } else if (t == double.class) {
            out.writeDouble((Double) value);
        } else if (t == float.class) {
            out.writeFloat((Float) value);
        } else if (t == byte.class) {
            out.writeByte((Byte) value);
        } else if (t == short.class) {
            out.writeShort((Short) value);
        } else {
            out.writeChar((Character) value);
        }
    }

    /**
     * Reads a value of a declared type; {@code what}, {@code name} and {@code owner} say where it
     * goes ("Field x of com.acme.A") and are put together only for a failure message.
     */
    static Object readValue(Kryo kryo, Input in, Class<?> t, String what, String name, Class<?> owner) {
        if (!t.isPrimitive()) {
            Object value = kryo.readClassAndObject(in);
            if (value != null && !t.isInstance(value)) {
                throw new KryoException(what + " " + name + (owner == null ? "" : " of " + owner.getName()) + " expects a "
                        + t.getName() + " but the input holds a " + value.getClass().getName());
            }
            return value;
        } else if (t == int.class) {
            return in.readVarInt(false);
        } else if (t == long.class) {
            return in.readVarLong(false);
        } else if (t == boolean.class) {
            return in.readBoolean();
        } else if (t == double.class) {
            return in.readDouble();
        } else if (t == float.class) {
            return in.readFloat();
        } else if (t == byte.class) {
            return in.readByte();
        } else if (t == short.class) {
            return in.readShort();
        } else {
            return in.readChar();
        }
    }

    private static KryoException traced(RuntimeException e, String name, Class<?> owner) {
        KryoException k = e instanceof KryoException ke ? ke : new KryoException(e);
        k.addTrace(name + " (" + owner.getName() + ")");
        return k;
    }

    /** A class carried by its fields; the instance is referenced before its fields are read, so cycles work. */
    static final class FieldsSerializer extends Serializer<Object> {
        private final Class<?> type;
        private final Field[] fields;

        FieldsSerializer(Class<?> type) {
            this.type = type;
            this.fields = fieldsOf(type).toArray(Field[]::new);
        }

        Field[] fields() {
            return fields.clone();
        }

        @Override
        public void write(Kryo kryo, Output output, Object value) {
            for (Field f : fields) {
                try {
                    writeValue(kryo, output, f.getType(), f.get(value));
                } catch (IllegalAccessException e) {
                    throw traced(new KryoException(Opener.notOpenMessage(f.getDeclaringClass()), e), f.getName(), type);
                } catch (RuntimeException e) {
                    throw traced(e, f.getName(), type);
                }
            }
        }

        @Override
        public Object read(Kryo kryo, Input input, Class<?> requested) {
            ReadWork work = Containers.work(kryo);
            long start = work.mark();
            Object value = kryo.newInstance(type);
            kryo.reference(value);
            for (Field f : fields) {
                try {
                    f.set(value, readValue(kryo, input, f.getType(), "Field", f.getName(), type));
                } catch (IllegalAccessException e) {
                    throw traced(new KryoException(Opener.notOpenMessage(f.getDeclaringClass()), e), f.getName(), type);
                } catch (RuntimeException e) {
                    throw traced(e, f.getName(), type);
                }
            }
            work.cut(start); // counted as its identity: see ReadWork for a hashCode() that visits the fields
            return value;
        }
    }

    /** A record carried by its components and rebuilt through its canonical constructor. */
    static final class RecordSerializer extends Serializer<Object> {
        private final Class<?> type;
        private final RecordComponent[] components;
        private final Method[] accessors;
        /** The accessors as (Object)Object handles (no receiver check per call), or null where reflection must serve. */
        private final java.lang.invoke.MethodHandle[] getters;
        private final Constructor<?> canonical;
        private final Class<?>[] types;
        private final String[] names;

        RecordSerializer(Class<?> type) {
            this.type = type;
            this.components = type.getRecordComponents();
            this.accessors = new Method[components.length];
            this.types = new Class<?>[components.length];
            this.names = new String[components.length];
            for (int i = 0; i < components.length; i++) {
                accessors[i] = components[i].getAccessor();
                accessors[i].setAccessible(true);
                types[i] = components[i].getType();
                names[i] = components[i].getName();
            }
            this.getters = handles(accessors);
            try {
                this.canonical = type.getDeclaredConstructor(types);
            } catch (NoSuchMethodException e) {
                throw new KryoException("Record " + type.getName() + " has no canonical constructor", e);
            }
            canonical.setAccessible(true);
        }

        private static java.lang.invoke.MethodHandle[] handles(Method[] accessors) {
            java.lang.invoke.MethodType generic = java.lang.invoke.MethodType.methodType(Object.class, Object.class);
            java.lang.invoke.MethodHandles.Lookup lookup = java.lang.invoke.MethodHandles.lookup();
            java.lang.invoke.MethodHandle[] result = new java.lang.invoke.MethodHandle[accessors.length];
            try {
                for (int i = 0; i < accessors.length; i++) {
                    result[i] = lookup.unreflect(accessors[i]).asType(generic);
                }
                return result;
            } catch (IllegalAccessException | RuntimeException e) {
                return null; // reflection reports the problem, with its message, when a value is written
            }
        }

        private Object component(Object value, int i) throws IllegalAccessException, InvocationTargetException {
            if (getters == null) {
                return accessors[i].invoke(value);
            }
            try {
                return getters[i].invokeExact(value);
            } catch (RuntimeException | Error e) {
                if (e instanceof VirtualMachineError vm) {
                    throw vm;
                }
                throw new InvocationTargetException(e); // thrown by the record's accessor
            } catch (Throwable e) {
                throw new InvocationTargetException(e); // a checked exception thrown by the accessor
            }
        }

        @Override
        public void write(Kryo kryo, Output output, Object value) {
            for (int i = 0; i < components.length; i++) {
                try {
                    writeValue(kryo, output, types[i], component(value, i));
                } catch (IllegalAccessException e) {
                    throw traced(new KryoException(Opener.notOpenMessage(type), e), components[i].getName(), type);
                } catch (InvocationTargetException e) {
                    throw traced(new KryoException("Accessor " + components[i].getName() + "() of " + type.getName()
                            + " failed: " + e.getCause(), e.getCause()), components[i].getName(), type);
                } catch (RuntimeException e) {
                    throw traced(e, components[i].getName(), type);
                }
            }
        }

        @Override
        public Object read(Kryo kryo, Input input, Class<?> requested) {
            long start = Containers.work(kryo).mark();
            Object[] args = new Object[components.length];
            for (int i = 0; i < components.length; i++) {
                try {
                    args[i] = readValue(kryo, input, types[i], "Component", names[i], type);
                } catch (RuntimeException e) {
                    throw traced(e, components[i].getName(), type);
                }
            }
            // a record is a class of the program: its hash code counts as 1, like any other program class
            // (records often hash by an id; charging all their components refused small, legitimate sets)
            Containers.work(kryo).cut(start);
            try {
                return canonical.newInstance(args);
            } catch (InvocationTargetException e) {
                throw new KryoException("The canonical constructor of " + type.getName() + " rejected the input: "
                        + e.getCause(), e.getCause());
            } catch (InstantiationException | IllegalAccessException e) {
                throw new KryoException("Cannot construct record " + type.getName() + ": " + e, e);
            }
        }
    }

    /**
     * A user subclass of {@link Thread}: rebuilt unstarted through its no-arg constructor, with the
     * original's name, daemon flag and priority and its own fields, so {@code start()} runs its
     * {@code run()} again.
     */
    static final class ThreadSubclassSerializer extends Serializer<Thread> {
        private final FieldsSerializer fields;
        private final Constructor<?> constructor;

        ThreadSubclassSerializer(Class<?> type, Constructor<?> constructor) {
            this.fields = new FieldsSerializer(type);
            this.constructor = constructor;
        }

        @Override
        public void write(Kryo kryo, Output output, Thread thread) {
            output.writeString(thread.getName());
            output.writeBoolean(thread.isDaemon());
            output.writeVarInt(thread.getPriority(), true);
            fields.write(kryo, output, thread);
        }

        @Override
        public Thread read(Kryo kryo, Input input, Class<? extends Thread> requested) {
            String name = input.readString();
            boolean daemon = input.readBoolean();
            int priority = input.readVarInt(true);
            if (name == null || priority < Thread.MIN_PRIORITY || priority > Thread.MAX_PRIORITY) {
                throw new KryoException("Bad thread configuration");
            }
            Thread thread;
            try {
                thread = (Thread) constructor.newInstance();
            } catch (InvocationTargetException e) {
                throw new KryoException("The no-arg constructor of " + constructor.getDeclaringClass().getName()
                        + " failed: " + e.getCause(), e.getCause());
            } catch (InstantiationException | IllegalAccessException e) {
                throw new KryoException("Cannot construct " + constructor.getDeclaringClass().getName() + ": " + e, e);
            }
            thread.setName(name);
            thread.setDaemon(daemon);
            thread.setPriority(priority);
            kryo.reference(thread);
            ReadWork work = Containers.work(kryo);
            long start = work.mark();
            for (Field f : fields.fields()) {
                try {
                    f.set(thread, readValue(kryo, input, f.getType(), "Field", f.getName(), null));
                } catch (IllegalAccessException e) {
                    throw traced(new KryoException(Opener.notOpenMessage(f.getDeclaringClass()), e), f.getName(),
                            constructor.getDeclaringClass());
                } catch (RuntimeException e) {
                    throw traced(e, f.getName(), constructor.getDeclaringClass());
                }
            }
            work.cut(start); // a thread's hash code is its identity
            return thread;
        }
    }
}
