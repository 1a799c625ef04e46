package dev.suitkaise.cycle;

/**
 * How the parts of a whole cycle wait for each other, on top of "a part runs after its parent".
 */
public enum SyncMode {
    /** Branches are independent within a run: a part waits only for its parent and its explicit edges. */
    PARALLEL,
    /** A barrier per level: no part of level L+1 starts before every part of levels 1..L has ended. */
    LEVEL
}
