package dev.suitkaise.function;

import java.io.Serializable;

/**
 * The one function type that Suitkaise APIs accept: a serializable, argument-less call that
 * returns an {@code R}. Plain lambdas and method references implement it, and so does every
 * {@link SKFunction}, so the return type is part of the type whatever the caller passes.
 *
 * <p>APIs convert at the door with {@link SKFunctions#convert(AnyFunction)}, which returns an
 * {@code SKFunction} unchanged and wraps anything else in an {@link SKLambda}.
 *
 * <p>A lambda assigned to this interface is serializable (the interface extends
 * {@link Serializable}); it can travel to another process when everything it captures is
 * serializable too.
 *
 * <p>Whether {@link #call()} is thread-safe and whether it blocks depends on the implementation;
 * {@code SKFunction}s are thread-safe.
 *
 * @param <R> the result type
 */
@FunctionalInterface
public interface AnyFunction<R> extends Serializable {

    /**
     * Runs the function in the calling thread.
     *
     * @return the result
     * @throws Exception whatever the function throws
     */
    R call() throws Exception;
}
