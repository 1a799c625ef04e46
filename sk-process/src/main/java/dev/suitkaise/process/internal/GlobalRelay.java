package dev.suitkaise.process.internal;

import dev.suitkaise.cereal.InternalCereal;
import dev.suitkaise.cereal.SKCerealException;
import dev.suitkaise.process.SKProcessException;
import dev.suitkaise.reg.Domain;
import dev.suitkaise.reg.GlobalChange;
import dev.suitkaise.reg.GlobalName;
import dev.suitkaise.reg.Subscription;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The parent's side of one child JVM's global listeners: for each global the child subscribed
 * to, a listener on this process's storage (the commander's store, or in a child its own parent's,
 * recursively) that sends every change to the child as a {@link Frame.GlobalEvent}, in the order
 * the storage delivers them. Only children that subscribed get events. {@link #close()}, when the
 * child's JVM exits, drops every subscription, so a dead child costs nothing and disturbs no one.
 * Thread-safe.
 */
final class GlobalRelay {

    private static final Logger LOG = LoggerFactory.getLogger(GlobalRelay.class);

    private final Incarnation child;
    private final InternalCereal codec;
    private final String where;
    private final Map<GlobalName, Subscription> subscriptions = new HashMap<>();
    private final Set<GlobalName> unsendable = new HashSet<>();
    private boolean closed;

    /**
     * Creates the relay of a child JVM.
     *
     * @param child the child JVM; its channel is read when a change is sent
     * @param codec the parent's codec for this child's values
     * @param where names the child in messages
     */
    GlobalRelay(Incarnation child, InternalCereal codec, String where) {
        this.child = child;
        this.codec = codec;
        this.where = where;
    }

    /**
     * Serves a {@link Frame.GlobalOp#SUBSCRIBE} or {@link Frame.GlobalOp#UNSUBSCRIBE}. Subscribing
     * again to a global the child holds already does nothing. Blocks only in a child whose own
     * parent must confirm the subscription.
     *
     * @param c the call
     * @return the reply: the flag says whether anything changed
     */
    Frame.Reply handle(Frame.GlobalCall c) {
        try {
            GlobalName name = new GlobalName(Domain.valueOf(c.domain()), c.name());
            if (c.op() == Frame.GlobalOp.UNSUBSCRIBE) {
                Subscription s;
                synchronized (this) {
                    s = subscriptions.remove(name);
                }
                if (s != null) {
                    s.close();
                }
                return new Frame.Reply(c.id(), null, s != null, 0, List.of(), null);
            }
            synchronized (this) {
                if (closed) {
                    throw new SKProcessException("Global " + name + " cannot be subscribed to for " + where + ": it has ended.");
                }
                if (subscriptions.containsKey(name)) {
                    return new Frame.Reply(c.id(), null, false, 0, List.of(), null);
                }
            }
            Subscription s = GlobalHost.storage().subscribe(name, change -> forward(name, change));
            boolean kept;
            synchronized (this) {
                kept = !closed && subscriptions.putIfAbsent(name, s) == null;
            }
            if (!kept) {
                s.close();
            }
            LOG.debug("{} subscribed to the changes of global {}", where, name);
            return new Frame.Reply(c.id(), null, kept, 0, List.of(), null);
        } catch (RuntimeException e) {
            return new Frame.Reply(c.id(), null, false, 0, List.of(), Errors.of(e, null));
        }
    }

    private void forward(GlobalName name, GlobalChange<Object, Object> change) {
        Channel ch = child.channel;
        if (ch == null || ch.isClosed()) {
            return;
        }
        byte[] key;
        byte[] oldValue;
        byte[] newValue;
        try {
            key = codec.serialize(change.key());
            oldValue = change.oldValue() == null ? null : codec.serialize(change.oldValue());
            newValue = change.newValue() == null ? null : codec.serialize(change.newValue());
        } catch (SKCerealException e) {
            boolean first;
            synchronized (this) {
                first = unsendable.add(name);
            }
            if (first) {
                LOG.warn("A change of global {} cannot be sent to {}, which listens to it: {} Allow its classes with"
                        + " ProcessSpec.Builder.allowClasses or SKProcessManager.allowClasses. (Reported once per global.)",
                        name, where, e.getMessage());
            }
            return;
        }
        ch.send(new Frame.GlobalEvent(name.domain().name(), name.name(), key, oldValue, newValue));
    }

    /** Drops every subscription of the child; later subscriptions are refused. Idempotent. */
    void close() {
        List<Subscription> all;
        synchronized (this) {
            closed = true;
            all = new ArrayList<>(subscriptions.values());
            subscriptions.clear();
        }
        for (Subscription s : all) {
            try {
                s.close();
            } catch (RuntimeException e) {
                LOG.debug("Dropping a global subscription of {} failed: {}", where, e.toString());
            }
        }
        if (!all.isEmpty()) {
            LOG.debug("{} ended; dropped its {} global subscription(s)", where, all.size());
        }
    }
}
