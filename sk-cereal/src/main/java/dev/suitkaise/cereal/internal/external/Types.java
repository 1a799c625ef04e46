package dev.suitkaise.cereal.internal.external;

import java.lang.reflect.Array;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.lang.reflect.WildcardType;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Small helpers over {@link Type}: raw classes, type arguments seen from a subtype, substitution. */
final class Types {
    private Types() {
    }

    static Class<?> raw(Type type) {
        if (type instanceof Class<?> c) {
            return c;
        }
        if (type instanceof ParameterizedType p) {
            return raw(p.getRawType());
        }
        if (type instanceof GenericArrayType g) {
            return Array.newInstance(raw(g.getGenericComponentType()), 0).getClass();
        }
        if (type instanceof WildcardType w) {
            Type[] lower = w.getLowerBounds();
            return raw(lower.length > 0 ? lower[0] : w.getUpperBounds()[0]);
        }
        if (type instanceof TypeVariable<?> v) {
            Type[] bounds = v.getBounds();
            return bounds.length == 0 ? Object.class : raw(bounds[0]);
        }
        return Object.class;
    }

    static Type component(Type arrayType) {
        if (arrayType instanceof GenericArrayType g) {
            return g.getGenericComponentType();
        }
        Class<?> component = raw(arrayType).getComponentType();
        return component == null ? Object.class : component;
    }

    /** The bindings of the type variables of {@code type}'s class, empty for a plain class. */
    static Map<TypeVariable<?>, Type> bindings(Type type) {
        if (!(type instanceof ParameterizedType p)) {
            return Map.of();
        }
        TypeVariable<?>[] variables = raw(p).getTypeParameters();
        Type[] arguments = p.getActualTypeArguments();
        Map<TypeVariable<?>, Type> result = new HashMap<>();
        for (int i = 0; i < variables.length && i < arguments.length; i++) {
            result.put(variables[i], arguments[i]);
        }
        return result;
    }

    /** {@code type} with the bound type variables replaced; wildcards collapse to a bound. */
    static Type substitute(Type type, Map<TypeVariable<?>, Type> bindings) {
        if (type instanceof TypeVariable<?> v) {
            return bindings.getOrDefault(v, v);
        }
        if (type instanceof WildcardType w) {
            Type[] lower = w.getLowerBounds();
            return substitute(lower.length > 0 ? lower[0] : w.getUpperBounds()[0], bindings);
        }
        if (bindings.isEmpty()) {
            return type;
        }
        if (type instanceof ParameterizedType p) {
            Type[] arguments = p.getActualTypeArguments().clone();
            for (int i = 0; i < arguments.length; i++) {
                arguments[i] = substitute(arguments[i], bindings);
            }
            return new Parameterized(raw(p), arguments);
        }
        if (type instanceof GenericArrayType g) {
            Type component = substitute(g.getGenericComponentType(), bindings);
            if (component instanceof Class<?> c) {
                return Array.newInstance(c, 0).getClass();
            }
            return new GenericArray(component);
        }
        return type;
    }

    /**
     * The type arguments of {@code base} as seen from {@code type}, e.g. {@code [String, Long]}
     * for {@code Map} seen from {@code HashMap<String, Long>}; unknown arguments come back as
     * type variables, which {@link #raw} maps to their bound. Results for {@code Collection} and
     * {@code Map} are cached and shared: callers must not modify the returned array.
     */
    static Type[] argumentsOf(Type type, Class<?> base) {
        if (type == Object.class) {
            return base == Map.class ? OBJECT_PAIR : OBJECT_ONE;
        }
        ConcurrentHashMap<Type, Type[]> cache = base == Map.class ? MAP_ARGUMENTS
                : base == java.util.Collection.class ? COLLECTION_ARGUMENTS : null;
        if (cache == null) {
            return computeArgumentsOf(type, base);
        }
        Type[] cached = cache.get(type);
        if (cached == null) {
            cached = computeArgumentsOf(type, base);
            if (cache.size() < MAX_CACHED) {
                cache.put(type, cached);
            }
        }
        return cached;
    }

    private static final int MAX_CACHED = 4096;
    private static final Type[] OBJECT_ONE = {Object.class};
    private static final Type[] OBJECT_PAIR = {Object.class, Object.class};
    private static final ConcurrentHashMap<Type, Type[]> COLLECTION_ARGUMENTS = new ConcurrentHashMap<>();
    private static final ConcurrentHashMap<Type, Type[]> MAP_ARGUMENTS = new ConcurrentHashMap<>();

    private static Type[] computeArgumentsOf(Type type, Class<?> base) {
        Type[] found = walk(raw(type), bindings(type), base);
        if (found == null) {
            Type[] objects = new Type[base.getTypeParameters().length];
            Arrays.fill(objects, Object.class);
            return objects;
        }
        return found;
    }

    private static Type[] walk(Class<?> c, Map<TypeVariable<?>, Type> bindings, Class<?> base) {
        if (c == base) {
            TypeVariable<?>[] variables = base.getTypeParameters();
            Type[] result = new Type[variables.length];
            for (int i = 0; i < variables.length; i++) {
                result[i] = bindings.getOrDefault(variables[i], variables[i]);
            }
            return result;
        }
        if (!base.isAssignableFrom(c)) {
            return null;
        }
        Type superclass = c.getGenericSuperclass();
        if (superclass != null) {
            Type[] found = step(superclass, bindings, base);
            if (found != null) {
                return found;
            }
        }
        for (Type superinterface : c.getGenericInterfaces()) {
            Type[] found = step(superinterface, bindings, base);
            if (found != null) {
                return found;
            }
        }
        return null;
    }

    private static Type[] step(Type supertype, Map<TypeVariable<?>, Type> bindings, Class<?> base) {
        Type resolved = substitute(supertype, bindings);
        Class<?> raw = raw(resolved);
        if (!base.isAssignableFrom(raw)) {
            return null;
        }
        return walk(raw, bindings(resolved), base);
    }

    private record Parameterized(Class<?> rawType, Type[] arguments) implements ParameterizedType {
        @Override
        public Type[] getActualTypeArguments() {
            return arguments.clone();
        }

        @Override
        public Type getRawType() {
            return rawType;
        }

        @Override
        public Type getOwnerType() {
            return rawType.getDeclaringClass();
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof ParameterizedType p && rawType.equals(p.getRawType())
                    && Arrays.equals(arguments, p.getActualTypeArguments());
        }

        @Override
        public int hashCode() {
            return rawType.hashCode() * 31 + Arrays.hashCode(arguments);
        }

        @Override
        public String toString() {
            return rawType.getName() + Arrays.toString(arguments).replace('[', '<').replace(']', '>');
        }
    }

    private record GenericArray(Type component) implements GenericArrayType {
        @Override
        public Type getGenericComponentType() {
            return component;
        }

        @Override
        public String toString() {
            return component.getTypeName() + "[]";
        }
    }
}
