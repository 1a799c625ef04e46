package dev.suitkaise.process;

import java.io.Serial;

/**
 * A task outlived its timeout: its future fails with this exception and the task is interrupted
 * in the child. A blocking call that outlived its bound also throws it.
 */
public class SKProcessTimeoutException extends SKProcessException {
    @Serial
    private static final long serialVersionUID = 1L;

    /**
     * Creates an exception.
     *
     * @param message what timed out, where, and what to do
     */
    public SKProcessTimeoutException(String message) {
        super(message);
    }
}
