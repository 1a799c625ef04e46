package dev.suitkaise.process.internal;

import dev.suitkaise.cereal.InternalCereal;
import dev.suitkaise.process.SKProcessException;
import dev.suitkaise.reg.GlobalName;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentMap;
import java.util.function.BiFunction;

/**
 * A global map of the commander, seen from a child: every operation is one request to the
 * parent, atomic there. The {@code compute}-style methods are {@link ConcurrentMap}'s defaults,
 * built on {@link #replace(Object, Object, Object)}, {@link #putIfAbsent} and
 * {@link #remove(Object, Object)}, so they retry under contention. Views are snapshots whose
 * removals reach the parent. Thread-safe. Every operation blocks until the parent answers, at
 * most 60 seconds; an interrupt does not cut it short (see {@link ChildRuntime#callUninterruptibly}).
 */
final class RemoteGlobalMap extends AbstractMap<Object, Object> implements ConcurrentMap<Object, Object> {

    private final ChildRuntime rt;
    private final GlobalName name;

    RemoteGlobalMap(ChildRuntime rt, GlobalName name) {
        this.rt = rt;
        this.name = name;
    }

    static Frame.Reply call(ChildRuntime rt, Frame.GlobalOp op, String domain, String name, byte[] key, byte[] value, byte[] expected) {
        Frame.Reply reply = rt.callUninterruptibly(id -> new Frame.GlobalCall(id, op, domain, name, key, value, expected));
        if (reply.error() != null) {
            throw new SKProcessException("Global " + domain + "/" + name + " (" + op + ") failed in the parent of process '"
                    + rt.name() + "': " + Errors.summary(reply.error()));
        }
        return reply;
    }

    private Frame.Reply call(Frame.GlobalOp op, Object key, Object value, Object expected) {
        InternalCereal c = rt.payload();
        return call(rt, op, name.domain().name(), name.name(), key == null ? null : c.serialize(key),
                value == null ? null : c.serialize(value), expected == null ? null : c.serialize(expected));
    }

    private Object value(Frame.Reply r) {
        return r.value() == null ? null : rt.payload().deserialize(r.value());
    }

    @Override
    public Object get(Object key) {
        Objects.requireNonNull(key, "key");
        return value(call(Frame.GlobalOp.GET, key, null, null));
    }

    @Override
    public boolean containsKey(Object key) {
        Objects.requireNonNull(key, "key");
        return call(Frame.GlobalOp.CONTAINS, key, null, null).flag();
    }

    @Override
    public Object put(Object key, Object value) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
        return value(call(Frame.GlobalOp.PUT, key, value, null));
    }

    @Override
    public Object remove(Object key) {
        Objects.requireNonNull(key, "key");
        return value(call(Frame.GlobalOp.REMOVE, key, null, null));
    }

    @Override
    public Object putIfAbsent(Object key, Object value) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
        return value(call(Frame.GlobalOp.PUT_IF_ABSENT, key, value, null));
    }

    @Override
    public Object replace(Object key, Object value) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
        return value(call(Frame.GlobalOp.REPLACE, key, value, null));
    }

    @Override
    public boolean replace(Object key, Object oldValue, Object newValue) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(oldValue, "oldValue");
        Objects.requireNonNull(newValue, "newValue");
        return call(Frame.GlobalOp.REPLACE_IF, key, newValue, oldValue).flag();
    }

    @Override
    public boolean remove(Object key, Object value) {
        Objects.requireNonNull(key, "key");
        if (value == null) {
            return false;
        }
        return call(Frame.GlobalOp.REMOVE_IF, key, null, value).flag();
    }

    /**
     * Atomic in the commander's store: optimistic updates with {@code replace(k, old, new)},
     * {@code putIfAbsent} and {@code remove(k, old)}; a failed attempt brings back the current
     * value for the next one. {@code f} may run more than once.
     */
    @Override
    public Object compute(Object key, BiFunction<? super Object, ? super Object, ?> f) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(f, "f");
        Object old = get(key);
        while (true) {
            Object next = f.apply(key, old);
            if (next == old) {
                return old; // no change: nothing to write, nothing for listeners
            }
            if (next == null) {
                Frame.Reply r = call(Frame.GlobalOp.REMOVE_IF, key, null, old);
                if (r.flag()) {
                    return null;
                }
                old = value(r);
            } else if (old == null) {
                Frame.Reply r = call(Frame.GlobalOp.PUT_IF_ABSENT, key, next, null);
                if (r.value() == null) {
                    return next;
                }
                old = value(r);
            } else {
                Frame.Reply r = call(Frame.GlobalOp.REPLACE_IF, key, next, old);
                if (r.flag()) {
                    return next;
                }
                old = value(r);
            }
        }
    }

    /** Atomic in the commander's store, as {@link #compute} is; {@code f} may run more than once. */
    @Override
    public Object merge(Object key, Object value, BiFunction<? super Object, ? super Object, ?> f) {
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(f, "f");
        return compute(key, (k, old) -> old == null ? value : f.apply(old, value));
    }

    @Override
    public int size() {
        return (int) call(Frame.GlobalOp.SIZE, null, null, null).number();
    }

    @Override
    public void clear() {
        call(Frame.GlobalOp.CLEAR, null, null, null);
    }

    @Override
    public Set<Entry<Object, Object>> entrySet() {
        List<byte[]> items = call(Frame.GlobalOp.ENTRIES, null, null, null).items();
        Map<Object, Object> snapshot = new LinkedHashMap<>();
        InternalCereal c = rt.payload();
        for (int i = 0; i + 1 < items.size(); i += 2) {
            snapshot.put(c.deserialize(items.get(i)), c.deserialize(items.get(i + 1)));
        }
        return new AbstractSet<>() {
            @Override
            public Iterator<Entry<Object, Object>> iterator() {
                Iterator<Entry<Object, Object>> it = snapshot.entrySet().iterator();
                return new Iterator<>() {
                    private Entry<Object, Object> last;

                    @Override
                    public boolean hasNext() {
                        return it.hasNext();
                    }

                    @Override
                    public Entry<Object, Object> next() {
                        last = it.next();
                        return last;
                    }

                    @Override
                    public void remove() {
                        it.remove();
                        RemoteGlobalMap.this.remove(last.getKey(), last.getValue());
                    }
                };
            }

            @Override
            public int size() {
                return snapshot.size();
            }
        };
    }
}
