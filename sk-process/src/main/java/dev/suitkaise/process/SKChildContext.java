package dev.suitkaise.process;

import dev.suitkaise.process.internal.ChildRuntime;
import dev.suitkaise.reg.Domain;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * The child's own side of an {@link SKProcess}, from {@link SKProcess#current()} inside a child
 * JVM: its name and domain, its parent, and plain messages to and from the parent. Thread-safe.
 */
public final class SKChildContext {

    private final ChildRuntime runtime;

    SKChildContext(ChildRuntime runtime) {
        this.runtime = runtime;
    }

    /**
     * The process's name, as its manager knows it.
     *
     * @return the name
     */
    public String name() {
        return runtime.name();
    }

    /**
     * The domain of the manager that started this child.
     *
     * @return INTERNAL or EXTERNAL
     */
    public Domain domain() {
        return Domain.valueOf(runtime.domain());
    }

    /**
     * This JVM's pid.
     *
     * @return the pid
     */
    public long pid() {
        return ProcessHandle.current().pid();
    }

    /**
     * The parent JVM's pid.
     *
     * @return the pid
     */
    public long parentPid() {
        return runtime.parentPid();
    }

    /**
     * The program's commander, reached through the parent (see {@link SKProcessCommander#current()}).
     *
     * @return the commander
     */
    public SKProcessCommander commander() {
        return SKProcessCommander.current();
    }

    /**
     * Sends a plain message to the parent, where {@link SKProcess#listen(Duration)} takes it.
     * Never blocks.
     *
     * @param message the message; it travels through sk-cereal
     * @throws SKProcessException if it cannot be serialized or the channel to the parent is closed
     */
    public void tell(Object message) {
        runtime.tell(Objects.requireNonNull(message, "message"));
    }

    /**
     * Takes the next plain message the parent sent with {@link SKProcess#tell(Object)}, waiting at
     * most {@code timeout}.
     *
     * @param timeout the bound
     * @return the message, or empty if none arrived in time
     * @throws SKProcessException if the calling thread is interrupted (its flag is set again)
     */
    public Optional<Object> listen(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        try {
            return Optional.ofNullable(runtime.listen(timeout));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SKProcessException("Interrupted while process '" + name() + "' listened to its parent.", e);
        }
    }

    @Override
    public String toString() {
        return "SKChildContext[" + name() + ", pid " + pid() + ", parent " + parentPid() + "]";
    }
}
