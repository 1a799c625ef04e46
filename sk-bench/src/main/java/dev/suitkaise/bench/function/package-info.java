/**
 * Benchmarks of sk-function, the stored functions: {@code SKFunction.execute()} of a registered
 * static method with 0, 2 and 4 bound arguments, with metrics off and on, beside the direct call,
 * a lambda, {@link java.lang.reflect.Method#invoke} and a {@link java.lang.invoke.MethodHandle} in
 * the same run. The goals (metrics off): within 2x of the lambda and faster than
 * {@code Method.invoke}; zero allocation per call for the 0-argument case (run with
 * {@code --prof=gc} and read {@code gc.alloc.rate.norm}).
 */
package dev.suitkaise.bench.function;
