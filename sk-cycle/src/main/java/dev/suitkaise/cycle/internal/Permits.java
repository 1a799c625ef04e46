package dev.suitkaise.cycle.internal;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The rate limits of one cycle, shared by all its runs in progress (concurrent {@code runOnce} calls
 * and the branch loops of independent sync): how many parts hold a slot of the cycle-wide limit and of
 * each limited scope (a split, or an added cycle's part and the parts below it). A run that frees a
 * slot wakes the other runs so that they can start a waiting part. Thread-safe; never blocks beyond its
 * own lock.
 */
public final class Permits {

    private final int cycleLimit;
    private int running;
    private final Map<Node, Integer> bySplit = new HashMap<>();
    private final List<Runnable> wakers = new CopyOnWriteArrayList<>();

    /**
     * Creates the counters.
     *
     * @param cycleLimit the cycle-wide limit, 0 for none
     */
    public Permits(int cycleLimit) {
        this.cycleLimit = cycleLimit;
    }

    /**
     * Takes a slot of the cycle-wide limit and of each given split's limit, all or none.
     *
     * @param splits the limited splits above the part
     * @return true if every limit had room
     */
    public synchronized boolean tryAcquire(List<CycleSpec.SplitRule> splits) {
        if (cycleLimit > 0 && running >= cycleLimit) {
            return false;
        }
        for (CycleSpec.SplitRule s : splits) {
            if (bySplit.getOrDefault(s.top(), 0) >= s.limit()) {
                return false;
            }
        }
        running++;
        for (CycleSpec.SplitRule s : splits) {
            bySplit.merge(s.top(), 1, Integer::sum);
        }
        return true;
    }

    /**
     * Gives back the slots {@link #tryAcquire} took and wakes the other runs.
     *
     * @param splits the same splits
     * @param self the releasing run's waker, not woken
     */
    public void release(List<CycleSpec.SplitRule> splits, Runnable self) {
        synchronized (this) {
            running--;
            for (CycleSpec.SplitRule s : splits) {
                bySplit.merge(s.top(), -1, Integer::sum);
            }
        }
        for (Runnable w : wakers) {
            if (w != self) {
                w.run();
            }
        }
    }

    /**
     * Registers a run to be woken when another run frees a slot.
     *
     * @param waker posts a wake-up to the run; must not block
     */
    public void register(Runnable waker) {
        wakers.add(waker);
    }

    /**
     * Unregisters a run.
     *
     * @param waker the run's waker
     */
    public void unregister(Runnable waker) {
        wakers.remove(waker);
    }
}
