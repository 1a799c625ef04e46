package dev.suitkaise.process;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * A snapshot of a process's counters.
 *
 * @param pid the current child's pid, or -1 while none runs
 * @param tasksDone tasks that returned a result, over the handle's lifetime
 * @param tasksFailed tasks that failed (threw, timed out, were cancelled by their caller, or died with their JVM)
 * @param restarts how many times the child was relaunched after a crash
 * @param uptime how long the current child JVM has run; zero while none runs
 * @param lastHeartbeat when the current child last answered a heartbeat, or null if it has not yet
 * @param heapUsed the child's used heap in bytes at its last heartbeat, or -1 if unknown
 * @param heapMax the child's maximum heap in bytes, or -1 if unknown
 */
public record ProcessStats(long pid, long tasksDone, long tasksFailed, int restarts, Duration uptime,
                           Instant lastHeartbeat, long heapUsed, long heapMax) {

    /**
     * Creates a snapshot.
     *
     * @param pid the child's process id
     * @param tasksDone tasks that finished
     * @param tasksFailed tasks that failed
     * @param restarts how many times the child was restarted
     * @param uptime how long the current child has run
     * @param lastHeartbeat when the current child last answered a heartbeat, or null if it has not yet
     * @param heapUsed heap in use
     * @param heapMax the heap's limit
     */
    public ProcessStats {
        Objects.requireNonNull(uptime, "ProcessStats: uptime is null");
    }
}
