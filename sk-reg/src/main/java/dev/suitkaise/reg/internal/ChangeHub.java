package dev.suitkaise.reg.internal;

import dev.suitkaise.reg.GlobalChange;
import dev.suitkaise.reg.GlobalListener;
import dev.suitkaise.reg.GlobalName;
import dev.suitkaise.reg.Subscription;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The listeners of one global and the changes waiting for them. Changes are queued by the thread
 * that makes them while it holds the key's lock (so the changes of one key queue in the order
 * they took effect), and delivered after the lock is released by whichever changing thread gets
 * to deliver first: one change at a time, in queue order. Thread-safe.
 */
public final class ChangeHub {

    private static final Logger LOG = LoggerFactory.getLogger(ChangeHub.class);
    private static final Registration[] NONE = new Registration[0];

    private final GlobalName name;
    private final Object lock = new Object();
    private volatile Registration[] listeners = NONE;
    private final ConcurrentLinkedQueue<Queued> queue = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean delivering = new AtomicBoolean();

    private static final class Registration {
        final GlobalListener<Object, Object> listener;
        volatile boolean active = true;

        Registration(GlobalListener<Object, Object> listener) {
            this.listener = listener;
        }
    }

    /** A change and the listeners registered when it was made. */
    private record Queued(GlobalChange<Object, Object> change, Registration[] to) {
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
     * Whether anyone listens; when not, changes need not be recorded.
     *
     * @return true if a listener is registered
     */
    public boolean active() {
        return listeners.length != 0;
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
            synchronized (lock) {
                listeners = Arrays.stream(listeners).filter(x -> x != r).toArray(Registration[]::new);
            }
        };
    }

    /**
     * Queues a change for the listeners registered now. Call it while holding the key's lock,
     * then {@link #deliver()} once the lock is released.
     *
     * @param key the key
     * @param oldValue the previous value, or null
     * @param newValue the new value, or null for a removal
     */
    public void record(Object key, Object oldValue, Object newValue) {
        Registration[] to = listeners;
        if (to.length != 0) {
            queue.add(new Queued(new GlobalChange<>(name, key, oldValue, newValue), to));
        }
    }

    /**
     * Delivers the queued changes, unless another thread is delivering them already (that thread
     * then delivers these too). Never call it while holding a lock of the storage.
     */
    public void deliver() {
        while (!queue.isEmpty()) {
            if (!delivering.compareAndSet(false, true)) {
                return;
            }
            try {
                Queued q;
                while ((q = queue.poll()) != null) {
                    for (Registration r : q.to()) {
                        if (r.active) {
                            call(r, q.change());
                        }
                    }
                }
            } finally {
                delivering.set(false);
            }
        }
    }

    private void call(Registration r, GlobalChange<Object, Object> change) {
        try {
            r.listener.onChange(change);
        } catch (RuntimeException e) {
            LOG.warn("Listener {} of global {} failed on the change of key '{}'; the change stands and other listeners still run",
                    r.listener, name, change.key(), e);
        }
    }
}
