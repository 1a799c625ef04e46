package dev.suitkaise.function;

/**
 * What a stored function calls.
 */
public enum TargetKind {
    /** A static method, described by declaring class, name and descriptor. */
    STATIC_METHOD,
    /** An instance method with its receiver bound, described by declaring class, name and descriptor. */
    INSTANCE_METHOD,
    /** A constructor, described by its class and descriptor; the result is the new instance. */
    CONSTRUCTOR,
    /** A lambda or method reference implementing {@link AnyFunction} (or a wrapped {@code Callable}, {@code Supplier}, {@code Runnable}). */
    LAMBDA
}
