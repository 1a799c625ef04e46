package dev.suitkaise.cycle;

/**
 * A part's output was rejected by its validator, or a piped input by the pipe's validator on arrival.
 * Counts as a failure of the part and is handled by its error mode.
 */
public final class CycleValidationException extends CycleException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message which part, which value and which validator
     */
    public CycleValidationException(String message) {
        super(message);
    }
}
