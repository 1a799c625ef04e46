package dev.suitkaise.cycle;

/**
 * How the parts of a cycle, or of one split's subtree, wait for each other, on top of "a part runs
 * after its parent". Set with {@link CycleBuilder#sync(SyncMode)} for the whole cycle or
 * {@link CycleBuilder#sync(SlotAddress, SyncMode)} for one split; a mode set for the whole cycle wins
 * over every split's mode.
 *
 * <h2>The design's sync modes and where each lives</h2>
 * <table>
 * <caption>Sync modes</caption>
 * <tr><th>mode</th><th>API</th></tr>
 * <tr><td>level</td><td>{@link #LEVEL}, cycle-wide or per split</td></tr>
 * <tr><td>parallel</td><td>{@link #PARALLEL}, the default</td></tr>
 * <tr><td>independent</td><td>{@link #INDEPENDENT}, cycle-wide or on the root's split</td></tr>
 * <tr><td>sequential</td><td>{@link CycleBuilder#after(CyclePart, CyclePart)}: a part waits for a named part</td></tr>
 * <tr><td>pipeline</td><td>{@link CycleBuilder#pipe(CyclePart, CyclePart, java.util.function.Predicate)}: an
 * output becomes another part's input, validated on arrival</td></tr>
 * <tr><td>conditional</td><td>{@link CycleBuilder#when(CyclePart, java.util.function.Predicate)} or
 * {@link CyclePart.Builder#condition}: a part and its subtree run only if the condition holds</td></tr>
 * <tr><td>rate limit</td><td>{@link CycleBuilder#limit(int)} for the cycle,
 * {@link CycleBuilder#limit(SlotAddress, int)} for one split: at most n parts of the scope at once</td></tr>
 * </table>
 * Sequential, pipeline and conditional are relations between named parts, so they are builder calls
 * rather than values of this enum; they combine with any mode here.
 */
public enum SyncMode {
    /**
     * Branches are independent within a run: a part waits only for its parent and its explicit edges;
     * the next run of the cycle waits for every part of the previous one.
     */
    PARALLEL,
    /**
     * A barrier per level: no part of level L+1 starts before every part of levels 1..L (of the cycle,
     * or of the split's subtree when set on a split) has ended.
     */
    LEVEL,
    /**
     * In a continuous cycle ({@link Cycle#start(java.time.Duration)}) each branch of the root's split
     * loops at its own pace: the trunk (the root and the parts down to the root's split) runs until it
     * lets its branches run, then every branch (a part of the root's split with its subtree) runs again
     * as soon as its own previous run has ended and the interval since its previous start has passed,
     * without waiting for the other branches. Each branch run is a {@link CycleRun} of its own, holding
     * only that branch's parts, with that branch's iteration number; parts in it read the trunk's
     * outputs. {@link CycleBuilder#after after} and {@link CycleBuilder#pipe pipe} edges between
     * different branches are refused at build. {@link Cycle#runOnce()} runs the cycle as
     * {@link #PARALLEL} does, and so does a cycle without a split below its trunk.
     */
    INDEPENDENT
}
