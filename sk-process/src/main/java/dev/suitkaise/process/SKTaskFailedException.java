package dev.suitkaise.process;

import java.io.Serial;
import java.util.List;
import java.util.Objects;

/**
 * A task threw in the child. The message names the process, the exception's class and message;
 * the cause is the original exception when it could travel back through sk-cereal (its class must
 * be allowed), and {@link #remoteStackTrace()} has the child's stack trace either way. A function
 * the child could not read never ran: that fails with a plain {@link SKProcessException}.
 */
public class SKTaskFailedException extends SKProcessException {
    @Serial
    private static final long serialVersionUID = 1L;

    /** The class name of the exception the task threw. */
    private final String remoteClassName;
    /** The child's stack trace, one frame a line. */
    private final String[] remoteStackTrace;

    /**
     * Creates an exception.
     *
     * @param message the full message
     * @param remoteClassName the class name of the exception thrown in the child
     * @param remoteStackTrace the child's stack trace, one frame a line
     * @param cause the original exception, or null if it could not travel
     */
    public SKTaskFailedException(String message, String remoteClassName, List<String> remoteStackTrace, Throwable cause) {
        super(message, cause);
        this.remoteClassName = Objects.requireNonNull(remoteClassName, "SKTaskFailedException: remoteClassName is null");
        this.remoteStackTrace = Objects.requireNonNull(remoteStackTrace, "SKTaskFailedException: remoteStackTrace is"
                + " null; pass List.of() for none").toArray(String[]::new);
    }

    /**
     * The class name of the exception the task threw in the child.
     *
     * @return the binary class name
     */
    public String remoteClassName() {
        return remoteClassName;
    }

    /**
     * The child's stack trace of the failure.
     *
     * @return one frame a line, innermost first
     */
    public List<String> remoteStackTrace() {
        return List.of(remoteStackTrace);
    }
}
