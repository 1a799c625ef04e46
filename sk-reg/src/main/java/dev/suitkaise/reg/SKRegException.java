package dev.suitkaise.reg;

import java.io.Serial;

/**
 * Thrown when a registry or global-storage operation cannot be carried out: a missing key, a
 * duplicate under {@link OnDuplicate#RAISE}, a bad key, a failed snapshot. The message says
 * what was wrong, where, and what to do.
 */
public class SKRegException extends RuntimeException {
    @Serial
    private static final long serialVersionUID = 1L;

    /**
     * Creates an exception with a message.
     *
     * @param message what was wrong, where, and what to do
     */
    public SKRegException(String message) {
        super(message);
    }

    /**
     * Creates an exception with a message and a cause.
     *
     * @param message what was wrong, where, and what to do
     * @param cause the underlying failure
     */
    public SKRegException(String message, Throwable cause) {
        super(message, cause);
    }
}
