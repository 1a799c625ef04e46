package dev.suitkaise.process;

import java.io.Serial;
import java.util.List;
import java.util.Objects;

/**
 * The child JVM running a task died before the task finished (a crash, {@code kill -9},
 * {@code System.exit}, or being killed for not answering heartbeats). Every task pending in that
 * JVM fails with one of these.
 */
public class SKProcessCrashedException extends SKProcessException {
    @Serial
    private static final long serialVersionUID = 1L;

    /** The process's name. */
    private final String processName;
    /** The dead JVM's pid. */
    private final long pid;
    /** The dead JVM's exit code. */
    private final int exitCode;
    /** The dead JVM's last stderr lines, oldest first. */
    private final String[] lastStderr;

    /**
     * Creates an exception.
     *
     * @param message the full message
     * @param processName the process's name
     * @param pid the dead JVM's pid
     * @param exitCode its exit code (128 + signal number when killed by a signal)
     * @param lastStderr its last stderr lines, oldest first
     */
    public SKProcessCrashedException(String message, String processName, long pid, int exitCode, List<String> lastStderr) {
        super(message);
        this.processName = Objects.requireNonNull(processName, "SKProcessCrashedException: processName is null");
        this.pid = pid;
        this.exitCode = exitCode;
        this.lastStderr = Objects.requireNonNull(lastStderr, "SKProcessCrashedException: lastStderr is null; pass"
                + " List.of() for none").toArray(String[]::new);
    }

    /**
     * The process's name.
     *
     * @return the name
     */
    public String processName() {
        return processName;
    }

    /**
     * The pid of the JVM that died.
     *
     * @return the pid
     */
    public long pid() {
        return pid;
    }

    /**
     * The exit code of the JVM that died: its {@code System.exit} status, or 128 plus the signal
     * number when a signal killed it (137 for {@code kill -9}).
     *
     * @return the exit code
     */
    public int exitCode() {
        return exitCode;
    }

    /**
     * The last lines the JVM wrote to stderr before it died.
     *
     * @return the lines, oldest first
     */
    public List<String> lastStderr() {
        return List.of(lastStderr);
    }
}
