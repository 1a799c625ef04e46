package dev.suitkaise.function.internal;

import dev.suitkaise.function.FunctionParameter;
import dev.suitkaise.function.SKFunctionException;

import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Binds arguments to parameters and checks their types, failing with messages that name the
 * function and the parameter. Stateless and thread-safe.
 */
public final class Binder {

    /** Marks a parameter slot that has no bound value. */
    public static final Object UNBOUND = new Object() {
        @Override
        public String toString() {
            return "<unbound>";
        }
    };

    private Binder() {
    }

    /**
     * Binds named then positional arguments: named ones to their parameters, positional ones to
     * the remaining parameters in declaration order.
     *
     * @param fn the function's name, for messages
     * @param params the target's parameters
     * @param positional positional values
     * @param named values by parameter name
     * @return one value per parameter, {@link #UNBOUND} where none was given
     * @throws SKFunctionException naming the parameter when a name is unknown, a value has the
     *     wrong type, or there are more values than parameters
     */
    public static Object[] bind(String fn, List<FunctionParameter> params, List<Object> positional,
                                Map<String, Object> named) {
        Object[] values = new Object[params.size()];
        Arrays.fill(values, UNBOUND);
        boolean[] byName = new boolean[params.size()];
        for (Map.Entry<String, Object> e : named.entrySet()) {
            int i = indexOf(fn, params, e.getKey());
            check(fn, params.get(i), e.getValue());
            values[i] = e.getValue();
            byName[i] = true;
        }
        int[] slots = positionalSlots(byName, positional.size());
        for (int k = 0; k < slots.length; k++) {
            if (slots[k] < 0) {
                throw new SKFunctionException(fn, "Function '" + fn + "' takes " + params.size() + " parameter(s) "
                        + signature(params) + ", but " + positional.size() + " positional and " + named.size()
                        + " named argument(s) were bound; the positional argument #" + (k + 1) + " ("
                        + show(positional.get(k)) + ") has no parameter left. Remove it or bind fewer arguments.");
            }
            check(fn, params.get(slots[k]), positional.get(k));
            values[slots[k]] = positional.get(k);
        }
        return values;
    }

    /**
     * Which positional argument fills each parameter, as {@link #bind} binds them, without
     * checking values or counting surplus positional arguments as an error.
     *
     * @param fn the function's name, for messages
     * @param params the target's parameters
     * @param named the names of the arguments bound by name
     * @param positionalCount how many arguments are bound by position
     * @return for each parameter, the index of the positional argument that fills it, or -1
     * @throws SKFunctionException if a name is not a parameter's
     */
    public static int[] positionsOf(String fn, List<FunctionParameter> params, Collection<String> named,
                                    int positionalCount) {
        boolean[] byName = new boolean[params.size()];
        for (String name : named) {
            byName[indexOf(fn, params, name)] = true;
        }
        int[] positionOf = new int[params.size()];
        Arrays.fill(positionOf, -1);
        int[] slots = positionalSlots(byName, positionalCount);
        for (int k = 0; k < slots.length && slots[k] >= 0; k++) {
            positionOf[slots[k]] = k;
        }
        return positionOf;
    }

    /**
     * The one walk that places positional arguments: in order, each fills the next parameter not
     * bound by name.
     *
     * @return for each positional argument, the index of its parameter, or -1 once none is left
     */
    private static int[] positionalSlots(boolean[] byName, int count) {
        int[] slots = new int[count];
        int next = 0;
        for (int k = 0; k < count; k++) {
            while (next < byName.length && byName[next]) {
                next++;
            }
            slots[k] = next < byName.length ? next++ : -1;
        }
        return slots;
    }

    /**
     * The index of a parameter by name.
     *
     * @param fn the function's name
     * @param params the parameters
     * @param name the name
     * @return the index
     * @throws SKFunctionException if there is no such parameter
     */
    public static int indexOf(String fn, List<FunctionParameter> params, String name) {
        for (FunctionParameter p : params) {
            if (p.name().equals(name)) {
                return p.index();
            }
        }
        boolean unnamed = !params.isEmpty() && params.stream().allMatch(p -> p.name().equals("arg" + p.index()));
        throw new SKFunctionException(fn, "Function '" + fn + "' has no parameter named '" + name + "'; its parameters are "
                + signature(params) + (unnamed
                ? ". Their names were not compiled in: compile the target's class with javac -parameters"
                + " (<maven.compiler.parameters>true</maven.compiler.parameters>), name them with"
                + " SKFunctionBuilder.parameterNames, or bind the arguments by position."
                : ". Use one of these names (names come from -parameters or SKFunctionBuilder.parameterNames)."));
    }

    /**
     * Checks that a value fits a parameter.
     *
     * @param fn the function's name
     * @param p the parameter
     * @param value the value
     * @throws SKFunctionException naming the parameter if it does not fit
     */
    public static void check(String fn, FunctionParameter p, Object value) {
        if (value == null) {
            if (p.type().isPrimitive()) {
                throw new SKFunctionException(fn, "Parameter '" + p.name() + "' (" + p.type().getName() + ") of function '"
                        + fn + "' cannot take null; pass a " + wrap(p.type()).getSimpleName() + ".");
            }
            return;
        }
        if (!wrap(p.type()).isInstance(value)) {
            throw new SKFunctionException(fn, "Parameter '" + p.name() + "' (" + p.type().getName() + ") of function '"
                    + fn + "' cannot take a " + value.getClass().getName() + " (" + show(value) + "); pass a "
                    + wrap(p.type()).getName() + ".");
        }
    }

    /**
     * The wrapper class of a primitive type, or the type itself.
     *
     * @param type the type
     * @return the boxed type
     */
    public static Class<?> wrap(Class<?> type) {
        if (!type.isPrimitive()) {
            return type;
        }
        return switch (type.getName()) {
            case "int" -> Integer.class;
            case "long" -> Long.class;
            case "double" -> Double.class;
            case "float" -> Float.class;
            case "boolean" -> Boolean.class;
            case "byte" -> Byte.class;
            case "short" -> Short.class;
            case "char" -> Character.class;
            default -> Void.class;
        };
    }

    /**
     * The parameters as {@code (int a, String b)}.
     *
     * @param params the parameters
     * @return the text
     */
    public static String signature(List<FunctionParameter> params) {
        return params.stream().map(FunctionParameter::toString).collect(Collectors.joining(", ", "(", ")"));
    }

    private static String show(Object value) {
        String s = String.valueOf(value);
        return s.length() > 60 ? s.substring(0, 57) + "..." : s;
    }
}
