package dev.suitkaise.function;

import dev.suitkaise.function.internal.Binder;
import dev.suitkaise.function.internal.Creators;
import dev.suitkaise.function.internal.LambdaNames;
import dev.suitkaise.function.internal.Resolver;
import dev.suitkaise.function.internal.TargetRef;
import dev.suitkaise.reg.OnDuplicate;
import dev.suitkaise.reg.Principals;

import java.lang.invoke.MethodHandles;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Builds an {@link SKFunction}: a target, bound arguments, a name, a description and metadata.
 * Start one with {@link SKFunction#builder()} or {@link SKFunction#builder(Class)}.
 *
 * <pre>{@code
 * SKFunction<Integer> area = SKFunction.builder(Integer.class)
 *         .target(Geometry.class, "area")        // static int area(int width, int height)
 *         .arg("height", 3)                      // by name
 *         .arg(4)                                // by position: the first unbound parameter, width
 *         .name("area_4x3")
 *         .build();
 * }</pre>
 *
 * <p>{@link #build()} resolves the target and checks every bound argument, failing with
 * {@link SKFunctionException} naming the parameter. Members that are not public in an exported
 * package need a {@link #lookup(MethodHandles.Lookup) lookup}.
 *
 * <p>The functions act for the class that started the builder (see {@link SKFunction#actingFor()}):
 * when a target is registry machinery or a JDK method, its access checks require that class too, so
 * a function cannot reach a domain its builder could not.
 *
 * <p>Not thread-safe: use a builder from one thread. A builder may build several functions.
 *
 * @param <R> the result type
 */
public final class SKFunctionBuilder<R> {

    private final Class<R> expected;
    private final Principals creator;
    private TargetRef target;
    private MethodHandles.Lookup lookup;
    private final List<Object> positional = new ArrayList<>();
    private final Map<String, Object> named = new LinkedHashMap<>();
    private String name;
    private String description = "";
    private final Map<String, Object> metadata = new LinkedHashMap<>();
    private List<String> parameterNames = List.of();
    private Boolean metrics;

    SKFunctionBuilder(Class<R> expected) {
        this.expected = expected;
        this.creator = Creators.ofCaller();
    }

    /**
     * Targets a static method, or an instance method whose receiver is bound with
     * {@link #target(Method, Object)}.
     *
     * @param method a static method
     * @return this builder
     */
    public SKFunctionBuilder<R> target(Method method) {
        return target(method, null);
    }

    /**
     * Targets a method: static (receiver null) or an instance method of the receiver.
     *
     * @param method the method
     * @param receiver the object to call it on, null for a static method
     * @return this builder
     */
    public SKFunctionBuilder<R> target(Method method, Object receiver) {
        this.target = Resolver.refFor(Objects.requireNonNull(method, "method"), receiver, currentName());
        return this;
    }

    /**
     * Targets a constructor; the function returns the new instance.
     *
     * @param constructor the constructor
     * @return this builder
     * @throws SKFunctionException if it is a constructor of an enum (it would make a constant outside
     *     {@code values()}) or of an abstract class (it cannot make an instance)
     */
    public SKFunctionBuilder<R> target(Constructor<?> constructor) {
        Objects.requireNonNull(constructor, "constructor");
        Resolver.checkConstructible(constructor.getDeclaringClass(), constructorName(constructor.getDeclaringClass()));
        this.target = Resolver.refFor(constructor);
        return this;
    }

    /**
     * Targets the static method {@code methodName} of a class. With no parameter types the name must
     * be unique among the class's static methods.
     *
     * @param type the declaring class
     * @param methodName the method's name
     * @param parameterTypes the parameter types, to choose among overloads
     * @return this builder
     */
    public SKFunctionBuilder<R> target(Class<?> type, String methodName, Class<?>... parameterTypes) {
        Objects.requireNonNull(type, "target: type is null");
        Objects.requireNonNull(methodName, "target: methodName is null");
        Objects.requireNonNull(parameterTypes, "target: parameterTypes is null; pass none to find the method by name");
        Method m = Resolver.findMethod(type, methodName, true, parameterTypes.length == 0 ? null : parameterTypes,
                currentName());
        return target(m, null);
    }

    /**
     * Targets the instance method {@code methodName} of a receiver (declared by its class or a
     * superclass, or public). With no parameter types the name must be unique.
     *
     * @param receiver the object to call it on
     * @param methodName the method's name
     * @param parameterTypes the parameter types, to choose among overloads
     * @return this builder
     */
    public SKFunctionBuilder<R> target(Object receiver, String methodName, Class<?>... parameterTypes) {
        Objects.requireNonNull(receiver, "receiver");
        Objects.requireNonNull(methodName, "target: methodName is null");
        Objects.requireNonNull(parameterTypes, "target: parameterTypes is null; pass none to find the method by name");
        Method m = Resolver.findMethod(receiver.getClass(), methodName, false,
                parameterTypes.length == 0 ? null : parameterTypes, currentName());
        return target(m, receiver);
    }

    /**
     * Targets the constructor of a class with the given parameter types.
     *
     * @param type the class to construct
     * @param parameterTypes the constructor's parameter types
     * @return this builder
     * @throws SKFunctionException if there is no such constructor, or the class is an enum (its
     *     constructor would make a constant outside {@code values()}), abstract or an interface, or
     *     a primitive or array type (it has no constructors)
     */
    public SKFunctionBuilder<R> constructor(Class<?> type, Class<?>... parameterTypes) {
        Objects.requireNonNull(type, "constructor: type is null");
        Objects.requireNonNull(parameterTypes, "constructor: parameterTypes is null; pass none for the no-argument"
                + " constructor");
        // checked before the lookup, which would only say "no such constructor" for a primitive or array type
        Resolver.checkConstructible(type, constructorName(type));
        try {
            // not through target(Constructor), which would check the class again
            this.target = Resolver.refFor(type.getDeclaredConstructor(parameterTypes));
            return this;
        } catch (NoSuchMethodException e) {
            throw new SKFunctionException(name, "Class " + type.getName() + " has no constructor with parameters "
                    + Arrays.toString(parameterTypes) + "; its constructors are "
                    + Arrays.toString(type.getDeclaredConstructors()) + ".", e);
        }
    }

    /**
     * Targets a serializable lambda or method reference; the built function is an {@link SKLambda}.
     *
     * @param lambda the lambda
     * @return this builder
     */
    public SKFunctionBuilder<R> target(AnyFunction<? extends R> lambda) {
        if (lambda instanceof SKFunction<?>) {
            throw new SKFunctionException(name, "An SKFunction cannot be the target of another; derive from it with"
                    + " withArg, withName or a modifier instead.");
        }
        this.target = Resolver.refForLambda(Objects.requireNonNull(lambda, "lambda"));
        return this;
    }

    /**
     * The lookup used to reach the target, typically {@code MethodHandles.lookup()} of the calling
     * class. Needed for members that are not public in an exported package (unless that package is
     * open to {@code dev.suitkaise.function}). A lookup with full privileges also lets fully bound
     * calls run through a generated class. It stays in this process: a function that travels uses
     * the receiving side's access.
     *
     * @param lookup the lookup
     * @return this builder
     */
    public SKFunctionBuilder<R> lookup(MethodHandles.Lookup lookup) {
        this.lookup = Objects.requireNonNull(lookup, "lookup");
        return this;
    }

    /**
     * Binds the next positional argument: positional arguments fill the parameters not bound by
     * name, in declaration order.
     *
     * @param value the value (null for a reference parameter)
     * @return this builder
     */
    public SKFunctionBuilder<R> arg(Object value) {
        positional.add(value);
        return this;
    }

    /**
     * Binds an argument by parameter name.
     *
     * @param parameter the parameter's name
     * @param value the value (null for a reference parameter)
     * @return this builder
     */
    public SKFunctionBuilder<R> arg(String parameter, Object value) {
        Objects.requireNonNull(parameter, "parameter");
        if (named.containsKey(parameter)) {
            throw new SKFunctionException(name, "Parameter '" + parameter + "' of function '" + currentName()
                    + "' is bound twice (" + named.get(parameter) + ", then " + value + "); bind it once.");
        }
        named.put(parameter, value);
        return this;
    }

    /**
     * Binds several arguments by parameter name.
     *
     * @param arguments values by parameter name
     * @return this builder
     */
    public SKFunctionBuilder<R> args(Map<String, ?> arguments) {
        Objects.requireNonNull(arguments, "args: arguments is null").forEach(this::arg);
        return this;
    }

    /**
     * Names the target's parameters explicitly (one name each, in order), for classes compiled
     * without {@code -parameters} or to use other names. The names travel with the function.
     *
     * @param names the names, none of them null
     * @return this builder
     * @throws NullPointerException naming the position of a null name
     */
    public SKFunctionBuilder<R> parameterNames(String... names) {
        Objects.requireNonNull(names, "parameterNames: names is null");
        for (int i = 0; i < names.length; i++) {
            if (names[i] == null) {
                throw new NullPointerException("parameterNames: the name of parameter #" + (i + 1) + " (of " + names.length
                        + ") is null; give every parameter a name, in declaration order.");
            }
        }
        this.parameterNames = List.of(names);
        return this;
    }

    /**
     * The function's name (also its registry key with {@link #buildAndRegister()}).
     *
     * @param name a non-blank name without surrounding white space
     * @return this builder
     */
    public SKFunctionBuilder<R> name(String name) {
        this.name = checkName(name);
        return this;
    }

    /**
     * The function's description.
     *
     * @param description the text
     * @return this builder
     */
    public SKFunctionBuilder<R> description(String description) {
        this.description = Objects.requireNonNull(description, "description");
        return this;
    }

    /**
     * Adds a metadata entry.
     *
     * @param key the key
     * @param value the value, not null; serializable if the function is to travel
     * @return this builder
     */
    public SKFunctionBuilder<R> metadata(String key, Object value) {
        Objects.requireNonNull(value, "metadata: value is null; leave the entry out instead");
        metadata.put(Objects.requireNonNull(key, "key"), value);
        return this;
    }

    /**
     * Whether the function records {@linkplain SKFunction#metrics() metrics}; the default is
     * {@link SKFunctions#metricsDefault()}.
     *
     * @param enabled whether to record
     * @return this builder
     */
    public SKFunctionBuilder<R> metrics(boolean enabled) {
        this.metrics = enabled;
        return this;
    }

    /**
     * Builds the function, resolving the target and checking every bound argument now.
     *
     * @return the function ({@link SKLambda} for a lambda target)
     * @throws SKFunctionException if no target was set, the target cannot be accessed, an argument
     *     does not fit its parameter (the message names it), or the result type does not fit
     *     the type given to {@link SKFunction#builder(Class)}
     */
    public SKFunction<R> build() {
        if (target == null) {
            throw new SKFunctionException(name, "Function '" + currentName() + "' has no target; call target(...) or"
                    + " constructor(...) on the builder before build().");
        }
        TargetRef ref = parameterNames.isEmpty() ? target : target.withParameterNames(parameterNames);
        String fnName = name != null ? name : defaultName(ref);
        Spec spec = new Spec(ref, positional, named, fnName, description, metadata, Modifiers.NONE,
                metrics != null ? metrics : SKFunctions.metricsDefault());
        SKFunction<R> fn = ref.kind() == TargetKind.LAMBDA ? new SKLambda<>(spec, lookup, Principals.NONE, true)
                : new SKFunction<>(spec, lookup, creator, true);
        if (expected != null && ref.kind() != TargetKind.LAMBDA) {
            Class<?> actual = fn.returnType();
            if (!Binder.wrap(expected).isAssignableFrom(Binder.wrap(actual))) {
                throw new SKFunctionException(fnName, "Function '" + fnName + "' returns " + actual.getName()
                        + ", which is not a " + expected.getName() + " as the builder was told; fix the target or"
                        + " the type given to SKFunction.builder(...).");
            }
        }
        return fn;
    }

    /**
     * Builds the function and registers it under its name in the
     * {@link dev.suitkaise.reg.Domain#GLOBAL} registry.
     *
     * @return the registered function
     * @throws dev.suitkaise.reg.SKRegException if the name is taken
     */
    public SKFunction<R> buildAndRegister() {
        return buildAndRegister(SKFunctionReg.global());
    }

    /**
     * Builds the function and registers it under its name in a registry.
     *
     * @param registry the registry
     * @return the registered function
     * @throws dev.suitkaise.reg.SKRegException if the name is taken
     */
    public SKFunction<R> buildAndRegister(SKFunctionReg registry) {
        Objects.requireNonNull(registry, "buildAndRegister: registry is null");
        SKFunction<R> fn = build();
        return fn.register(registry, fn.name(), OnDuplicate.RAISE);
    }

    private String currentName() {
        return name != null ? name : target != null ? defaultName(target) : "(unnamed)";
    }

    /** The name a function of a constructor of {@code type} has (its given name, else the default one). */
    private String constructorName(Class<?> type) {
        // getTypeName() is the same as getName() but for arrays: String[], not [Ljava.lang.String;
        return name != null ? name : simpleName(type.getTypeName()) + ".new";
    }

    static String defaultName(TargetRef ref) {
        String simple = simpleName(ref.className());
        return switch (ref.kind()) {
            case CONSTRUCTOR -> simple + ".new";
            case LAMBDA -> LambdaNames.nameOf(ref.lambda());
            default -> simple + "." + ref.memberName();
        };
    }

    /** A class name without its package and enclosing classes: what follows its last '.' or '$'. */
    private static String simpleName(String className) {
        return className.substring(Math.max(className.lastIndexOf('.'), className.lastIndexOf('$')) + 1);
    }

    static String checkName(String name) {
        Objects.requireNonNull(name, "name");
        if (name.isBlank() || !name.equals(name.strip())) {
            throw new IllegalArgumentException("Function name '" + name
                    + "' must not be blank or have surrounding white space.");
        }
        return name;
    }
}
