package dev.suitkaise.cycle;

/**
 * A part's timeout ran out. Recorded as the part's error; the part was interrupted (and abandoned if
 * it ignored the interrupt).
 */
public final class CycleTimeoutException extends CycleException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message which part and which timeout
     */
    public CycleTimeoutException(String message) {
        super(message);
    }
}
