package dev.suitkaise.function;

import java.io.Serial;
import java.time.Duration;
import java.util.Objects;

/**
 * Thrown when one attempt of a function with a {@linkplain SKFunction#timeout(Duration) timeout}
 * runs longer than allowed. The attempt's thread was interrupted when this was thrown.
 */
public final class SKFunctionTimeoutException extends SKFunctionException {
    @Serial
    private static final long serialVersionUID = 1L;

    /** The timeout that ran out. */
    private final Duration timeout;

    /**
     * Creates a timeout exception.
     *
     * @param functionName the function's name
     * @param timeout the per-attempt timeout that ran out
     */
    public SKFunctionTimeoutException(String functionName, Duration timeout) {
        super(functionName, "Function '" + functionName + "' did not finish within its timeout of " + timeout
                + " (per attempt); its thread was interrupted. Raise the timeout or make the body return sooner.");
        this.timeout = Objects.requireNonNull(timeout, "SKFunctionTimeoutException: timeout is null");
    }

    /**
     * The timeout that ran out.
     *
     * @return the per-attempt timeout
     */
    public Duration timeout() {
        return timeout;
    }
}
