package dev.suitkaise.function;

import java.util.Objects;

/**
 * One parameter of a function's target.
 *
 * @param index the 0-based position among the target's parameters (the receiver of an instance
 *     method is not a parameter)
 * @param name the name: from the class file when compiled with {@code -parameters}, given to the
 *     builder with {@link SKFunctionBuilder#parameterNames(String...)}, else {@code arg0}, {@code arg1}, ...
 * @param type the declared type
 */
public record FunctionParameter(int index, String name, Class<?> type) {

    /**
     * Checks the components.
     *
     * @param index the position
     * @param name the name
     * @param type the type
     */
    public FunctionParameter {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
    }

    @Override
    public String toString() {
        return type.getSimpleName() + " " + name;
    }
}
