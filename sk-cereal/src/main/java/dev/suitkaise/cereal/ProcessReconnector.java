package dev.suitkaise.cereal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.CompletableFuture;

/**
 * A running {@link Process} after it travelled through the internal codec: it remembers the
 * original's command line (as reported by {@link ProcessHandle.Info}) and is not running.
 * {@link #reconnect(Map)} starts the same command again, with the credentials added to its
 * environment, and from then on this object stands for the new process. Before that, the stream,
 * wait and exit methods throw {@link IllegalStateException}. The original's environment and working
 * directory are not carried (the JDK does not report them); the new process inherits this
 * process's.
 *
 * <p><b>Trust.</b> {@link #reconnect(Map)} runs the command line that arrived in the message; call
 * it only for messages from a trusted peer (Suitkaise's own processes) and check {@link #command()}
 * first if in doubt. Deserialization itself never starts anything.
 */
public final class ProcessReconnector extends Process implements Reconnector<Process> {

    private final ReentrantLock lock = new ReentrantLock();
    private final List<String> command;
    private volatile Process process;

    /**
     * Creates a reconnector for a command line.
     *
     * @param command the program and its arguments
     * @throws NullPointerException if {@code command} or one of its elements is null
     */
    public ProcessReconnector(List<String> command) {
        this.command = List.copyOf(Objects.requireNonNull(command, "ProcessReconnector: command is null"));
        if (this.command.isEmpty()) {
            throw new IllegalArgumentException("A process command must not be empty");
        }
    }

    /**
     * The command line that {@link #reconnect(Map)} starts.
     *
     * @return the program and its arguments
     */
    public List<String> command() {
        return command;
    }

    @Override
    public String target() {
        return String.join(" ", command);
    }

    @Override
    public Process reconnect(Map<String, String> credentials) {
        Objects.requireNonNull(credentials, "credentials");
        lock.lock();
        try {
            return connect(credentials);
        } finally {
            lock.unlock();
        }
    }

    private Process connect(Map<String, String> credentials) {
        Process current = process;
        if (current != null && current.isAlive()) {
            return this;
        }
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().putAll(credentials);
        try {
            process = builder.start();
            return this;
        } catch (IOException e) {
            throw new SKCerealException("Cannot restart the process '" + target() + "': " + e
                    + ". The program must exist at the same path in this process's environment.", e);
        }
    }

    private Process live() {
        Process p = process;
        if (p == null) {
            throw new IllegalStateException("The process '" + target() + "' arrived through the internal codec and was"
                    + " not restarted yet: call reconnect() first.");
        }
        return p;
    }

    @Override
    public OutputStream getOutputStream() {
        return live().getOutputStream();
    }

    @Override
    public InputStream getInputStream() {
        return live().getInputStream();
    }

    @Override
    public InputStream getErrorStream() {
        return live().getErrorStream();
    }

    @Override
    public int waitFor() throws InterruptedException {
        return live().waitFor();
    }

    @Override
    public int exitValue() {
        return live().exitValue();
    }

    @Override
    public void destroy() {
        Process p = process;
        if (p != null) {
            p.destroy();
        }
    }

    @Override
    public Process destroyForcibly() {
        Process p = process;
        if (p != null) {
            p.destroyForcibly();
        }
        return this;
    }

    @Override
    public boolean isAlive() {
        Process p = process;
        return p != null && p.isAlive();
    }

    @Override
    public long pid() {
        return live().pid();
    }

    @Override
    public ProcessHandle toHandle() {
        return live().toHandle();
    }

    @Override
    public CompletableFuture<Process> onExit() {
        return live().onExit().thenApply(p -> this);
    }
}
