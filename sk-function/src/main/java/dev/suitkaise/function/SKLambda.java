package dev.suitkaise.function;

import dev.suitkaise.function.internal.LambdaNames;
import dev.suitkaise.function.internal.Resolver;
import dev.suitkaise.function.internal.TargetRef;
import dev.suitkaise.reg.Principals;

import java.io.Serial;
import java.lang.invoke.MethodHandles;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A stored function whose target is a serializable lambda or method reference ({@link AnyFunction}).
 * It has no parameters, so it binds no arguments: capture values in the lambda instead.
 *
 * <p>Named automatically unless given a name: a method reference as {@code Type::method}, a lambda
 * as {@code CapturingClass.lambda$method$N} when its {@link java.lang.invoke.SerializedLambda} can
 * be read (the capturing class's package must be open to {@code dev.suitkaise.function}, which it
 * is on the class path), else from the lambda's class name.
 *
 * <p>To travel to another process the lambda and everything it captures must be serializable, and
 * the receiving JVM needs the capturing class (its {@code $deserializeLambda$} rebuilds the lambda).
 * Immutable and thread-safe like every {@link SKFunction}.
 *
 * @param <R> the result type
 */
public final class SKLambda<R> extends SKFunction<R> {

    @Serial
    private static final long serialVersionUID = 1L;

    SKLambda(Spec spec, MethodHandles.Lookup lookup, Principals actingFor, boolean resolveNow) {
        super(spec, lookup, actingFor, resolveNow);
    }

    /**
     * Wraps a lambda, naming it automatically.
     *
     * @param lambda the lambda or method reference
     * @param <R> the result type
     * @return the function
     */
    public static <R> SKLambda<R> of(AnyFunction<R> lambda) {
        Objects.requireNonNull(lambda, "lambda");
        return of(LambdaNames.nameOf(lambda), lambda);
    }

    /**
     * Wraps a lambda under a name.
     *
     * @param name the name
     * @param lambda the lambda or method reference
     * @param <R> the result type
     * @return the function
     */
    public static <R> SKLambda<R> of(String name, AnyFunction<R> lambda) {
        Objects.requireNonNull(lambda, "lambda");
        TargetRef ref = Resolver.refForLambda(lambda);
        Spec spec = new Spec(ref, List.of(), Map.of(), SKFunctionBuilder.checkName(name), "", Map.of(), Modifiers.NONE,
                SKFunctions.metricsDefault());
        return new SKLambda<>(spec, null, Principals.NONE, true);
    }

    /**
     * The wrapped lambda.
     *
     * @return the lambda
     */
    @SuppressWarnings("unchecked")
    public AnyFunction<R> lambda() {
        return (AnyFunction<R>) targetRef().lambda();
    }

    @Override
    SKFunction<R> derive(Spec changed) {
        return new SKLambda<>(changed, lookup(), actingFor(), true);
    }

    @Override
    int variant() {
        return LAMBDA;
    }
}
