package dev.suitkaise.root;

import java.io.Serial;

/**
 * Thrown when sk-root cannot do what was asked: no project root could be detected, a path or
 * URI cannot be named under a root, a directory cannot be read, or a code location cannot be
 * identified. The message says what went wrong, where, and what to do about it.
 */
public class SKRootException extends RuntimeException {

    @Serial
    private static final long serialVersionUID = 1L;

    /**
     * Creates an exception with a message.
     *
     * @param message what went wrong, where, and what to do
     */
    public SKRootException(String message) {
        super(message);
    }

    /**
     * Creates an exception with a message and a cause.
     *
     * @param message what went wrong, where, and what to do
     * @param cause the underlying failure
     */
    public SKRootException(String message, Throwable cause) {
        super(message, cause);
    }
}
