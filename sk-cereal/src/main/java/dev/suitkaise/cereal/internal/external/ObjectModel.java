package dev.suitkaise.cereal.internal.external;

import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The reflective view of a record (components, accessors, canonical constructor) or another
 * class (non-static, non-transient, non-synthetic fields of the class and its superclasses, and
 * a no-argument constructor), computed once per class. Problems (an unopened package, no
 * constructor) are kept and reported when the model is used, with the object path.
 */
final class ObjectModel {
    /** Marks a member the payload did not provide. */
    static final Object ABSENT = new Object();

    private static final ClassValue<ObjectModel> MODELS = new ClassValue<>() {
        @Override
        protected ObjectModel computeValue(Class<?> type) {
            return new ObjectModel(type);
        }
    };

    final Class<?> type;
    final boolean record;
    final String typeName;
    final String[] names;
    final Type[] genericTypes;
    final Class<?>[] rawTypes;
    final boolean hasTypeVariables;
    /** True for records and plain classes: the types an object value can be read into. */
    final boolean objectType;
    final boolean sealed;
    private final java.util.concurrent.ConcurrentHashMap<String, Class<?>> permitted =
            new java.util.concurrent.ConcurrentHashMap<>();
    private final Method[] accessors;
    private final Field[] fields;
    /** Readers of each member as (Object)Object handles, or null where reflection must be used. */
    private final java.lang.invoke.MethodHandle[] getters;
    private final Constructor<?> constructor;
    private final String readProblem;
    private final String buildProblem;
    private final Map<String, Integer> slots;
    /** Slot maps by member array (identity: arrays do not override equals); bounded. */
    private final java.util.concurrent.ConcurrentHashMap<String[], int[]> slotCache =
            new java.util.concurrent.ConcurrentHashMap<>();
    private static final int MAX_CACHED_SLOT_MAPS = 64;
    private final Object[] absentArguments;

    static ObjectModel of(Class<?> type) {
        return MODELS.get(type);
    }

    private ObjectModel(Class<?> type) {
        this.type = type;
        this.record = type.isRecord();
        this.sealed = type.isSealed();
        this.objectType = record || (!type.isArray() && Shape.of(type) == Shape.POJO);
        this.typeName = type.getName();
        String read = null;
        String build = null;
        Constructor<?> ctor = null;
        if (record) {
            RecordComponent[] components = type.getRecordComponents();
            int n = components.length;
            names = new String[n];
            genericTypes = new Type[n];
            rawTypes = new Class<?>[n];
            accessors = new Method[n];
            fields = null;
            for (int i = 0; i < n; i++) {
                names[i] = components[i].getName();
                genericTypes[i] = components[i].getGenericType();
                rawTypes[i] = components[i].getType();
                accessors[i] = components[i].getAccessor();
                if (!accessors[i].trySetAccessible()) {
                    read = accessHint("read the components of", type, false);
                }
            }
            try {
                ctor = type.getDeclaredConstructor(rawTypes);
                if (!ctor.trySetAccessible()) {
                    build = accessHint("call the canonical constructor of", type, false);
                }
            } catch (NoSuchMethodException e) {
                build = "record " + type.getName() + " has no canonical constructor";
            }
        } else {
            List<Field> found = new ArrayList<>();
            List<Class<?>> chain = new ArrayList<>();
            for (Class<?> k = type; k != null && k != Object.class; k = k.getSuperclass()) {
                chain.add(0, k);
            }
            Map<String, Class<?>> seen = new HashMap<>();
            for (Class<?> k : chain) {
                for (Field f : k.getDeclaredFields()) {
                    int mods = f.getModifiers();
                    if (Modifier.isStatic(mods) || Modifier.isTransient(mods) || f.isSynthetic()) {
                        continue;
                    }
                    Class<?> previous = seen.putIfAbsent(f.getName(), k);
                    if (previous != null && read == null) {
                        read = "class " + type.getName() + " has two fields named '" + f.getName()
                                + "' (in " + previous.getName() + " and " + k.getName()
                                + "); rename one or mark one transient";
                    }
                    found.add(f);
                }
            }
            int n = found.size();
            names = new String[n];
            genericTypes = new Type[n];
            rawTypes = new Class<?>[n];
            accessors = null;
            fields = found.toArray(new Field[0]);
            for (int i = 0; i < n; i++) {
                Field f = fields[i];
                names[i] = f.getName();
                genericTypes[i] = f.getGenericType();
                rawTypes[i] = f.getType();
                if (!f.trySetAccessible() && read == null) {
                    read = accessHint("read the fields of", f.getDeclaringClass(), true);
                }
            }
            if (Modifier.isAbstract(type.getModifiers()) || type.isInterface()) {
                build = "type " + type.getName() + " is abstract; declare a concrete class, or make it"
                        + " sealed so that the payload's type name can pick a permitted subclass";
            } else {
                try {
                    ctor = type.getDeclaredConstructor();
                    if (!ctor.trySetAccessible()) {
                        build = accessHint("call the constructor of", type, true);
                    } else if (read != null) {
                        build = read;
                    }
                } catch (NoSuchMethodException e) {
                    build = "class " + type.getName() + " has no no-argument constructor; add one (any"
                            + " visibility) or make it a record";
                }
            }
        }
        boolean variables = false;
        Map<String, Integer> slotMap = new HashMap<>();
        for (int i = 0; i < names.length; i++) {
            slotMap.put(names[i], i);
            variables |= mentionsTypeVariable(genericTypes[i]);
        }
        this.getters = read == null ? getters(accessors, fields, names.length) : null;
        this.slots = slotMap;
        this.absentArguments = new Object[names.length];
        java.util.Arrays.fill(absentArguments, ABSENT);
        this.hasTypeVariables = variables;
        this.constructor = ctor;
        this.readProblem = read;
        this.buildProblem = build;
    }

