package dev.suitkaise.cereal;

import java.io.Serial;
import java.util.Objects;

/**
 * Thrown when the input of the internal codec names a class that its allow-list refuses (see
 * {@link InternalCereal}): the input was refused before any code of that class ran. Code that
 * builds the codecs of both ends itself (sk-process does, for its children) can catch it to give
 * the remedy that applies there; the message gives the remedies of a codec built with
 * {@link InternalCereal#builder()}.
 */
public class SKCerealClassNotAllowedException extends SKCerealException {
    @Serial
    private static final long serialVersionUID = 1L;

    /** The refused class's name. */
    private final String className;

    /**
     * Creates an exception.
     *
     * @param className the binary name of the refused class
     * @param message what failed and what to do
     */
    public SKCerealClassNotAllowedException(String className, String message) {
        super(Objects.requireNonNull(message, "SKCerealClassNotAllowedException: message is null"));
        this.className = Objects.requireNonNull(className, "SKCerealClassNotAllowedException: className is null");
    }

    /**
     * Creates an exception with a cause.
     *
     * @param className the binary name of the refused class
     * @param message what failed and what to do
     * @param cause the underlying failure (Java serialization's, for a class met inside Java-serialized
     *     data), or null
     */
    public SKCerealClassNotAllowedException(String className, String message, Throwable cause) {
        super(Objects.requireNonNull(message, "SKCerealClassNotAllowedException: message is null"), cause);
        this.className = Objects.requireNonNull(className, "SKCerealClassNotAllowedException: className is null");
    }

    /**
     * The binary name of the class the allow-list refused.
     *
     * @return the class name
     */
    public String className() {
        return className;
    }
}
