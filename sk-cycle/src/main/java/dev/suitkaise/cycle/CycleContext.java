package dev.suitkaise.cycle;

import dev.suitkaise.cycle.internal.ContextHolder;

import java.util.Optional;
import java.util.concurrent.ConcurrentMap;

/**
 * What a running part may read: its piped input, the cycle's shared data store, the outputs of
 * parts that have ended, its parent's output and the run's iteration number. Obtain it with
 * {@link #current()} from inside a part's function (or condition, or validator). Thread-safe; never
 * blocks. Outputs of parts that did not produce one (or produced null) read as empty.
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
     * Returns the cycle's shared data store, the same map for every part and every run of the cycle.
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
}