    private static java.lang.invoke.MethodHandle[] getters(Method[] accessors, Field[] fields, int n) {
        java.lang.invoke.MethodType generic =
                java.lang.invoke.MethodType.methodType(Object.class, Object.class);
        java.lang.invoke.MethodHandles.Lookup lookup = java.lang.invoke.MethodHandles.lookup();
        java.lang.invoke.MethodHandle[] result = new java.lang.invoke.MethodHandle[n];
        try {
            for (int i = 0; i < n; i++) {
                java.lang.invoke.MethodHandle handle = accessors != null
                        ? lookup.unreflect(accessors[i]) : lookup.unreflectGetter(fields[i]);
                result[i] = handle.asType(generic);
            }
            return result;
        } catch (IllegalAccessException e) {
            return null;
        }
    }

    private static boolean mentionsTypeVariable(Type type) {
        if (type instanceof TypeVariable<?>) {
            return true;
        }
        if (type instanceof java.lang.reflect.ParameterizedType p) {
            for (Type argument : p.getActualTypeArguments()) {
                if (mentionsTypeVariable(argument)) {
                    return true;
                }
            }
            return false;
        }
        if (type instanceof java.lang.reflect.GenericArrayType g) {
            return mentionsTypeVariable(g.getGenericComponentType());
        }
        return type instanceof java.lang.reflect.WildcardType;
    }

    static String accessHint(String action, Class<?> type, boolean needsOpen) {
        Module module = type.getModule();
        String pkg = type.getPackageName();
        String moduleName = module.isNamed() ? module.getName() : "the unnamed module";
        return "the external codec cannot " + action + " " + type.getName() + ": package " + pkg + " of "
                + moduleName + " is not " + (needsOpen ? "open" : "exported") + " to module"
                + " dev.suitkaise.cereal; add '" + (needsOpen ? "opens " : "exports ") + pkg
                + " to dev.suitkaise.cereal;' to the module-info.java of " + moduleName
                + (type.isRecord() || needsOpen ? "" : " (or make the type public)");
    }

