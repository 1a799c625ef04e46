package dev.suitkaise.process;

import java.io.Serial;

/**
 * The base of sk-process's exceptions: something about a child process failed. Messages say
 * what failed, in which process (name and pid), and what to do.
 */
public class SKProcessException extends RuntimeException {
    @Serial
    private static final long serialVersionUID = 1L;

    /**
     * Creates an exception.
     *
     * @param message what failed, where, and what to do
     */
    public SKProcessException(String message) {
        super(message);
    }

    /**
     * Creates an exception with a cause.
     *
     * @param message what failed, where, and what to do
     * @param cause the underlying failure
     */
    public SKProcessException(String message, Throwable cause) {
        super(message, cause);
    }
}
