package dev.suitkaise.function;

import java.util.Objects;

/**
 * A function's target as data: enough to find the same callable in another JVM that has the
 * same classes. For methods and constructors this is the declaring class's binary name, the
 * member name ({@code <init>} for constructors) and the JVM method descriptor; for lambdas it
 * is the lambda's class name and an empty descriptor (a lambda travels as its
 * {@link java.lang.invoke.SerializedLambda}).
 *
 * @param kind what kind of callable
 * @param className the binary name of the declaring class (for lambdas, of the lambda's class)
 * @param memberName the method name, {@code <init>} for a constructor, {@code call} for a lambda
 * @param descriptor the JVM method descriptor, e.g. {@code (II)I}; empty for lambdas
 */
public record FunctionTarget(TargetKind kind, String className, String memberName, String descriptor) {

    /**
     * Checks the components.
     *
     * @param kind what kind of callable
     * @param className the declaring class
     * @param memberName the member name
     * @param descriptor the descriptor
     */
    public FunctionTarget {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(className, "className");
        Objects.requireNonNull(memberName, "memberName");
        Objects.requireNonNull(descriptor, "descriptor");
    }

    @Override
    public String toString() {
        return kind == TargetKind.LAMBDA ? "lambda " + className : className + "." + memberName + descriptor;
    }
}