    /**
     * The permitted subclass (transitively) of this sealed type whose binary name is {@code name},
     * or null.
     */
    Class<?> permittedSubclass(String name) {
        Class<?> found = permitted.get(name);
        if (found == null) {
            found = search(type, name);
            if (found == null) {
                return null;
            }
            permitted.putIfAbsent(name, found);
        }
        return found;
    }

    private static Class<?> search(Class<?> sealedType, String name) {
        Class<?>[] subclasses = sealedType.getPermittedSubclasses();
        if (subclasses == null) {
            return null;
        }
        for (Class<?> sub : subclasses) {
            if (sub.getName().equals(name)) {
                return sub;
            }
            if (sub.isSealed()) {
                Class<?> found = search(sub, name);
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }

    /** Why instances cannot be read, or null. */
    String readProblem() {
        return readProblem;
    }

    /** Why instances cannot be created, or null. */
    String buildProblem() {
        return buildProblem;
    }

    int slot(String name) {
        Integer slot = slots.get(name);
        return slot == null ? -1 : slot;
    }

    Object get(Object instance, int i) throws ReflectiveOperationException {
        if (getters != null) {
            try {
                return getters[i].invokeExact(instance);
            } catch (Error e) {
                throw e;
            } catch (Throwable e) {
                throw new InvocationTargetException(e); // thrown by the user's accessor
            }
        }
        return record ? accessors[i].invoke(instance) : fields[i].get(instance);
    }

    /** A fresh argument array with every member {@link #ABSENT}. */
    Object[] newArguments() {
        return absentArguments.clone();
    }

    /**
     * For each of the given member names, its slot in this model, or -1, remembered for a member
     * array shared between documents (one from {@link TypeTableCache}); the result is not to be
     * modified.
     */
    int[] cachedSlots(String[] sharedMemberNames) {
        int[] cached = slotCache.get(sharedMemberNames);
        if (cached == null) {
            cached = slots(sharedMemberNames);
            if (slotCache.size() >= MAX_CACHED_SLOT_MAPS) {
                slotCache.clear();
            }
            slotCache.put(sharedMemberNames, cached);
        }
        return cached;
    }

    /** For each of the given member names, its slot in this model, or -1. */
    int[] slots(String[] memberNames) {
        int[] result = new int[memberNames.length];
        for (int i = 0; i < memberNames.length; i++) {
            result[i] = slot(memberNames[i]);
        }
        return result;
    }

    /**
     * Creates an instance from members by slot; {@link #ABSENT} members keep their default.
     *
     * @throws InvocationTargetException if the constructor threw
     * @throws ReflectiveOperationException if reflection failed otherwise
     */
    Object build(Object[] arguments) throws ReflectiveOperationException {
        if (record) {
            for (int i = 0; i < arguments.length; i++) {
                if (arguments[i] == ABSENT) {
                    arguments[i] = defaultValue(rawTypes[i]);
                }
            }
            return constructor.newInstance(arguments);
        }
        Object instance = constructor.newInstance();
        for (int i = 0; i < arguments.length; i++) {
            if (arguments[i] != ABSENT) {
                fields[i].set(instance, arguments[i]);
            }
        }
        return instance;
    }

    static Object defaultValue(Class<?> type) {
        if (!type.isPrimitive()) {
            if (type == java.util.Optional.class) {
                return java.util.Optional.empty();
            } else if (type == java.util.OptionalInt.class) {
                return java.util.OptionalInt.empty();
            } else if (type == java.util.OptionalLong.class) {
                return java.util.OptionalLong.empty();
            } else if (type == java.util.OptionalDouble.class) {
                return java.util.OptionalDouble.empty();
            }
            return null;
        }
        if (type == boolean.class) {
            return Boolean.FALSE;
        } else if (type == long.class) {
            return 0L;
        } else if (type == int.class) {
            return 0;
        } else if (type == short.class) {
            return (short) 0;
        } else if (type == byte.class) {
            return (byte) 0;
        } else if (type == char.class) {
            return (char) 0;
        } else if (type == float.class) {
            return 0f;
        }
        return 0d;
    }
}
