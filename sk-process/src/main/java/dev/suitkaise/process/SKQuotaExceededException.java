package dev.suitkaise.process;

import java.io.Serial;

/**
 * A spawn would exceed the program's process budget or its domain's quota (see
 * {@link SKProcessCommander}). Under {@link QuotaPolicy#WAIT} it is thrown once the maximum wait
 * has passed without a slot freeing.
 */
public class SKQuotaExceededException extends SKProcessException {
    @Serial
    private static final long serialVersionUID = 1L;

    /**
     * Creates an exception.
     *
     * @param message which budget or quota, how much is used, and what to do
     */
    public SKQuotaExceededException(String message) {
        super(message);
    }
}
