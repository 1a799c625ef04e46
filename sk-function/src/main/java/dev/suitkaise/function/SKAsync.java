package dev.suitkaise.function;

import dev.suitkaise.function.internal.InterruptingFuture;
import dev.suitkaise.reg.Principals;

import java.io.Serial;
import java.lang.invoke.MethodHandles;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * A stored function that runs asynchronously: {@link #executeAsync()} returns a
 * {@link CompletableFuture} at once and runs the call on a new virtual thread, or on the executor
 * given to {@link SKFunction#async(Executor)}. Cancelling the future ({@code cancel(true)} or
 * {@code cancel(false)}) interrupts the body if it is running and keeps it from starting if not.
 * {@link #execute()} still runs in the calling thread.
 *
 * <p>Modifiers (retry, rate limit, timeout) apply inside the asynchronous call; the
 * {@linkplain SKFunction#background() background} modifier is not applied twice by
 * {@code executeAsync}. A custom executor does not travel to other processes: there the function
 * runs on virtual threads. Immutable and thread-safe.
 *
 * @param <R> the result type
 */
public final class SKAsync<R> extends SKFunction<R> {

    @Serial
    private static final long serialVersionUID = 1L;

    private final transient Executor executor;

    SKAsync(Spec spec, MethodHandles.Lookup lookup, Principals actingFor, Executor executor, boolean resolveNow) {
        super(spec, lookup, actingFor, resolveNow);
        this.executor = executor;
    }

    /**
     * Converts any function and makes it asynchronous on virtual threads.
     *
     * @param function the function
     * @param <R> the result type
     * @return the async function
     */
    public static <R> SKAsync<R> of(AnyFunction<R> function) {
        return SKFunctions.convert(function).async();
    }

    /**
     * Starts the call and returns its future at once.
     *
     * @return the future of the result; completes exceptionally with what the body threw
     */
    public CompletableFuture<R> executeAsync() {
        return start(new Object[0], null);
    }

    /**
     * Starts the call with extra positional arguments (see {@link SKFunction#execute(Object...)}).
     *
     * @param extraArgs values for the unbound parameters
     * @return the future of the result
     */
    public CompletableFuture<R> executeAsync(Object... extraArgs) {
        return start(Objects.requireNonNull(extraArgs, "extraArgs"), null);
    }

    /**
     * Starts the call with arguments by name (see {@link SKFunction#execute(Map)}).
     *
     * @param named values by parameter name
     * @return the future of the result
     */
    public CompletableFuture<R> executeAsync(Map<String, ?> named) {
        return start(new Object[0], Objects.requireNonNull(named, "named"));
    }

    /**
     * The executor calls run on.
     *
     * @return the executor (the virtual-thread one by default)
     */
    public Executor executor() {
        return executor;
    }

    private CompletableFuture<R> start(Object[] extra, Map<String, ?> named) {
        return InterruptingFuture.submit(() -> {
            @SuppressWarnings("unchecked")
            R result = (R) run(extra, named, false);
            return result;
        }, executor);
    }

    @Override
    SKFunction<R> derive(Spec changed) {
        return new SKAsync<>(changed, lookup(), actingFor(), executor, true);
    }

    @Override
    int variant() {
        return ASYNC;
    }
}
