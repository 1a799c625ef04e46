package dev.suitkaise.function;

import java.io.Serial;

/**
 * Thrown when a stored function cannot be built, bound, resolved or run, and around checked
 * exceptions thrown by a function's body during {@link SKFunction#execute()}. The message names
 * the function and, where it applies, the parameter, and says what to do.
 */
public class SKFunctionException extends RuntimeException {
    @Serial
    private static final long serialVersionUID = 1L;

    /** The function's name, or null when the failure happened before it had one. */
    private final String functionName;

    /**
     * Creates an exception.
     *
     * @param functionName the function's name (may be null)
     * @param message what was wrong, where, and what to do
     */
    public SKFunctionException(String functionName, String message) {
        super(message);
        this.functionName = functionName;
    }

    /**
     * Creates an exception with a cause.
     *
     * @param functionName the function's name (may be null)
     * @param message what was wrong, where, and what to do
     * @param cause the underlying failure
     */
    public SKFunctionException(String functionName, String message, Throwable cause) {
        super(message, cause);
        this.functionName = functionName;
    }

    /**
     * The name of the function that failed.
     *
     * @return the name, or null if the failure happened before the function had one
     */
    public String functionName() {
        return functionName;
    }
}
