package dev.suitkaise.cycle;

/**
 * The verdict on a whole run.
 */
public enum RunStatus {
    /** No part put the run in error. */
    OK,
    /** A part failed under a mode that puts the run in error. */
    ERROR,
    /** The run was stopped from outside: its run timeout ran out or the caller was interrupted. */
    CANCELLED
}
