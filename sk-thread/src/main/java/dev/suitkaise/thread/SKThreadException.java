package dev.suitkaise.thread;

import java.io.Serial;

/**
 * Thrown when a thread manager operation cannot be carried out: a threader that is shut down, a
 * worker asked for with a different spec, a failed initializer, a per-thread local asked for on a
 * thread no threader created. The message says what was wrong, on which thread or worker, and
 * what to do.
 */
public class SKThreadException extends RuntimeException {
    @Serial
    private static final long serialVersionUID = 1L;

    /**
     * Creates an exception with a message.
     *
     * @param message what was wrong, where, and what to do
     */
    public SKThreadException(String message) {
        super(message);
    }

    /**
     * Creates an exception with a message and a cause.
     *
     * @param message what was wrong, where, and what to do
     * @param cause the underlying failure
     */
    public SKThreadException(String message, Throwable cause) {
        super(message, cause);
    }
}
