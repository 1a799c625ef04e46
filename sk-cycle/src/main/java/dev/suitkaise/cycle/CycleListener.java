package dev.suitkaise.cycle;

/**
 * Told about the parts and runs of a cycle as they end: register one with
 * {@link Cycle#addListener(CycleListener)} (every run of the cycle) or
 * {@link CycleHandle#addListener(CycleListener)} (the runs of one continuous handle).
 *
 * <p>Calls come on the thread that runs the cycle (the caller of {@link Cycle#runOnce()}, or a loop
 * thread of a {@link CycleHandle}), one at a time per run; they must be quick and must not block, as
 * the run waits for them. An exception or error a listener throws is logged at WARN and ignored. Both methods
 * do nothing by default.
 */
public interface CycleListener {

    /**
     * A part of a run ended (in any outcome, also NOT_RUN).
     *
     * @param cycleName the cycle's name
     * @param iteration the run's number (under independent sync, the branch's)
     * @param part the part's record
     */
    default void partEnded(String cycleName, long iteration, PartResult part) {
    }

    /**
     * A run ended.
     *
     * @param run the run's record
     */
    default void runEnded(CycleRun run) {
    }
}
