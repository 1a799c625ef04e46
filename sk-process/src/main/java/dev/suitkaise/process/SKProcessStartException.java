package dev.suitkaise.process;

import java.io.Serial;

/**
 * A child JVM could not be started: the launch failed, the child did not connect back in time,
 * it exited early, or one of its init functions failed; or the process was stopped while it
 * started, or its spawn was ended by {@link SKProcessManager#shutdownAll} while it waited for
 * its slot. The message carries the child's last stderr lines or the init function's error, or
 * says what stopped it.
 */
public class SKProcessStartException extends SKProcessException {
    @Serial
    private static final long serialVersionUID = 1L;

    /**
     * Creates an exception.
     *
     * @param message what failed, where, and what to do
     * @param cause the underlying failure, or null
     */
    public SKProcessStartException(String message, Throwable cause) {
        super(message, cause);
    }
}
