package dev.suitkaise.cycle;

/**
 * Base of the cycle engine's exceptions.
 */
public class CycleException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what was wrong, where, and what to do
     */
    public CycleException(String message) {
        super(message);
    }

    /**
     * Creates the exception with a cause.
     *
     * @param message what was wrong, where, and what to do
     * @param cause the cause
     */
    public CycleException(String message, Throwable cause) {
        super(message, cause);
    }
}
