package dev.suitkaise.reg.internal;

import dev.suitkaise.reg.GlobalChange;
import dev.suitkaise.reg.GlobalListener;
import dev.suitkaise.reg.GlobalName;
import dev.suitkaise.reg.Subscription;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The listeners of one global and the changes waiting for them. Changes are queued by the thread
 * that makes them while it holds the key's lock (so the changes of one key queue in the order
 * they took effect), marked ready by that thread once the map shows them ({@link #published}),
 * and delivered after the lock is released: one change at a time, in queue order, never past a
 * change that is not ready yet (its owner delivers it). A thread that delivers delivers at most
 * what was queued when it started (and the changes its own listeners make meanwhile) and hands
 * any rest to a delivery thread of this hub (a virtual
 * thread, started on demand, ending when nothing ready is left). While more than
 * {@link #LIMIT} changes wait, writers wait for the listeners to catch up ({@link #admit()}),
 * except threads that are running a listener themselves. A {@link VirtualMachineError} from a
 * listener does not cut delivery short: the delivering thread goes on as if the listener had
 * returned (the other listeners of that change, then the rest of what it delivers, handing any
 * rest on as usual) and rethrows the first such error when it is done; the delivery thread ends
 * with it (its uncaught-exception handler gets it) and a later hand-on starts a new one.
 * Thread-safe.
 */
public final class ChangeHub {

    /** How many waiting changes make writers wait for the listeners. */
    public static final int LIMIT = 10_000;

    private static final Logger LOG = LoggerFactory.getLogger(ChangeHub.class);
    private static final Registration[] NONE = new Registration[0];
    /** How deep the current thread is in delivering changes (of any hub): such threads never wait in {@link #admit()}. */
    private static final ThreadLocal<int[]> DELIVERING_DEPTH = ThreadLocal.withInitial(() -> new int[1]);

    private final GlobalName name;
    private final Object lock = new Object();
    private volatile Registration[] listeners = NONE;
    private final ReentrantLock queueLock = new ReentrantLock();
    private final Condition drained = queueLock.newCondition();
    private final ArrayDeque<Queued> queue = new ArrayDeque<>();
    private volatile int size;
    private final AtomicBoolean delivering = new AtomicBoolean();
    private final AtomicBoolean helperRunning = new AtomicBoolean();
    private volatile Runnable whenIdle = () -> { };
    /** The thread delivering now, or null. */
    private volatile Thread deliverer;
    /** How many more changes the delivering thread delivers; only it reads and writes this. */
    private long budget;

    private static final class Registration {
        final GlobalListener<Object, Object> listener;
        volatile boolean active = true;

        Registration(GlobalListener<Object, Object> listener) {
            this.listener = listener;
        }
    }

    private static final int PENDING = 0;
    private static final int READY = 1;
    private static final int CANCELLED = 2;

    /** A change, the listeners registered when it was made, and whether the map shows it yet. */
    public static final class Queued {
        private final GlobalChange<Object, Object> change;
        private final Registration[] to;
        private volatile int state = PENDING;

        private Queued(GlobalChange<Object, Object> change, Registration[] to) {
            this.change = change;
            this.to = to;
        }
    }

    /**
     * Creates a hub.
     *
     * @param name the global's name, for the changes and for logs
     */
    public ChangeHub(GlobalName name) {
        this.name = name;
    }

    /**
     * Sets what runs after the last listener is removed (the storage forgets the hub).
     *
     * @param whenIdle the action; must not call listeners or take a storage lock for long
     */
    void whenIdle(Runnable whenIdle) {
        this.whenIdle = Objects.requireNonNull(whenIdle, "whenIdle");
    }

    /**
     * Whether anyone listens; when not, changes need not be recorded.
     *
     * @return true if a listener is registered
     */
    public boolean active() {
        return listeners.length != 0;
    }

    /**
     * How many changes wait for delivery.
     *
     * @return the count
     */
    public int waiting() {
        return size;
    }

    /**
     * Adds a listener.
     *
     * @param listener the listener
     * @return removes it; idempotent
     */
    public Subscription add(GlobalListener<Object, Object> listener) {
        Objects.requireNonNull(listener, "listener");
        Registration r = new Registration(listener);
        synchronized (lock) {
            Registration[] next = Arrays.copyOf(listeners, listeners.length + 1);
            next[next.length - 1] = r;
            listeners = next;
        }
        return () -> {
            r.active = false;
            boolean idle;
            synchronized (lock) {
                listeners = Arrays.stream(listeners).filter(x -> x != r).toArray(Registration[]::new);
                idle = listeners.length == 0;
            }
            if (idle) {
                whenIdle.run();
            }
        };
    }

    /**
     * Waits, before a write, while more than {@link #LIMIT} changes wait for the listeners. Never
     * waits on a thread that is delivering changes (a listener that writes). Call it before taking
     * any lock. An interrupt ends the wait; the interrupt status stays set.
     */
    public void admit() {
        if (size < LIMIT || DELIVERING_DEPTH.get()[0] > 0) {
            return;
        }
        queueLock.lock();
        try {
            while (size >= LIMIT) {
                if (Thread.currentThread().isInterrupted()) {
                    return;
                }
                try {
                    drained.await(100, TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        } finally {
            queueLock.unlock();
        }
    }

    /**
     * Queues a change for the listeners registered now. Call it while holding the key's lock,
     * then, once the map shows the change and the lock is released, {@link #published} (or
     * {@link #abandoned} if the change did not take effect).
     *
     * @param key the key
     * @param oldValue the previous value, or null
     * @param newValue the new value, or null for a removal
     * @return the queued change, or null if nobody listens
     */
    public Queued record(Object key, Object oldValue, Object newValue) {
        Registration[] to = listeners;
        if (to.length == 0) {
            return null;
        }
        Queued q = new Queued(new GlobalChange<>(name, key, oldValue, newValue), to);
        queueLock.lock();
        try {
            queue.addLast(q);
            size = queue.size();
        } finally {
            queueLock.unlock();
        }
        if (deliverer == Thread.currentThread()) {
            budget++; // a listener's own change: its thread delivers it after the listener returns
        }
        return q;
    }

    /**
     * Marks a recorded change as visible and delivers the ready changes. Never call it while
     * holding a lock of the storage.
     *
     * @param q the change {@link #record} returned, or null
     */
    public void published(Queued q) {
        if (q != null) {
            q.state = READY;
        }
        deliver();
    }

    /**
     * Marks a recorded change as not made (its update failed), so it is never delivered, and
     * delivers the ready changes behind it.
     *
     * @param q the change {@link #record} returned, or null
     */
    public void abandoned(Queued q) {
        if (q != null && q.state == PENDING) {
            q.state = CANCELLED;
        }
        deliver();
    }

    /**
     * Delivers the ready changes queued so far, unless another thread is delivering already (that
     * thread then delivers these too, or hands them on). Changes queued after this call started
     * are left to the hub's delivery thread. Never call it while holding a lock of the storage.
     */
    public void deliver() {
        drain(false);
    }

    private Queued head() {
        queueLock.lock();
        try {
            return queue.peekFirst();
        } finally {
            queueLock.unlock();
        }
    }

    private boolean readyWork() {
        Queued h = head();
        return h != null && h.state != PENDING;
    }

    /** Takes the head if it is ready (or cancelled); null if none. */
    private Queued takeReady() {
        queueLock.lock();
        try {
            Queued h = queue.peekFirst();
            if (h == null || h.state == PENDING) {
                return null;
            }
            queue.pollFirst();
            int n = queue.size();
            size = n;
            if (n < LIMIT) {
                drained.signalAll();
            }
            return h;
        } finally {
            queueLock.unlock();
        }
    }

    /**
     * Delivers ready changes; a caller stops after as many as were queued when it began, the
     * delivery thread goes on until nothing ready is left. The first {@link VirtualMachineError}
     * a listener threw is rethrown once that is done (and the rest handed on).
     */
    private void drain(boolean helper) {
        VirtualMachineError error = drainAll(helper);
        if (error != null) {
            throw error;
        }
    }

    /** {@link #drain}'s work; returns the first VirtualMachineError a listener threw, or null. */
    private VirtualMachineError drainAll(boolean helper) {
        VirtualMachineError error = null;
        while (true) {
            if (!delivering.compareAndSet(false, true)) {
                return error; // the holder re-checks after releasing
            }
            boolean budgetSpent = false;
            int[] depth = DELIVERING_DEPTH.get();
            depth[0]++;
            deliverer = Thread.currentThread();
            try {
                budget = helper ? Long.MAX_VALUE / 2 : size;
                Queued q;
                while (budget > 0 && (q = takeReady()) != null) {
                    budget--;
                    if (q.state == READY) {
                        for (Registration r : q.to) {
                            if (r.active) {
                                VirtualMachineError e = call(r, q.change);
                                if (error == null) {
                                    error = e;
                                }
                            }
                        }
                    }
                }
                budgetSpent = budget == 0;
            } finally {
                deliverer = null;
                depth[0]--;
                delivering.set(false);
            }
            if (!readyWork()) {
                return error; // empty, or the head's owner delivers it once it is visible
            }
            if (budgetSpent && !helper) {
                startHelper();
                return error;
            }
        }
    }

    private void startHelper() {
        if (helperRunning.compareAndSet(false, true)) {
            Thread.ofVirtual().name("sk-global-listeners-" + name).start(this::runHelper);
        }
    }

    private void runHelper() {
        VirtualMachineError error = null;
        while (true) {
            try {
                VirtualMachineError e = drainAll(true);
                if (error == null) {
                    error = e;
                }
            } finally {
                helperRunning.set(false);
            }
            if (delivering.get() || !readyWork() || !helperRunning.compareAndSet(false, true)) {
                break; // a delivering thread re-checks after releasing and hands on if needed
            }
        }
        if (error != null) {
            throw error; // after delivering: the delivery thread ends with it, as any delivering thread would
        }
    }

    /** Calls one listener; returns the VirtualMachineError it threw (to rethrow once delivery is done), or null. */
    private VirtualMachineError call(Registration r, GlobalChange<Object, Object> change) {
        try {
            r.listener.onChange(change);
            return null;
        } catch (VirtualMachineError e) {
            LOG.warn("Listener {} of global {} hit {} on the change of key '{}'; the change stands, the other listeners still"
                    + " run, and the error is rethrown to the delivering thread once its delivery is done",
                    r.listener, name, e, change.key());
            return e;
        } catch (Throwable e) {
            LOG.warn("Listener {} of global {} failed on the change of key '{}'; the change stands and other listeners still run",
                    r.listener, name, change.key(), e);
            return null;
        }
    }
}
