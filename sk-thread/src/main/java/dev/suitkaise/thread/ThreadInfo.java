package dev.suitkaise.thread;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * A snapshot of one live thread or worker, from {@link SKThreader#threads()}. Immutable.
 *
 * @param name the thread's or worker's name
 * @param role whether it is a thread started with {@code start} or a component worker
 * @param kind platform or virtual
 * @param component the component name ("" for none; a worker's name is its component)
 * @param state the state when the snapshot was taken
 * @param uptime time since it was started (frozen once it reached a terminal state)
 * @param currentTask what it runs now: {@code "initializer <name>"}, {@code "body"}, or a worker
 *                    task's name; empty when idle
 * @param failures how many failures it had: 0 or 1 for a thread, failed tasks for a worker
 * @param lastFailure the last failure, if any
 * @param pending tasks waiting in a worker's mailbox (0 for a thread)
 */
public record ThreadInfo(String name, Role role, ThreadKind kind, String component, ThreadState state,
                         Duration uptime, Optional<String> currentTask, long failures,
                         Optional<Throwable> lastFailure, int pending) {

    /**
     * Creates a snapshot.
     *
     * @param name the thread's or worker's name
     * @param role whether it is a thread or a worker
     * @param kind platform or virtual
     * @param component the component name ("" for none)
     * @param state the state when the snapshot was taken
     * @param uptime time since it was started
     * @param currentTask what it runs now, if anything
     * @param failures how many failures it had
     * @param lastFailure the last failure, if any
     * @param pending tasks waiting in a worker's mailbox
     * @throws NullPointerException if an argument is null
     */
    public ThreadInfo {
        Objects.requireNonNull(name, "ThreadInfo: name is null");
        Objects.requireNonNull(role, "ThreadInfo: role is null");
        Objects.requireNonNull(kind, "ThreadInfo: kind is null");
        Objects.requireNonNull(component, "ThreadInfo: component is null; use \"\" for none");
        Objects.requireNonNull(state, "ThreadInfo: state is null");
        Objects.requireNonNull(uptime, "ThreadInfo: uptime is null");
        Objects.requireNonNull(currentTask, "ThreadInfo: currentTask is null; use Optional.empty()");
        Objects.requireNonNull(lastFailure, "ThreadInfo: lastFailure is null; use Optional.empty()");
    }

    /** What a live entry of the threader is. */
    public enum Role {
        /** A thread started with {@link SKThreader#start}. */
        THREAD,
        /** A component worker from {@link SKThreader#worker}. */
        WORKER
    }
}
