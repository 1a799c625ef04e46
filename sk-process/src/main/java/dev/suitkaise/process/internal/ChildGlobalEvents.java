package dev.suitkaise.process.internal;

import dev.suitkaise.cereal.InternalCereal;
import dev.suitkaise.cereal.SKCerealException;
import dev.suitkaise.reg.Domain;
import dev.suitkaise.reg.GlobalChange;
import dev.suitkaise.reg.GlobalListener;
import dev.suitkaise.reg.GlobalName;
import dev.suitkaise.reg.Subscription;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * Global listeners inside a child: the first listener of a global subscribes the child with its
 * parent (which subscribes with its own storage, up to the commander's store), the last one to
 * close unsubscribes. The parent sends every change as a {@link Frame.GlobalEvent}; they are
 * delivered here on one thread, {@code sk-global-events}, in the order they arrived, so the
 * listeners of a global run one change at a time and never on the channel's reader thread (they
 * may use globals themselves). Thread-safe.
 */
final class ChildGlobalEvents {

    private static final Logger LOG = LoggerFactory.getLogger(ChildGlobalEvents.class);

    private final ChildRuntime rt;
    private final Map<GlobalName, Topic> topics = new ConcurrentHashMap<>();
    private final LinkedBlockingQueue<Frame.GlobalEvent> arrived = new LinkedBlockingQueue<>();
    private volatile Thread deliverer;

    /** The listeners of one global here; its monitor orders subscribing and unsubscribing with the parent. */
    private static final class Topic {
        final List<Registration> listeners = new CopyOnWriteArrayList<>();
        boolean subscribed;
    }

    private static final class Registration {
        final GlobalListener<Object, Object> listener;
        volatile boolean active = true;

        Registration(GlobalListener<Object, Object> listener) {
            this.listener = listener;
        }
    }

    ChildGlobalEvents(ChildRuntime rt) {
        this.rt = rt;
    }

    /**
     * Adds a listener; the first of a global waits until the parent has confirmed the subscription.
     *
     * @param name the global
     * @param listener the listener
     * @return removes the listener; the last one unsubscribes with the parent
     * @throws dev.suitkaise.process.SKProcessException if the parent cannot be reached or refuses
     */
    Subscription subscribe(GlobalName name, GlobalListener<Object, Object> listener) {
        Objects.requireNonNull(listener, "listener");
        startDeliverer();
        Topic topic = topics.computeIfAbsent(name, n -> new Topic());
        Registration r = new Registration(listener);
        synchronized (topic) {
            if (!topic.subscribed) {
                RemoteGlobalMap.call(rt, Frame.GlobalOp.SUBSCRIBE, name.domain().name(), name.name(), null, null, null);
                topic.subscribed = true;
            }
            topic.listeners.add(r);
        }
        return () -> unsubscribe(name, topic, r);
    }

    private void unsubscribe(GlobalName name, Topic topic, Registration r) {
        r.active = false;
        synchronized (topic) {
            if (!topic.listeners.remove(r) || !topic.listeners.isEmpty() || !topic.subscribed) {
                return;
            }
            topic.subscribed = false;
            try {
                RemoteGlobalMap.call(rt, Frame.GlobalOp.UNSUBSCRIBE, name.domain().name(), name.name(), null, null, null);
            } catch (RuntimeException e) {
                // the parent forgets the subscription anyway when this child ends
                LOG.debug("Process '{}' could not unsubscribe from global {}: {}", rt.name(), name, e.toString());
            }
        }
    }

    /**
     * Queues a change from the parent for delivery. Called on the reader thread; never blocks.
     *
     * @param event the change
     */
    void arrived(Frame.GlobalEvent event) {
        arrived.add(event);
    }

    private void startDeliverer() {
        if (deliverer == null) {
            synchronized (this) {
                if (deliverer == null) {
                    deliverer = Thread.ofPlatform().daemon().name("sk-global-events").start(this::deliverLoop);
                }
            }
        }
    }

    /**
     * Delivers events for the life of the child. Nothing stops this daemon thread on purpose: a
     * listener that leaves an interrupt or throws must not end delivery for every other listener.
     */
    private void deliverLoop() {
        while (true) {
            Frame.GlobalEvent e;
            try {
                e = arrived.take();
            } catch (InterruptedException ex) {
                LOG.debug("Global event delivery of process '{}' was interrupted; it goes on", rt.name());
                continue;
            }
            deliver(e);
            Thread.interrupted(); // an interrupt a listener left behind
        }
    }

    private void deliver(Frame.GlobalEvent e) {
        GlobalName name;
        try {
            name = new GlobalName(Domain.valueOf(e.domain()), e.name());
        } catch (IllegalArgumentException ex) {
            LOG.warn("Process '{}' ignores a change of unknown global {}/{}", rt.name(), e.domain(), e.name());
            return;
        }
        Topic topic = topics.get(name);
        if (topic == null) {
            return;
        }
        List<Registration> to = new ArrayList<>();
        for (Registration r : topic.listeners) {
            if (r.active) {
                to.add(r);
            }
        }
        if (to.isEmpty()) {
            return;
        }
        GlobalChange<Object, Object> change;
        InternalCereal codec = rt.payload();
        try {
            change = new GlobalChange<>(name, codec.deserialize(e.key()), e.oldValue() == null ? null : codec.deserialize(e.oldValue()),
                    e.newValue() == null ? null : codec.deserialize(e.newValue()));
        } catch (SKCerealException ex) {
            LOG.error("Process '{}' cannot read a change of global {} from its parent and drops it: {} Allow its classes with"
                    + " ProcessSpec.Builder.allowClasses or SKProcessManager.allowClasses.", rt.name(), name, ex.getMessage());
            return;
        }
        for (Registration r : to) {
            if (!r.active) {
                continue;
            }
            try {
                r.listener.onChange(change);
            } catch (VirtualMachineError ex) {
                LOG.error("Listener {} of global {} in process '{}' hit {}; global event delivery goes on", r.listener, name,
                        rt.name(), ex.toString());
            } catch (RuntimeException | Error ex) {
                LOG.warn("Listener {} of global {} in process '{}' failed on the change of key '{}'; other listeners still run",
                        r.listener, name, rt.name(), change.key(), ex);
            }
        }
    }
}
