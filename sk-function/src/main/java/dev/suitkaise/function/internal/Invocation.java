package dev.suitkaise.function.internal;

import dev.suitkaise.function.FunctionParameter;
import dev.suitkaise.function.SKFunctionException;
import dev.suitkaise.reg.Principals;
import dev.suitkaise.reg.SKAccess;

import java.lang.invoke.MethodHandle;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * A resolved function: its parameters, the bound values, and the precomputed ways to call it.
 * When every parameter is bound, {@link #thunk()} calls the target directly (a generated class
 * where possible, else a method handle with the arguments inserted), without allocating; with
 * unbound parameters, calls fill a copy of the bound template and go through a spreading method
 * handle. Immutable and thread-safe.
 */
public final class Invocation {

    private final List<FunctionParameter> parameters;
    private final Class<?> returnType;
    private final Object[] slots;
    private final int offset;
    private final int[] unbound;
    private final Callable<Object> thunk;
    private final MethodHandle spreader;
    private final Principals restriction;

    /**
     * Creates an invocation.
     *
     * @param parameters the target's parameters
     * @param returnType the declared result type
     * @param slots the receiver (if any) followed by one value per parameter, {@link Binder#UNBOUND} where unbound
     * @param offset 1 when {@code slots[0]} is a receiver, else 0
     * @param thunk the call with all arguments bound, or null when some are unbound
     * @param spreader a handle of type {@code (Object[])Object} taking all slots, or null for lambdas
     * @param restriction the principals calls through the spreader are restricted to, or null
     *     (the thunk carries its own restriction)
     */
    Invocation(List<FunctionParameter> parameters, Class<?> returnType, Object[] slots, int offset,
               Callable<Object> thunk, MethodHandle spreader, Principals restriction) {
        this.parameters = List.copyOf(parameters);
        this.returnType = returnType;
        this.slots = slots;
        this.offset = offset;
        this.thunk = thunk;
        this.spreader = spreader;
        this.restriction = restriction;
        int count = 0;
        for (int i = offset; i < slots.length; i++) {
            if (slots[i] == Binder.UNBOUND) {
                count++;
            }
        }
        this.unbound = new int[count];
        for (int i = offset, k = 0; i < slots.length; i++) {
            if (slots[i] == Binder.UNBOUND) {
                unbound[k++] = i - offset;
            }
        }
    }

    /**
     * The target's parameters.
     *
     * @return an immutable list
     */
    public List<FunctionParameter> parameters() {
        return parameters;
    }

    /**
     * The declared result type.
     *
     * @return the type
     */
    public Class<?> returnType() {
        return returnType;
    }

    /**
     * The call with every argument bound.
     *
     * @return the thunk, or null when some parameter is unbound
     */
    public Callable<Object> thunk() {
        return thunk;
    }

    /**
     * The bound arguments by parameter name, in declaration order.
     *
     * @return an unmodifiable map (values may be null)
     */
    public Map<String, Object> boundArguments() {
        Map<String, Object> bound = new LinkedHashMap<>();
        for (FunctionParameter p : parameters) {
            Object v = slots[offset + p.index()];
            if (v != Binder.UNBOUND) {
                bound.put(p.name(), v);
            }
        }
        return Collections.unmodifiableMap(bound);
    }

    /**
     * Calls with no extra arguments.
     *
     * @param fn the function's name, for messages
     * @return the result
     * @throws Exception what the target throws
     */
    public Object invoke(String fn) throws Exception {
        if (thunk == null) {
            throw missing(fn, unbound[0]);
        }
        return thunk.call();
    }

    /**
     * Calls with extra positional arguments for the unbound parameters, in declaration order.
     *
     * @param fn the function's name, for messages
     * @param extra the extra arguments
     * @return the result
     * @throws Exception what the target throws
     * @throws SKFunctionException naming the parameter when an argument is missing, surplus or of the wrong type
     */
    public Object invoke(String fn, Object[] extra) throws Exception {
        if (extra.length == 0 && thunk != null) {
            return thunk.call();
        }
        if (extra.length > unbound.length) {
            throw new SKFunctionException(fn, "Function '" + fn + "' got " + extra.length + " extra argument(s) but has "
                    + unbound.length + " unbound parameter(s) " + unboundNames() + "; pass at most " + unbound.length + ".");
        }
        if (extra.length < unbound.length) {
            throw missing(fn, unbound[extra.length]);
        }
        Object[] full = slots.clone();
        for (int i = 0; i < extra.length; i++) {
            FunctionParameter p = parameters.get(unbound[i]);
            Binder.check(fn, p, extra[i]);
            full[offset + p.index()] = extra[i];
        }
        return spread(fn, full);
    }

    /**
     * Calls with arguments by name for unbound parameters.
     *
     * @param fn the function's name, for messages
     * @param named the arguments by parameter name
     * @return the result
     * @throws Exception what the target throws
     * @throws SKFunctionException naming the parameter when a name is unknown or already bound,
     *     an argument is missing or of the wrong type
     */
    public Object invoke(String fn, Map<String, ?> named) throws Exception {
        if (named.isEmpty() && thunk != null) {
            return thunk.call();
        }
        Object[] full = slots.clone();
        for (Map.Entry<String, ?> e : named.entrySet()) {
            int i = Binder.indexOf(fn, parameters, e.getKey());
            if (slots[offset + i] != Binder.UNBOUND) {
                throw new SKFunctionException(fn, "Parameter '" + e.getKey() + "' of function '" + fn
                        + "' is already bound to " + slots[offset + i] + "; use withArg to make a function with another value.");
            }
            Binder.check(fn, parameters.get(i), e.getValue());
            full[offset + i] = e.getValue();
        }
        for (int i : unbound) {
            if (full[offset + i] == Binder.UNBOUND) {
                throw missing(fn, i);
            }
        }
        return spread(fn, full);
    }

    private Object spread(String fn, Object[] full) throws Exception {
        if (restriction != null) {
            return SKAccess.restrictTo(restriction, () -> spreadNow(fn, full));
        }
        return spreadNow(fn, full);
    }

    private Object spreadNow(String fn, Object[] full) throws Exception {
        try {
            return (Object) spreader.invokeExact(full);
        } catch (Exception | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new SKFunctionException(fn, "Function '" + fn + "' threw " + t, t);
        }
    }

    private SKFunctionException missing(String fn, int index) {
        FunctionParameter p = parameters.get(index);
        return new SKFunctionException(fn, "Parameter '" + p.name() + "' (" + p.type().getName() + ") of function '" + fn
                + "' is not bound; unbound parameters are " + unboundNames() + ". Bind it when building, with"
                + " withArg, or pass it to execute.");
    }

    private String unboundNames() {
        StringBuilder sb = new StringBuilder("(");
        for (int i = 0; i < unbound.length; i++) {
            sb.append(i == 0 ? "" : ", ").append(parameters.get(unbound[i]));
        }
        return sb.append(')').toString();
    }
}
