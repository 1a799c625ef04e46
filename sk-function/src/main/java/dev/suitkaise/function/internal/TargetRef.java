package dev.suitkaise.function.internal;

import dev.suitkaise.function.FunctionTarget;
import dev.suitkaise.function.TargetKind;

import java.io.Serial;
import java.io.Serializable;
import java.util.List;
import java.util.Objects;

/**
 * A function's target as plain data, the form in which it travels: class name, member name and
 * descriptor for methods and constructors (plus the receiver of an instance method), the lambda
 * object itself for lambdas (codecs carry it as its {@link java.lang.invoke.SerializedLambda}).
 *
 * @param kind the kind
 * @param className binary name of the declaring class
 * @param memberName method name or {@code <init>}
 * @param descriptor JVM method descriptor (empty for lambdas)
 * @param receiver the bound receiver of an instance method, else null
 * @param lambda the lambda object for {@link TargetKind#LAMBDA}, else null
 * @param parameterNames explicit parameter names, or empty to read them from the class file
 */
public record TargetRef(TargetKind kind, String className, String memberName, String descriptor, Object receiver,
                        Object lambda, List<String> parameterNames) implements Serializable {

    @Serial
    private static final long serialVersionUID = 1L;

    /**
     * Checks the components.
     *
     * @param kind the kind
     * @param className the class
     * @param memberName the member
     * @param descriptor the descriptor
     * @param receiver the receiver
     * @param lambda the lambda
     * @param parameterNames the explicit names
     */
    public TargetRef {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(className, "className");
        Objects.requireNonNull(memberName, "memberName");
        Objects.requireNonNull(descriptor, "descriptor");
        parameterNames = List.copyOf(parameterNames);
    }

    /**
     * The public, data-only description.
     *
     * @return the target without receiver or lambda object
     */
    public FunctionTarget describe() {
        return new FunctionTarget(kind, className, memberName, descriptor);
    }

    /**
     * Whether this and another reference call the same callable: the same member of the same
     * class (and the same receiver object for instance methods), or the same lambda object.
     *
     * @param other the other reference
     * @return true if they name the same callable
     */
    public boolean sameCallable(TargetRef other) {
        if (kind != other.kind) {
            return false;
        }
        return switch (kind) {
            case LAMBDA -> lambda == other.lambda;
            case INSTANCE_METHOD -> receiver == other.receiver && describe().equals(other.describe());
            default -> describe().equals(other.describe());
        };
    }

    /**
     * A copy with explicit parameter names.
     *
     * @param names the names
     * @return the copy
     */
    public TargetRef withParameterNames(List<String> names) {
        return new TargetRef(kind, className, memberName, descriptor, receiver, lambda, names);
    }
}
