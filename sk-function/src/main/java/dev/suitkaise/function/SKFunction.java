package dev.suitkaise.function;

import dev.suitkaise.function.internal.Binder;
import dev.suitkaise.function.internal.Creators;
import dev.suitkaise.function.internal.InterruptingFuture;
import dev.suitkaise.function.internal.Invocation;
import dev.suitkaise.function.internal.MetricsRecorder;
import dev.suitkaise.function.internal.ModifierRunner;
import dev.suitkaise.function.internal.Resolver;
import dev.suitkaise.function.internal.TargetRef;
import dev.suitkaise.reg.OnDuplicate;
import dev.suitkaise.reg.Principals;

import java.io.InvalidObjectException;
import java.io.NotSerializableException;
import java.io.ObjectInputStream;
import java.io.Serial;
import java.io.Serializable;
import java.lang.invoke.MethodHandles;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * A stored function invocation: a target (static method, instance method with its receiver,
 * constructor, or serializable lambda / method reference) with arguments bound by position or by
 * parameter name, a name, a description and metadata. {@link #execute()} runs it.
 *
 * <pre>{@code
 * SKFunction<String> render = SKFunction.builder(String.class)
 *         .target(Panels.class, "render")          // static String render(String panel, int width)
 *         .arg("panel", "status").arg(80)
 *         .name("render_panel")
 *         .buildAndRegister();
 * String text = SKFunction.<String>get("render_panel").execute();
 * }</pre>
 *
 * <p><b>Binding.</b> Arguments bound by name go to their parameters; positional ones fill the
 * remaining parameters in declaration order; {@link #execute(Object...)} appends further positional
 * arguments for the parameters still unbound, {@link #execute(Map)} gives them by name.
 * {@link #withArg(String, Object)} on a parameter already bound, by name or by position, replaces its
 * value and leaves every other parameter's value where it was. Names come
 * from the class file (compile with {@code -parameters}) or from
 * {@link SKFunctionBuilder#parameterNames(String...)}. A bound value that does not fit its parameter,
 * an unknown name or a surplus argument fails when the function is built, with
 * {@link SKFunctionException} naming the parameter.
 *
 * <p><b>Immutable.</b> Every {@code with...} method and every modifier returns a new function and
 * leaves this one unchanged. Instances are thread-safe; {@code execute} may be called from any
 * number of threads at once.
 *
 * <p><b>Speed.</b> A fully bound function is compiled when it is built: where a lookup with full
 * access may call the target directly it runs through a class generated like the JDK's lambdas,
 * otherwise through a method handle with the arguments inserted. {@code execute()} then allocates
 * nothing of its own. Metrics ({@link #metrics()}) cost two clock reads per call; turn them off with
 * {@link SKFunctionBuilder#metrics(boolean)}, {@link #withMetrics(boolean)} or process-wide with
 * {@link SKFunctions#setMetricsDefault(boolean)}.
 *
 * <p><b>Modifiers</b> ({@link #retry}, {@link #timeout}, {@link #rateLimit}, {@link #background})
 * always apply in the order documented on {@link Modifiers}, whatever order they were added in.
 *
 * <p><b>Access (JPMS).</b> The target is called through a method handle. Members that are not
 * public in a package exported to everyone need a lookup: pass {@code MethodHandles.lookup()} to
 * {@link SKFunctionBuilder#lookup(MethodHandles.Lookup)} from a class that may access them, or open
 * the package to {@code dev.suitkaise.function}. Without either, building fails with a message that
 * says so.
 *
 * <p><b>Travel.</b> A function is {@link Serializable}: it writes itself as plain data (the target as
 * class name, member name and descriptor, or the lambda, which codecs carry as its
 * {@link java.lang.invoke.SerializedLambda}; the receiver and bound arguments as values) and the
 * receiving JVM, which needs the same classes, resolves the method handle lazily on the first call
 * and caches it. A lookup given to the builder does not travel; the receiving side uses a private
 * lookup where the target's package is open to this module (always on the class path), else the
 * public lookup. Metrics and a custom executor of {@link SKAsync} do not travel either.
 *
 * <p><b>Domains.</b> A function built by {@link SKFunctionBuilder} acts for the class that started the
 * builder ({@link #actingFor()}). When its target is registry machinery or a JDK method (which would
 * otherwise see this module as the caller) and that class is not INTERNAL code, every call is
 * restricted to it with {@link dev.suitkaise.reg.SKAccess#restrictTo}, so a function reaches no
 * INTERNAL registry its builder could not. The principals travel as class names; the receiving process adds
 * the code that read the function, and a name that does not load there is refused.
 *
 * @param <R> the result type
 */
public sealed class SKFunction<R> implements AnyFunction<R> permits SKLambda, SKAsync {

    @Serial
    private static final long serialVersionUID = 1L;
    private static final Object[] NO_ARGS = new Object[0];

    private final transient Spec spec;
    private final transient MethodHandles.Lookup lookup;
    /** The code this function acts for; see {@link Creators}. */
    private final transient Principals actingFor;
    private final transient MetricsRecorder metrics;
    private final transient ModifierRunner runner;
    private transient volatile Invocation invocation;
    /**
     * The fully bound call when there are no modifiers; a plain field read on every execute. Set
     * once under the lock in {@link #resolve()}; a racing reader that sees null takes the slow path,
     * and the object it points to is safely published through its final fields.
     */
    private transient Callable<Object> fast;

    SKFunction(Spec spec, MethodHandles.Lookup lookup, Principals actingFor, boolean resolveNow) {
        this.spec = Objects.requireNonNull(spec, "spec");
        this.lookup = lookup;
        this.actingFor = Objects.requireNonNull(actingFor, "actingFor");
        this.metrics = spec.metricsEnabled() ? new MetricsRecorder() : null;
        this.runner = spec.modifiers().isNone() ? null : new ModifierRunner(spec.modifiers(), spec.name());
        if (resolveNow) {
            resolve();
        }
    }

    /**
     * Starts a builder for a function whose result type is not checked.
     *
     * @return a new builder
     */
    public static SKFunctionBuilder<Object> builder() {
        return new SKFunctionBuilder<>(null);
    }

    /**
     * Starts a builder for a function returning {@code R}; {@code build()} checks that the
     * target's declared result type fits {@code returnType} (boxing included).
     *
     * @param returnType the expected result type
     * @param <R> the result type
     * @return a new builder
     */
    public static <R> SKFunctionBuilder<R> builder(Class<R> returnType) {
        return new SKFunctionBuilder<>(Objects.requireNonNull(returnType, "returnType"));
    }

    /**
     * The function registered under a name in the {@link dev.suitkaise.reg.Domain#GLOBAL} registry,
     * auto-registering an {@link AutoReg} method of that name on first use.
     *
     * @param name the registry key
     * @param <R> the result type the caller expects (not checked)
     * @return the function
     * @throws dev.suitkaise.reg.SKRegException if nothing is registered or annotated under the name;
     *     the message names close matches
     */
    public static <R> SKFunction<R> get(String name) {
        return SKFunctionReg.global().function(Objects.requireNonNull(name, "get: name is null"));
    }

    // ---------------------------------------------------------------- running

    /**
     * Runs the function in the calling thread (or, with {@link #background()}, starts it and returns
     * its future). Blocks for as long as the body, retries, rate limit waits and timeouts take.
     *
     * @return the result
     * @throws SKFunctionException wrapping a checked exception thrown by the body (the function's
     *     name in the message, the exception as cause; an {@link InterruptedException} also sets the
     *     thread's interrupt flag again), or when a parameter is unbound
     * @throws RuntimeException unchanged, as the body threw it
     */
    @SuppressWarnings("unchecked")
    public R execute() {
        Callable<Object> f = fast;
        if (f != null) {
            if (metrics != null) {
                return (R) measured(f);
            }
            try {
                return (R) f.call();
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw wrap(e);
            }
        }
        return executeWith(NO_ARGS, null);
    }

    /** The fully bound call with metrics on and no modifiers: no allocation of its own either. */
    private Object measured(Callable<Object> f) {
        MetricsRecorder m = metrics;
        long start = m.start();
        boolean ok = false;
        try {
            Object result = f.call();
            ok = true;
            return result;
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw wrap(e);
        } finally {
            m.stop(start, !ok);
        }
    }

    /**
     * Runs the function with extra positional arguments for its unbound parameters, in declaration
     * order.
     *
     * @param extraArgs one value per unbound parameter
     * @return the result
     * @throws SKFunctionException naming the parameter when an argument is missing, surplus or of the
     *     wrong type, or wrapping a checked exception of the body
     */
    public R execute(Object... extraArgs) {
        return executeWith(Objects.requireNonNull(extraArgs, "extraArgs"), null);
    }

    /**
     * Runs the function with arguments by name for its unbound parameters.
     *
     * @param named values by parameter name
     * @return the result
     * @throws SKFunctionException naming the parameter when a name is unknown or already bound, an
     *     argument is missing or of the wrong type, or wrapping a checked exception of the body
     */
    public R execute(Map<String, ?> named) {
        return executeWith(NO_ARGS, Objects.requireNonNull(named, "named"));
    }

    /**
     * Runs the function like {@link #execute()} but lets checked exceptions of the body through
     * unwrapped, as {@link AnyFunction#call()} promises.
     *
     * @return the result
     * @throws Exception what the body threw
     */
    @Override
    @SuppressWarnings("unchecked")
    public R call() throws Exception {
        Callable<Object> f = fast;
        if (f != null && metrics == null) {
            return (R) f.call();
        }
        return (R) run(NO_ARGS, null, true);
    }

    @SuppressWarnings("unchecked")
    private R executeWith(Object[] extra, Map<String, ?> named) {
        try {
            return (R) run(extra, named, true);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw wrap(e);
        }
    }

    /** Runs under modifiers and metrics; background only when allowed. */
    Object run(Object[] extra, Map<String, ?> named, boolean allowBackground) throws Exception {
        Invocation inv = invocation();
        String fn = spec.name();
        Callable<Object> body;
        if (named != null) {
            body = () -> inv.invoke(fn, named);
        } else if (extra.length == 0) {
            body = () -> inv.invoke(fn);
        } else {
            body = () -> inv.invoke(fn, extra);
        }
        if (runner == null) {
            return ModifierRunner.measuredOnly(body, metrics);
        }
        return runner.run(body, metrics, executor(), allowBackground);
    }

    /**
     * Where background calls of this function run.
     *
     * @return a virtual-thread-per-task executor unless a subclass says otherwise
     */
    Executor executor() {
        return InterruptingFuture.VIRTUAL;
    }

    private SKFunctionException wrap(Exception e) {
        if (e instanceof InterruptedException) {
            Thread.currentThread().interrupt();
        }
        return new SKFunctionException(spec.name(), "Function '" + spec.name() + "' failed with " + e.getClass().getName()
                + (e.getMessage() == null ? "" : ": " + e.getMessage()) + " (see the cause).", e);
    }

    private Invocation invocation() {
        Invocation inv = invocation;
        return inv != null ? inv : resolve();
    }

    private synchronized Invocation resolve() {
        if (invocation == null) {
            Invocation inv = Resolver.resolve(spec.target(), spec.positional(), spec.named(), lookup, actingFor, spec.name());
            invocation = inv;
            if (runner == null && inv.thunk() != null) {
                fast = inv.thunk();
            }
        }
        return invocation;
    }

    // ---------------------------------------------------------------- deriving

    /** For each parameter, the index of the positional argument that fills it now, or -1. */
    private int[] positionsOf(List<FunctionParameter> params) {
        return Binder.positionsOf(spec.name(), params, spec.named().keySet(), spec.positional().size());
    }

    /**
     * A function with one more argument bound by name. If the parameter is already bound, by name
     * or by position, its value is replaced and every other parameter keeps its value.
     *
     * @param name the parameter name
     * @param value the value (null for a reference parameter)
     * @return the new function, already validated
     * @throws SKFunctionException naming the parameter if it does not exist or the value does not fit
     */
    public SKFunction<R> withArg(String name, Object value) {
        Objects.requireNonNull(name, "name");
        return derive(rebinding(java.util.Collections.singletonMap(name, value)));
    }

    /**
     * A function with more arguments bound by name. The value of a parameter already bound, by name
     * or by position, is replaced; every other parameter keeps its value.
     *
     * @param named values by parameter name
     * @return the new function, already validated
     * @throws SKFunctionException naming the parameter if it does not exist or a value does not fit
     */
    public SKFunction<R> withArgs(Map<String, ?> named) {
        return derive(rebinding(Objects.requireNonNull(named, "named")));
    }

    /**
     * The spec with more arguments by name: a name whose parameter a positional argument fills now
     * replaces that positional value in place (adding it as a named one instead would push that
     * positional value, and those after it, on to the next parameters).
     */
    private Spec rebinding(Map<String, ?> more) {
        List<FunctionParameter> params = parameters();
        int[] positionOf = positionsOf(params);
        List<Object> positional = new java.util.ArrayList<>(spec.positional());
        Map<String, Object> named = new java.util.LinkedHashMap<>();
        for (Map.Entry<String, ?> e : more.entrySet()) {
            int i = Binder.indexOf(spec.name(), params, e.getKey());
            if (positionOf[i] >= 0) {
                positional.set(positionOf[i], e.getValue());
            } else {
                named.put(e.getKey(), e.getValue());
            }
        }
        return spec.withPositionalReplaced(positional).withNamed(named);
    }

    /**
     * A function with more arguments bound by position, after the ones already bound.
     *
     * @param positional the values
     * @return the new function, already validated
     * @throws SKFunctionException naming the parameter if a value does not fit or there are too many
     */
    public SKFunction<R> withArgs(Object... positional) {
        Objects.requireNonNull(positional, "withArgs: positional is null; call withArgs() with no argument to bind none");
        return derive(spec.withPositional(Arrays.asList(positional)));
    }

    /**
     * A copy with another name.
     *
     * @param name the new name, not blank
     * @return the copy
     */
    public SKFunction<R> withName(String name) {
        return derive(spec.withName(SKFunctionBuilder.checkName(name)));
    }

    /**
     * A copy with another description.
     *
     * @param description the description
     * @return the copy
     */
    public SKFunction<R> withDescription(String description) {
        return derive(spec.withDescription(Objects.requireNonNull(description, "description")));
    }

    /**
     * A copy with one more metadata entry (replacing one of the same key).
     *
     * @param key the key
     * @param value the value, not null; serializable if the function is to travel
     * @return the copy
     */
    public SKFunction<R> withMetadata(String key, Object value) {
        Objects.requireNonNull(value, "withMetadata: value is null; leave the entry out instead");
        return derive(spec.withMetadata(Objects.requireNonNull(key, "key"), value));
    }

    /**
     * A copy that records metrics, or does not. The copy starts with empty metrics.
     *
     * @param enabled whether to record
     * @return the copy
     */
    public SKFunction<R> withMetrics(boolean enabled) {
        return derive(spec.withMetrics(enabled));
    }

    /**
     * A copy that retries a failed attempt up to {@code times} more times, waiting {@code backoff}
     * before the first retry and twice as long before each further one. Errors and interruptions
     * are not retried. An interrupt while the copy waits between attempts ends the call at once
     * (as an {@link InterruptedException}, wrapped as {@link #execute()} describes); the failed
     * attempt's exception is kept as a {@linkplain Throwable#getSuppressed() suppressed} exception
     * of that {@code InterruptedException}. See {@link Modifiers} for the order.
     *
     * @param times extra attempts, 0 or more
     * @param backoff the first wait, not negative
     * @return the copy
     */
    public SKFunction<R> retry(int times, Duration backoff) {
        Objects.requireNonNull(backoff, "retry: backoff is null; pass Duration.ZERO to retry at once");
        return derive(spec.withModifiers(spec.modifiers().withRetry(times, backoff)));
    }

    /**
     * A copy whose every attempt runs on its own virtual thread and is interrupted, and fails with
     * {@link SKFunctionTimeoutException}, when it runs longer than {@code limit}. Thread-locals of
     * the caller are not visible in the body. A limit too long to count in nanoseconds (over about
     * 292 years, such as {@code ChronoUnit.FOREVER.getDuration()}) means no limit: the attempts
     * still run on their own virtual threads, and an interrupt of the caller still cancels them.
     *
     * @param limit the per-attempt limit, positive
     * @return the copy
     */
    public SKFunction<R> timeout(Duration limit) {
        Objects.requireNonNull(limit, "timeout: limit is null");
        return derive(spec.withModifiers(spec.modifiers().withTimeout(limit)));
    }

    /**
     * A copy that starts at most {@code perSecond} attempts per second, across all threads calling
     * it; callers over the rate block until their turn. The limit belongs to the returned instance.
     *
     * @param perSecond attempts per second, positive
     * @return the copy
     */
    public SKFunction<R> rateLimit(double perSecond) {
        return derive(spec.withModifiers(spec.modifiers().withRateLimit(perSecond)));
    }

    /**
     * A copy whose {@code execute} starts the call on a virtual thread (or the executor of an
     * {@link SKAsync}) and returns its {@link CompletableFuture} at once; cancelling the future
     * interrupts the body. Other modifiers still apply inside the background call.
     *
     * @return the copy, whose result is a future of this function's result
     */
    @SuppressWarnings("unchecked")
    public SKFunction<CompletableFuture<R>> background() {
        return (SKFunction<CompletableFuture<R>>) (SKFunction<?>) derive(spec.withModifiers(spec.modifiers().withBackground()));
    }

    /**
     * This function as an {@link SKAsync} running on virtual threads.
     *
     * @return the async variant with the same target, arguments and modifiers
     */
    public SKAsync<R> async() {
        return new SKAsync<>(spec, lookup, actingFor, InterruptingFuture.VIRTUAL, true);
    }

    /**
     * This function as an {@link SKAsync} running on an executor.
     *
     * @param executor where calls run
     * @return the async variant
     */
    public SKAsync<R> async(Executor executor) {
        return new SKAsync<>(spec, lookup, actingFor, Objects.requireNonNull(executor, "executor"), true);
    }

    /** A new function of the same variant from changed data, validated now. */
    SKFunction<R> derive(Spec changed) {
        return new SKFunction<>(changed, lookup, actingFor, true);
    }

    final Spec spec() {
        return spec;
    }

    final MethodHandles.Lookup lookup() {
        return lookup;
    }

    /**
     * The code this function acts for: the class that built it (and what that class acted for),
     * required too when its target is registry machinery or a JDK method. Does not travel as
     * classes: another process resolves the names and adds the code that read the function.
     *
     * @return the principals; {@link Principals#NONE} for lambdas, which act as the code that wrote them
     */
    public final Principals actingFor() {
        return actingFor;
    }

    // ---------------------------------------------------------------- registering

    /**
     * Registers this function in the {@link dev.suitkaise.reg.Domain#GLOBAL} registry under a
     * name; if the name differs from {@link #name()} a copy with that name is registered.
     *
     * @param name the key
     * @return the registered function
     * @throws dev.suitkaise.reg.SKRegException if the name is taken
     */
    public SKFunction<R> register(String name) {
        Objects.requireNonNull(name, "register: name is null");
        return register(SKFunctionReg.global(), name, OnDuplicate.RAISE);
    }

    /**
     * Registers this function in a registry under a name with a duplicate policy.
     *
     * @param registry the registry
     * @param name the key
     * @param onDuplicate what to do if the key is taken
     * @return the function now registered under the returned key (for {@link OnDuplicate#IGNORE},
     *     possibly another one)
     */
    public SKFunction<R> register(SKFunctionReg registry, String name, OnDuplicate onDuplicate) {
        Objects.requireNonNull(registry, "register: registry is null");
        Objects.requireNonNull(name, "register: name is null");
        Objects.requireNonNull(onDuplicate, "register: onDuplicate is null");
        SKFunction<R> named = name.equals(spec.name()) ? this : withName(name);
        String key = registry.register(name, named, onDuplicate);
        @SuppressWarnings("unchecked")
        SKFunction<R> registered = (SKFunction<R>) registry.require(key);
        return registered;
    }

    /**
     * Registers these exact arguments under a name for later and runs the function now, in one step.
     *
     * @param name the key in the GLOBAL registry
     * @return the result of this run
     * @throws dev.suitkaise.reg.SKRegException if the name is taken (then nothing runs)
     */
    public R registerAndExecute(String name) {
        return register(name).execute();
    }

    // ---------------------------------------------------------------- describing

    /**
     * The name: given to the builder, else {@code SimpleClass.method} for methods,
     * {@code SimpleClass.new} for constructors, automatic for lambdas.
     *
     * @return the name
     */
    public String name() {
        return spec.name();
    }

    /**
     * The description.
     *
     * @return the description, empty if none was given
     */
    public String description() {
        return spec.description();
    }

    /**
     * The metadata.
     *
     * @return an unmodifiable map in insertion order
     */
    public Map<String, Object> metadata() {
        return spec.metadata();
    }

    /**
     * The target as data.
     *
     * @return the target
     */
    public FunctionTarget target() {
        return spec.target().describe();
    }

    /**
     * What kind of callable this calls.
     *
     * @return the kind
     */
    public TargetKind targetKind() {
        return spec.target().kind();
    }

    /**
     * The receiver an instance method is called on.
     *
     * @return the receiver, or null for other targets
     */
    public Object receiver() {
        return spec.target().receiver();
    }

    /**
     * The target's parameters (none for lambdas). Resolves the target if needed.
     *
     * @return an immutable list in declaration order
     */
    public List<FunctionParameter> parameters() {
        return invocation().parameters();
    }

    /**
     * The bound arguments by parameter name, in declaration order.
     *
     * @return an unmodifiable map; values may be null
     */
    public Map<String, Object> boundArguments() {
        return invocation().boundArguments();
    }

    /**
     * The target's declared result type: the method's return type, the constructed class, or
     * {@code Object} for lambdas. With {@link #background()} the call itself returns a future of it.
     *
     * @return the type (may be primitive or {@code void})
     */
    public Class<?> returnType() {
        return invocation().returnType();
    }

    /**
     * The modifiers.
     *
     * @return the modifiers, {@link Modifiers#NONE} if none
     */
    public Modifiers modifiers() {
        return spec.modifiers();
    }

    /**
     * Whether this function records metrics.
     *
     * @return true if it does
     */
    public boolean metricsEnabled() {
        return metrics != null;
    }

    /**
     * The call statistics of this instance (copies made with {@code with...} count separately).
     *
     * @return a snapshot, {@link FunctionMetrics#EMPTY} when metrics are off
     */
    public FunctionMetrics metrics() {
        return metrics == null ? FunctionMetrics.EMPTY : metrics.snapshot();
    }

    /**
     * Whether this function calls the same callable as another one (same member, same receiver
     * object, or the same lambda object), whatever their bound arguments.
     *
     * @param other the other function
     * @return true if they share the callable
     */
    public boolean sameTarget(SKFunction<?> other) {
        return spec.target().sameCallable(Objects.requireNonNull(other, "sameTarget: other is null").spec.target());
    }

    final TargetRef targetRef() {
        return spec.target();
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + spec.name() + " -> " + spec.target().describe()
                + (spec.positional().isEmpty() ? "" : ", args=" + spec.positional())
                + (spec.named().isEmpty() ? "" : ", named=" + spec.named())
                + (spec.modifiers().isNone() ? "" : ", " + spec.modifiers()) + "]";
    }

    // ---------------------------------------------------------------- serialization

    /** Variant tags of the serial form. */
    static final int PLAIN = 0;
    static final int LAMBDA = 1;
    static final int ASYNC = 2;

    int variant() {
        return PLAIN;
    }

    /**
     * Writes the data form instead of this object.
     *
     * @return the serial form
     * @throws NotSerializableException naming this function and the parameter (or the receiver or
     *     metadata key) when a value it carries is not {@link Serializable}
     */
    @Serial
    final Object writeReplace() throws NotSerializableException {
        checkSerializable();
        return new SerialForm(variant(), spec, actingFor.names());
    }

    /**
     * Checks, one level deep, that the values this function carries can be written, so that the
     * failure names the function and the parameter rather than only the value's class.
     */
    private void checkSerializable() throws NotSerializableException {
        if (notSerializable(spec.target().receiver())) {
            throw notSerializable("its receiver", spec.target().receiver(), "target a static method, or make the"
                    + " receiver's class Serializable");
        }
        for (Map.Entry<String, Object> e : spec.named().entrySet()) {
            if (notSerializable(e.getValue())) {
                throw notSerializable("the argument bound to its parameter '" + e.getKey() + "'", e.getValue(), UNBIND);
            }
        }
        for (int k = 0; k < spec.positional().size(); k++) {
            if (notSerializable(spec.positional().get(k))) {
                throw notSerializable("the argument bound to its " + positionalParameter(k), spec.positional().get(k),
                        UNBIND);
            }
        }
        for (Map.Entry<String, Object> e : spec.metadata().entrySet()) {
            if (notSerializable(e.getValue())) {
                throw notSerializable("its metadata entry '" + e.getKey() + "'", e.getValue(),
                        "store a Serializable value under that key");
            }
        }
    }

    private static final String UNBIND = "bind a Serializable value, or leave the parameter unbound and pass the"
            + " value to execute where the function is read";

    private static boolean notSerializable(Object value) {
        return value != null && !(value instanceof Serializable);
    }

    private NotSerializableException notSerializable(String what, Object value, String whatToDo) {
        return new NotSerializableException("Function '" + spec.name() + "' cannot be serialized: " + what + " is a "
                + value.getClass().getName() + ", which is not java.io.Serializable; " + whatToDo + ".");
    }

    /** The parameter the positional argument {@code k} fills, as text, even if the target cannot be resolved here. */
    private String positionalParameter(int k) {
        try {
            List<FunctionParameter> params = parameters();
            int[] positionOf = positionsOf(params);
            for (int i = 0; i < positionOf.length; i++) {
                if (positionOf[i] == k) {
                    return "parameter '" + params.get(i).name() + "' (positional argument #" + (k + 1) + ")";
                }
            }
        } catch (RuntimeException unresolvable) {
            // the name is only for the message; the position still says which argument it is
        }
        return "positional argument #" + (k + 1);
    }

    /**
     * Refuses direct deserialization: functions are always read through their serial form.
     *
     * @param in the stream
     * @throws InvalidObjectException always
     */
    @Serial
    private void readObject(ObjectInputStream in) throws InvalidObjectException {
        throw new InvalidObjectException("An SKFunction is read through its serial form; this stream is corrupt.");
    }

    /**
     * The serialized form of every {@link SKFunction}: a variant tag, the function's data and the
     * names of the code it acts for.
     *
     * @param variant which class to rebuild
     * @param spec the data
     * @param actingFor binary names of the principals (none for lambdas)
     */
    private record SerialForm(int variant, Spec spec, List<String> actingFor) implements Serializable {
        @Serial
        private static final long serialVersionUID = 2L;

        @Serial
        private Object readResolve() {
            Principals principals = variant == LAMBDA ? Principals.NONE
                    : Creators.ofArrival(actingFor == null ? List.of() : actingFor);
            return switch (variant) {
                case LAMBDA -> new SKLambda<>(spec, null, principals, false);
                case ASYNC -> new SKAsync<>(spec, null, principals, InterruptingFuture.VIRTUAL, false);
                default -> new SKFunction<>(spec, null, principals, false);
            };
        }
    }
}
