/**
 * The cycle API. A {@link dev.suitkaise.cycle.CyclePart} says what to run, where, how to treat its
 * errors and its timeout; a {@link dev.suitkaise.cycle.CycleBuilder} places parts in a tree of slots
 * addressed by (level, position) following the slot rules, and adds sync modes (level barrier,
 * sequential, pipeline, conditional, rate limit); {@link dev.suitkaise.cycle.Cycle#runOnce()} runs the
 * tree and returns a {@link dev.suitkaise.cycle.CycleRun} with every part's outcome, attempts, timing
 * and output. Built cycles and parts can be registered by name in a {@link dev.suitkaise.cycle.CycleReg}.
 */
package dev.suitkaise.cycle;
