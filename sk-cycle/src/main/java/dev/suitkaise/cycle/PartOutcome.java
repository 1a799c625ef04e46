package dev.suitkaise.cycle;

/**
 * How a part ended in a run.
 */
public enum PartOutcome {
    /** The function returned and its output was accepted. */
    SUCCEEDED,
    /** The part failed (exception or rejected output) under a failing mode. */
    FAILED,
    /** The part was skipped: its condition (or an ancestor's) did not hold, or it failed under skip. */
    SKIPPED,
    /** The part failed and its fallback value became its output. */
    FALLBACK,
    /** The part's timeout ran out; it was interrupted. */
    TIMED_OUT,
    /** The part did not start: a dependency did not let it, or the run stopped first. */
    NOT_RUN,
    /** The part was running when the run was stopped (instant fail, run timeout, interrupt); it was interrupted. */
    CANCELLED
}
