package dev.suitkaise.cycle;

import dev.suitkaise.cycle.internal.ContextHolder;

import java.util.Optional;
import java.util.concurrent.ConcurrentMap;

/**
 * What a running part may read: its piped input, the cycle's shared data store, the outputs of
 * parts that have ended, its parent's output, the run's iteration number and id. Obtain it with
 * {@link #current()} from inside a part's function (or condition, or validator). Thread-safe; never
 * blocks, except that {@link #data()} of a part running in a child process makes a round trip to the
 * commander's storage on every access. Outputs of parts that did not produce one (or produced null)
 * read as empty.
 *
 * <p>In a child process ({@link Where#process(String)}) the context is a snapshot taken when the part
 * was sent: {@link #result(String)} and {@link #result(int, int)} see the outputs of the part's
 * ancestors and of the parts it is sequenced after or piped from; other parts read as empty.
 */
public interface CycleContext {

    /**
     * Returns the context of the part running on this thread.
     *
     * @return the context
     * @throws IllegalStateException if this thread is not running a cycle part
     */
    static CycleContext current() {
        return ContextHolder.current();
    }

    /**
     * Returns the running part's name.
     *
     * @return the name
     */
    String partName();

    /**
     * Returns the running part's slot.
     *
     * @return the address
     */
    SlotAddress address();

    /**
     * Returns the output piped into this part (see {@link CycleBuilder#pipe}).
     *
     * @return the input, empty if the part is not the end of a pipe or the value was null
     */
    Optional<Object> input();

    /**
     * Returns the cycle's shared data store, the same map for every part and every run of the cycle,
     * also for parts in child processes: it is a cross-process global map
     * ({@link dev.suitkaise.reg.SKGlobal}, hosted by the commander), so values put by a part in a child
     * must be serializable by sk-cereal, and null keys and values are rejected.
     *
     * @return the store
     */
    ConcurrentMap<String, Object> data();

    /**
     * Returns the output of a part of this run that has ended.
     *
     * @param partName the part's name
     * @return the output, empty if the part has not ended, has no output or does not exist
     */
    Optional<Object> result(String partName);

    /**
     * Returns the output of the part at a slot, if it has ended in this run.
     *
     * @param level the level
     * @param position the position
     * @return the output, empty if none
     */
    Optional<Object> result(int level, int position);

    /**
     * Returns the output of the part's parent (the nearest part above it in the tree).
     *
     * @return the output, empty for the root or when the parent has no output
     */
    Optional<Object> parentResult();

    /**
     * Returns the number of this run of the cycle, starting at 1.
     *
     * @return the iteration
     */
    long iteration();

    /**
     * Returns the id of this run, unique per run and the same for every part of it (also in child
     * processes).
     *
     * @return the run id
     */
    String runId();
}
