package dev.suitkaise.function;

import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.function.Supplier;

/**
 * Converting anything callable into an {@link SKFunction}, and process-wide function settings.
 *
 * <p>Every Suitkaise API that takes a function accepts {@link AnyFunction} and converts at the
 * door with {@link #convert(AnyFunction)}. A bare lambda matches several overloads
 * ({@code AnyFunction}, {@code Callable}, {@code Supplier}); pass a typed variable, cast, or use
 * {@link SKLambda#of(AnyFunction)}. Thread-safe.
 */
public final class SKFunctions {

    private static volatile boolean metricsDefault =
            !"false".equalsIgnoreCase(System.getProperty("suitkaise.function.metrics"));

    private SKFunctions() {
    }

    /**
     * Converts any function: an {@link SKFunction} is returned unchanged (idempotent), anything else
     * becomes an {@link SKLambda} named automatically.
     *
     * @param function the function
     * @param <R> the result type
     * @return the function as an SKFunction
     */
    public static <R> SKFunction<R> convert(AnyFunction<R> function) {
        Objects.requireNonNull(function, "function");
        if (function instanceof SKFunction<R> fn) {
            return fn;
        }
        return SKLambda.of(function);
    }

    /**
     * Converts a {@link Callable}. It can travel to another process only if it is serializable.
     *
     * @param callable the callable
     * @param <R> the result type
     * @return a new SKLambda calling it
     */
    public static <R> SKFunction<R> convert(Callable<R> callable) {
        Objects.requireNonNull(callable, "callable");
        if (callable instanceof AnyFunction<?> any) {
            @SuppressWarnings("unchecked")
            AnyFunction<R> typed = (AnyFunction<R>) any;
            return convert(typed);
        }
        return SKLambda.of(adapterName(callable), callable::call);
    }

    /**
     * Converts a {@link Supplier}. It can travel to another process only if it is serializable.
     *
     * @param supplier the supplier
     * @param <R> the result type
     * @return a new SKLambda calling it
     */
    public static <R> SKFunction<R> convert(Supplier<R> supplier) {
        Objects.requireNonNull(supplier, "supplier");
        return SKLambda.of(adapterName(supplier), supplier::get);
    }

    /**
     * Converts a {@link Runnable}; the function returns null. It can travel to another process only
     * if it is serializable.
     *
     * @param runnable the runnable
     * @return a new SKLambda calling it
     */
    public static SKFunction<Void> convert(Runnable runnable) {
        Objects.requireNonNull(runnable, "runnable");
        return SKLambda.of(adapterName(runnable), () -> {
            runnable.run();
            return null;
        });
    }

    /**
     * Whether functions built from now on record metrics unless told otherwise; initially true
     * unless the system property {@code suitkaise.function.metrics} is {@code false}.
     *
     * @return the default
     */
    public static boolean metricsDefault() {
        return metricsDefault;
    }

    /**
     * Sets whether functions built from now on record metrics unless told otherwise. Functions
     * already built keep their setting.
     *
     * @param enabled the new default
     */
    public static void setMetricsDefault(boolean enabled) {
        metricsDefault = enabled;
    }

    private static String adapterName(Object callable) {
        return dev.suitkaise.function.internal.LambdaNames.nameOf(callable);
    }
}
