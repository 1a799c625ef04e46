package dev.suitkaise.cycle.internal;

import dev.suitkaise.thread.SKThreader;
import dev.suitkaise.thread.SKWorker;
import dev.suitkaise.thread.ThreadInfo;
import dev.suitkaise.thread.ThreadState;

import java.lang.ref.WeakReference;
import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * Tells whether the current thread is a given component worker's own thread, so that a run started
 * on a worker does not queue a part behind itself on that worker (the part would wait for the run and
 * the run for the part). sk-thread names a worker's thread after its component but exposes no thread
 * identity, so the threads that ran a cycle's parts on a worker are remembered here; a worker none of
 * whose threads was seen yet is recognised by name in its threader's list. Thread-safe; never blocks.
 */
final class WorkerThreads {

    private static final Map<SKWorker, WeakReference<Thread>> SEEN = Collections.synchronizedMap(new WeakHashMap<>());

    private WorkerThreads() {
    }

    /**
     * Records that the current thread runs the worker's tasks; called on the worker.
     *
     * @param worker the worker
     */
    static void seen(SKWorker worker) {
        Thread me = Thread.currentThread();
        WeakReference<Thread> known = SEEN.get(worker);
        if (known == null || known.get() != me) {
            SEEN.put(worker, new WeakReference<>(me));
        }
    }

    /**
     * Tells whether the current thread is the worker's thread.
     *
     * @param threader the threader that owns the worker
     * @param worker the worker
     * @return true if a task submitted to the worker now would wait for the current task to end
     */
    static boolean isCurrent(SKThreader threader, SKWorker worker) {
        Thread me = Thread.currentThread();
        if (!me.getName().equals(worker.name())) {
            return false; // a worker's thread carries its component's name
        }
        WeakReference<Thread> seen = SEEN.get(worker);
        Thread known = seen == null ? null : seen.get();
        if (known != null) {
            return known == me;
        }
        int workers = 0;
        boolean busy = false;
        for (ThreadInfo t : threader.threads()) {
            if (t.name().equals(worker.name())) {
                if (t.role() != ThreadInfo.Role.WORKER) {
                    return false; // a plain thread of the same name: no way to tell, so the part queues as usual
                }
                workers++;
                busy = t.state() == ThreadState.RUNNING && t.currentTask().isPresent();
            }
        }
        return workers == 1 && busy;
    }
}
