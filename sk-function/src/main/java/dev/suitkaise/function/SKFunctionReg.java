package dev.suitkaise.function;

import dev.suitkaise.function.internal.AutoRegScanner;
import dev.suitkaise.function.internal.Resolver;
import dev.suitkaise.function.internal.TargetRef;
import dev.suitkaise.reg.Domain;
import dev.suitkaise.reg.DomainRoots;
import dev.suitkaise.reg.OnDuplicate;
import dev.suitkaise.reg.SKReg;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The registry of stored functions, one per {@link Domain} per process (an {@link SKReg}).
 * Several keys may hold the same callable with different bound arguments; {@link #forTarget}
 * finds them all.
 *
 * <p>Lookups by name ({@link #function}, {@link #lookup}, {@link #execute}) fall back on
 * {@link AutoReg} methods: a name that is not registered but annotated is registered, without
 * arguments, and returned. The registry of a restricted domain takes only the annotated methods
 * whose declaring class lies under that domain's roots ({@link DomainRoots#contains}); the
 * {@link Domain#GLOBAL} one takes them all. The inherited {@code get}, {@code require} and
 * {@code contains} see only what is registered.
 *
 * <p>Thread-safe like every {@link SKReg}; opening a restricted domain checks the caller.
 */
public final class SKFunctionReg extends SKReg<SKFunction<?>> {

    private static final Logger LOG = LoggerFactory.getLogger(SKFunctionReg.class);

    private SKFunctionReg(Domain domain) {
        super(domain);
    }

    /**
     * The registry of a domain.
     *
     * @param domain the domain
     * @return the process-wide instance
     * @throws dev.suitkaise.reg.SKAccessException if the caller may not open the domain
     */
    public static SKFunctionReg of(Domain domain) {
        return SKReg.open(SKFunctionReg.class, domain, SKFunctionReg::new);
    }

    /**
     * The {@link Domain#GLOBAL} registry, used by {@link SKFunction#get} and {@link SKFunction#register}.
     *
     * @return the process-wide instance
     */
    public static SKFunctionReg global() {
        return Global.INSTANCE;
    }

    private static final class Global {
        static final SKFunctionReg INSTANCE = of(Domain.GLOBAL);
    }

    /**
     * The function under a name, auto-registering an {@link AutoReg} method of that name on first use.
     *
     * @param name the key
     * @param <R> the result type the caller expects (not checked)
     * @return the function
     * @throws dev.suitkaise.reg.SKRegException if nothing is registered or annotated under the name
     */
    @SuppressWarnings("unchecked")
    public <R> SKFunction<R> function(String name) {
        Objects.requireNonNull(name, "function: name is null");
        Optional<SKFunction<?>> found = lookup(name);
        return (SKFunction<R>) found.orElseGet(() -> require(name));
    }

    /**
     * The function under a name, auto-registering an {@link AutoReg} method of that name on first use
     * if its class lies under this registry's domain.
     *
     * @param name the key
     * @return the function, or empty
     */
    public Optional<SKFunction<?>> lookup(String name) {
        Objects.requireNonNull(name, "lookup: name is null");
        Optional<SKFunction<?>> found = get(name);
        if (found.isPresent()) {
            return found;
        }
        Optional<AutoRegScanner.Found> annotated = AutoRegScanner.find(name);
        if (annotated.isEmpty()) {
            return Optional.empty();
        }
        Class<?> declaring = annotated.get().method().getDeclaringClass();
        if (!DomainRoots.contains(domain(), declaring)) {
            LOG.warn("@AutoReg method {} is not registered in the {} function registry: {} lies outside the {} roots {};"
                    + " add its location or module to that domain (-Dsuitkaise.domain.{}=...) if it belongs there",
                    annotated.get().method(), domain(), declaring.getName(), domain(), DomainRoots.of(domain()),
                    domain().name().toLowerCase(java.util.Locale.ROOT));
            return Optional.empty();
        }
        AutoRegScanner.Found a = annotated.get();
        SKFunction<Object> fn = SKFunction.builder().target(a.method()).name(a.name()).description(a.description())
                .metadata("autoReg", Boolean.TRUE).build();
        register(a.name(), fn, OnDuplicate.IGNORE);
        LOG.debug("Auto-registered @AutoReg method {} as '{}' in the {} function registry", a.method(), a.name(), domain());
        return get(name);
    }

    /**
     * Runs the function under a name (auto-registering an {@link AutoReg} method on first use) in
     * the calling thread.
     *
     * @param name the key
     * @param extraArgs values for its unbound parameters
     * @return the result
     * @throws dev.suitkaise.reg.SKRegException if nothing is registered or annotated under the name
     * @throws SKFunctionException as {@link SKFunction#execute(Object...)}
     */
    public Object execute(String name, Object... extraArgs) {
        Objects.requireNonNull(name, "execute: name is null");
        Objects.requireNonNull(extraArgs, "execute: extraArgs is null; pass no argument to add none");
        return function(name).execute(extraArgs);
    }

    /**
     * Every registered function.
     *
     * @return an immutable list in key order
     */
    public List<SKFunction<?>> all() {
        return values();
    }

    /**
     * Every registration of one callable, whatever the bound arguments.
     *
     * @param callable a {@link Method} (any receiver), a {@link Constructor}, an {@link SKFunction}
     *     (its target; for instance methods, its receiver) or a lambda object (the same object)
     * @return the matching keys and functions, in key order
     */
    public Map<String, SKFunction<?>> forTarget(Object callable) {
        Objects.requireNonNull(callable, "callable");
        if (callable instanceof Method m) {
            FunctionTarget t = Resolver.describe(m);
            return find(f -> f.target().equals(t));
        }
        if (callable instanceof Constructor<?> c) {
            FunctionTarget t = Resolver.refFor(c).describe();
            return find(f -> f.target().equals(t));
        }
        if (callable instanceof SKFunction<?> fn) {
            return find(f -> f.sameTarget(fn));
        }
        if (callable instanceof AnyFunction<?> lambda) {
            TargetRef ref = Resolver.refForLambda(lambda);
            return find(f -> f.targetRef().sameCallable(ref));
        }
        throw new IllegalArgumentException("forTarget takes a Method, a Constructor, an SKFunction or a lambda, not a "
                + callable.getClass().getName());
    }

    /**
     * Registers every {@link AutoReg} method found by the scan that is not registered yet and whose
     * class lies under this registry's domain.
     *
     * @return the keys newly registered
     */
    public List<String> registerAutoRegistered() {
        return AutoRegScanner.all().keySet().stream()
                .filter(k -> !contains(k))
                .filter(k -> lookup(k).isPresent())
                .toList();
    }

    /**
     * Forgets the cached {@link AutoReg} scan, so that the next miss scans again (for code loaded
     * after the first scan). Registered functions stay.
     */
    public static void rescanAutoRegistrations() {
        AutoRegScanner.forget();
    }
}
