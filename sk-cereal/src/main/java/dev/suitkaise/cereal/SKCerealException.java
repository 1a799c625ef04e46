package dev.suitkaise.cereal;

import java.io.Serial;

/**
 * Thrown when an object cannot be serialized or bytes cannot be deserialized. The message says
 * what failed, where in the object graph (an object path such as {@code root.workers[2].lock}),
 * and what to do. Every failure of a codec surfaces as this exception, including truncated,
 * corrupted or hostile input.
 */
public class SKCerealException extends RuntimeException {
    @Serial
    private static final long serialVersionUID = 1L;

    /**
     * Creates an exception.
     *
     * @param message what failed, where, and what to do
     */
    public SKCerealException(String message) {
        super(message);
    }

    /**
     * Creates an exception with a cause.
     *
     * @param message what failed, where, and what to do
     * @param cause the underlying failure
     */
    public SKCerealException(String message, Throwable cause) {
        super(message, cause);
    }
}
