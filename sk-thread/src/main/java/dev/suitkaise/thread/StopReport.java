package dev.suitkaise.thread;

import java.time.Duration;
import java.util.List;

/**
 * What {@link SKThreader#stopAll(Duration)} achieved. Immutable; the lists hold names and are
 * unmodifiable.
 *
 * @param stoppedCleanly threads and workers that ended within the grace after being asked to stop
 * @param stoppedByInterrupt those that ended only after being interrupted (a worker: after its
 *                           pending tasks were rejected and its running task interrupted)
 * @param notFinished those still running when {@code stopAll} returned: their bodies ignore stop
 *                    requests and interrupts; they are still listed by {@link SKThreader#threads()}.
 *                    In the report of a {@link SKThreader#shutdown(Duration)} call that returned without
 *                    waiting for the shutdown in progress: every thread and worker not yet ended then
 * @param elapsed how long {@code stopAll} (or that shutdown call) took
 */
public record StopReport(List<String> stoppedCleanly, List<String> stoppedByInterrupt, List<String> notFinished,
                         Duration elapsed) {

    /**
     * Copies the lists.
     *
     * @throws NullPointerException if an argument is null
     */
    public StopReport {
        stoppedCleanly = List.copyOf(java.util.Objects.requireNonNull(stoppedCleanly, "StopReport: stoppedCleanly is null"));
        stoppedByInterrupt = List.copyOf(java.util.Objects.requireNonNull(stoppedByInterrupt,
                "StopReport: stoppedByInterrupt is null"));
        notFinished = List.copyOf(java.util.Objects.requireNonNull(notFinished, "StopReport: notFinished is null"));
        java.util.Objects.requireNonNull(elapsed, "elapsed");
    }

    /**
     * Tells whether everything ended.
     *
     * @return true if {@link #notFinished()} is empty
     */
    public boolean allStopped() {
        return notFinished.isEmpty();
    }
}
