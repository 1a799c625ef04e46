package dev.suitkaise.bench.function;

import dev.suitkaise.bench.Goal;
import dev.suitkaise.bench.Peer;
import dev.suitkaise.function.SKFunction;
import dev.suitkaise.function.SKFunctionReg;
import dev.suitkaise.reg.OnDuplicate;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Method;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * {@code SKFunction.execute()} of a stored (registered, then fetched once) static method with 0, 2
 * and 4 bound arguments, beside the other ways to make the same call:
 * <ul>
 *   <li>{@code direct}: the static call itself with arguments from the state (the floor);</li>
 *   <li>{@code lambda}: a {@link Supplier} held in a field that captured the same arguments, the
 *       plain-Java form of "a call with its arguments bound" and the peer of the 2x goal;</li>
 *   <li>{@code reflect}: {@link Method#invoke} with a preallocated argument array;</li>
 *   <li>{@code handle}: {@link MethodHandle#invokeExact} on a handle held in a (non-constant) field;</li>
 *   <li>{@code skExecute}: the stored function with metrics off (the goals);</li>
 *   <li>{@code skExecuteVsReflect}: the same call again, compared with {@code Method.invoke};</li>
 *   <li>{@code skExecuteMetrics}: the stored function with metrics on (two clock reads and a few
 *       counter updates per call), compared with metrics off.</li>
 * </ul>
 * Each method returns its result so JMH consumes it. Results are small integers (see
 * {@link BenchTargets}), so boxing allocates nothing.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class FunctionExecuteBenchmark {

    private int a = 3;
    private int b = 5;
    private int c = 7;
    private int d = 11;

    private Supplier<Object> lambda0;
    private Supplier<Object> lambda2;
    private Supplier<Object> lambda4;
    private Method method0;
    private Method method2;
    private Method method4;
    private Object[] args2;
    private Object[] args4;
    private MethodHandle handle0;
    private MethodHandle handle2;
    private MethodHandle handle4;
    private SKFunction<Object> fn0;
    private SKFunction<Object> fn2;
    private SKFunction<Object> fn4;
    private SKFunction<Object> fn0Metrics;
    private SKFunction<Object> fn2Metrics;
    private SKFunction<Object> fn4Metrics;

    /**
     * Builds and registers the functions (metrics off and on), then fetches them from the registry
     * once, as stored functions are used; prepares the lambdas, reflective methods and handles.
     *
     * @throws ReflectiveOperationException if a target is missing
     */
    @Setup(Level.Trial)
    public void prepare() throws ReflectiveOperationException {
        int x = a;
        int y = b;
        int z = c;
        int w = d;
        lambda0 = BenchTargets::zero;
        lambda2 = () -> BenchTargets.two(x, y);
        lambda4 = () -> BenchTargets.four(x, y, z, w);
        method0 = BenchTargets.class.getMethod("zero");
        method2 = BenchTargets.class.getMethod("two", int.class, int.class);
        method4 = BenchTargets.class.getMethod("four", int.class, int.class, int.class, int.class);
        args2 = new Object[] {a, b};
        args4 = new Object[] {a, b, c, d};
        MethodHandles.Lookup lookup = MethodHandles.publicLookup();
        handle0 = lookup.findStatic(BenchTargets.class, "zero", MethodType.methodType(Integer.class));
        handle2 = lookup.findStatic(BenchTargets.class, "two", MethodType.methodType(int.class, int.class, int.class));
        handle4 = lookup.findStatic(BenchTargets.class, "four",
                MethodType.methodType(int.class, int.class, int.class, int.class, int.class));
        fn0 = stored("bench.fn0", SKFunction.builder().target(method0).metrics(false).build());
        fn2 = stored("bench.fn2", SKFunction.builder().target(method2).arg(a).arg(b).metrics(false).build());
        fn4 = stored("bench.fn4", SKFunction.builder().target(method4).arg(a).arg(b).arg(c).arg(d).metrics(false).build());
        fn0Metrics = stored("bench.fn0m", SKFunction.builder().target(method0).metrics(true).build());
        fn2Metrics = stored("bench.fn2m", SKFunction.builder().target(method2).arg(a).arg(b).metrics(true).build());
        fn4Metrics = stored("bench.fn4m", SKFunction.builder().target(method4).arg(a).arg(b).arg(c).arg(d)
                .metrics(true).build());
    }

    private static SKFunction<Object> stored(String name, SKFunction<Object> fn) {
        fn.register(SKFunctionReg.global(), name, OnDuplicate.OVERWRITE);
        return SKFunction.get(name);
    }

    // ------------------------------------------------------------------ peers

    /**
     * The direct static call, no arguments.
     *
     * @return the result
     */
    @Benchmark
    public Object direct0() {
        return BenchTargets.zero();
    }

    /**
     * The direct static call, two arguments from the state.
     *
     * @return the result
     */
    @Benchmark
    public int direct2() {
        return BenchTargets.two(a, b);
    }

    /**
     * The direct static call, four arguments from the state.
     *
     * @return the result
     */
    @Benchmark
    public int direct4() {
        return BenchTargets.four(a, b, c, d);
    }

    /**
     * A method-reference {@code Supplier} held in a field.
     *
     * @return the result
     */
    @Benchmark
    public Object lambda0() {
        return lambda0.get();
    }

    /**
     * A {@code Supplier} that captured two arguments.
     *
     * @return the result
     */
    @Benchmark
    public Object lambda2() {
        return lambda2.get();
    }

    /**
     * A {@code Supplier} that captured four arguments.
     *
     * @return the result
     */
    @Benchmark
    public Object lambda4() {
        return lambda4.get();
    }

    /**
     * {@code Method.invoke}, no arguments.
     *
     * @return the result
     * @throws ReflectiveOperationException never
     */
    @Benchmark
    public Object reflect0() throws ReflectiveOperationException {
        return method0.invoke(null);
    }

    /**
     * {@code Method.invoke} with a preallocated array of two boxed arguments.
     *
     * @return the result
     * @throws ReflectiveOperationException never
     */
    @Benchmark
    public Object reflect2() throws ReflectiveOperationException {
        return method2.invoke(null, args2);
    }

    /**
     * {@code Method.invoke} with a preallocated array of four boxed arguments.
     *
     * @return the result
     * @throws ReflectiveOperationException never
     */
    @Benchmark
    public Object reflect4() throws ReflectiveOperationException {
        return method4.invoke(null, args4);
    }

    /**
     * {@code invokeExact} on a handle in a field, no arguments.
     *
     * @return the result
     * @throws Throwable never
     */
    @Benchmark
    public Object handle0() throws Throwable {
        return (Integer) handle0.invokeExact();
    }

    /**
     * {@code invokeExact} on a handle in a field, two arguments from the state.
     *
     * @return the result
     * @throws Throwable never
     */
    @Benchmark
    public int handle2() throws Throwable {
        return (int) handle2.invokeExact(a, b);
    }

    /**
     * {@code invokeExact} on a handle in a field, four arguments from the state.
     *
     * @return the result
     * @throws Throwable never
     */
    @Benchmark
    public int handle4() throws Throwable {
        return (int) handle4.invokeExact(a, b, c, d);
    }

    // ------------------------------------------------------------------ sk-function, metrics off

    /**
     * {@code execute()} of the stored 0-argument function, metrics off.
     *
     * @return the result
     */
    @Benchmark
    @Peer("lambda0")
    @Goal(maxRatio = 2.0, note = "execute() of a stored static method, metrics off, within 2x of a lambda call;"
            + " the 0-argument case must also allocate nothing (run with --prof=gc).")
    public Object skExecute0() {
        return fn0.execute();
    }

    /**
     * {@code execute()} of the stored function with 2 bound arguments, metrics off.
     *
     * @return the result
     */
    @Benchmark
    @Peer("lambda2")
    @Goal(maxRatio = 2.0, note = "2 bound arguments, metrics off, within 2x of a lambda that captured them.")
    public Object skExecute2() {
        return fn2.execute();
    }

    /**
     * {@code execute()} of the stored function with 4 bound arguments, metrics off.
     *
     * @return the result
     */
    @Benchmark
    @Peer("lambda4")
    @Goal(maxRatio = 2.0, note = "4 bound arguments, metrics off, within 2x of a lambda that captured them.")
    public Object skExecute4() {
        return fn4.execute();
    }

    /**
     * The same call as {@link #skExecute0()}, compared with {@code Method.invoke}.
     *
     * @return the result
     */
    @Benchmark
    @Peer("reflect0")
    @Goal(maxRatio = 1.0, note = "execute() faster than Method.invoke of the same method (metrics off).")
    public Object skExecute0VsReflect() {
        return fn0.execute();
    }

    /**
     * The same call as {@link #skExecute2()}, compared with {@code Method.invoke}.
     *
     * @return the result
     */
    @Benchmark
    @Peer("reflect2")
    @Goal(maxRatio = 1.0, note = "2 bound arguments: faster than Method.invoke with a preallocated array.")
    public Object skExecute2VsReflect() {
        return fn2.execute();
    }

    /**
     * The same call as {@link #skExecute4()}, compared with {@code Method.invoke}.
     *
     * @return the result
     */
    @Benchmark
    @Peer("reflect4")
    @Goal(maxRatio = 1.0, note = "4 bound arguments: faster than Method.invoke with a preallocated array.")
    public Object skExecute4VsReflect() {
        return fn4.execute();
    }

    // ------------------------------------------------------------------ sk-function, metrics on

    /**
     * {@code execute()} of the stored 0-argument function with metrics on.
     *
     * @return the result
     */
    @Benchmark
    @Peer("skExecute0")
    public Object skExecute0Metrics() {
        return fn0Metrics.execute();
    }

    /**
     * {@code execute()} with 2 bound arguments and metrics on.
     *
     * @return the result
     */
    @Benchmark
    @Peer("skExecute2")
    public Object skExecute2Metrics() {
        return fn2Metrics.execute();
    }

    /**
     * {@code execute()} with 4 bound arguments and metrics on.
     *
     * @return the result
     */
    @Benchmark
    @Peer("skExecute4")
    public Object skExecute4Metrics() {
        return fn4Metrics.execute();
    }
}
