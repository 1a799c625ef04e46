/**
 * The cycle API. A {@link dev.suitkaise.cycle.CyclePart} says what to run, where (a pooled thread, a
 * component worker, or a managed child process: {@link dev.suitkaise.cycle.Where}), how to treat its
 * errors and its timeout; a {@link dev.suitkaise.cycle.CycleBuilder} places parts in a tree of slots
 * addressed by (level, position) following the slot rules, and adds sync settings for the whole cycle or
 * one split (level barrier, parallel, independent branches, sequential, pipeline, conditional, rate
 * limit: see {@link dev.suitkaise.cycle.SyncMode}); {@link dev.suitkaise.cycle.Cycle#runOnce()} runs the
 * tree and returns a {@link dev.suitkaise.cycle.CycleRun} with every part's outcome, attempts, timing
 * and output, and {@link dev.suitkaise.cycle.Cycle#start()} runs it continuously under a
 * {@link dev.suitkaise.cycle.CycleHandle}. {@link dev.suitkaise.cycle.CycleListener}s hear parts and runs
 * as they end. Built cycles and parts can be registered by name in a {@link dev.suitkaise.cycle.CycleReg}.
 *
 * <p>No parameter of this package accepts null unless its documentation says so (as for a fallback
 * value or a run's limit); a null argument elsewhere throws a {@link NullPointerException} whose
 * message names the parameter.
 */
package dev.suitkaise.cycle;
