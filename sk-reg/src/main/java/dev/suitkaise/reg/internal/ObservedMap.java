package dev.suitkaise.reg.internal;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import java.util.function.Supplier;

/**
 * A {@link ConcurrentHashMap} whose changes reach the listeners of a {@link ChangeHub}. While
 * nobody listens, every operation goes straight to the map; while someone does, every change goes
 * through the map's per-key {@code compute}, which records it under the key's lock, and is
 * delivered once the map shows it and the lock is released. A write that stores a value equal to
 * the current one records nothing. While the listeners lag far behind, a write first waits for
 * them ({@link ChangeHub#admit()}). Update functions run once, under the key's lock, as in
 * {@link ConcurrentHashMap}. Thread-safe.
 */
public final class ObservedMap extends AbstractMap<Object, Object> implements ConcurrentMap<Object, Object> {

    private final ConcurrentHashMap<Object, Object> m = new ConcurrentHashMap<>();
    private final Supplier<ChangeHub> hubs;
    /** Set once the global was dropped: this map is no longer the global's (see {@link #isDropped()}). */
    private volatile boolean dropped;

    /**
     * Creates an empty map.
     *
     * @param hubs finds the listeners of the global it holds, or null while nobody listens; asked
     *        at each change, so a hub created later is seen by the next change
     */
    public ObservedMap(Supplier<ChangeHub> hubs) {
        this.hubs = hubs;
    }

    /** The hub with listeners, or null when nobody listens. */
    private ChangeHub listened() {
        ChangeHub h = hubs.get();
        return h != null && h.active() ? h : null;
    }

    /** Whether a change from old to next changes nothing: the same object or an equal one. */
    private static boolean same(Object old, Object next) {
        return old == next || (old != null && old.equals(next));
    }

    /**
     * One observed write that returns the previous value: {@code next} maps the current value
     * (null when absent) to the new one (null to remove or leave absent); a change is recorded only
     * when the value really changes.
     */
    private Object swap(ChangeHub h, Object key, UnaryOperator<Object> next) {
        return observed(h, q -> {
            Object[] previous = new Object[1];
            m.compute(key, (k, old) -> {
                previous[0] = old;
                Object value = next.apply(old);
                if (!same(old, value)) {
                    q[0] = h.record(k, old, value);
                }
                return value;
            });
            return previous[0];
        });
    }

    /**
     * Runs one observed update: waits for lagging listeners first, and after the update either
     * publishes its recorded change or abandons it if the update failed.
     */
    private static <R> R observed(ChangeHub h, Function<ChangeHub.Queued[], R> op) {
        h.admit();
        ChangeHub.Queued[] q = new ChangeHub.Queued[1];
        R result;
        try {
            result = op.apply(q);
        } catch (RuntimeException | Error e) {
            h.abandoned(q[0]);
            throw e;
        }
        h.published(q[0]);
        return result;
    }

    /**
     * Whether the global this map held was dropped: views that cached it fetch the global's map
     * from the storage again ({@link GlobalMapView}). One volatile read.
     *
     * @return true once dropped
     */
    boolean isDropped() {
        return dropped;
    }

    /**
     * Marks the map dropped, then removes every key, delivering a removal for each to the
     * listeners: used when the global is dropped, after the storage forgot the map.
     */
    void drop() {
        dropped = true;
        dropAll();
    }

    /**
     * Removes every key, delivering a removal for each to the listeners: used by {@link #clear()}
     * and {@link #drop()}.
     */
    void dropAll() {
        for (Object k : m.keySet()) {
            remove(k);
        }
    }

    @Override
    public int size() {
        return m.size();
    }

    @Override
    public boolean isEmpty() {
        return m.isEmpty();
    }

    @Override
    public boolean containsKey(Object key) {
        return m.containsKey(key);
    }

    @Override
    public boolean containsValue(Object value) {
        return m.containsValue(value);
    }

    @Override
    public Object get(Object key) {
        return m.get(key);
    }

    @Override
    public Object getOrDefault(Object key, Object defaultValue) {
        return m.getOrDefault(key, defaultValue);
    }

    @Override
    public void forEach(BiConsumer<? super Object, ? super Object> action) {
        m.forEach(action);
    }

    @Override
    public Object put(Object key, Object value) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
        ChangeHub h = listened();
        if (h == null) {
            return m.put(key, value);
        }
        return swap(h, key, old -> value);
    }

    @Override
    public Object remove(Object key) {
        Objects.requireNonNull(key, "key");
        ChangeHub h = listened();
        if (h == null) {
            return m.remove(key);
        }
        return swap(h, key, old -> null);
    }

    @Override
    public void clear() {
        if (listened() == null) {
            m.clear();
            return;
        }
        dropAll();
    }

    @Override
    public Object putIfAbsent(Object key, Object value) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
        ChangeHub h = listened();
        if (h == null) {
            return m.putIfAbsent(key, value);
        }
        return swap(h, key, old -> old != null ? old : value);
    }

    @Override
    public Object replace(Object key, Object value) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
        ChangeHub h = listened();
        if (h == null) {
            return m.replace(key, value);
        }
        return swap(h, key, old -> old == null ? null : value);
    }

    @Override
    public boolean replace(Object key, Object oldValue, Object newValue) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(oldValue, "oldValue");
        Objects.requireNonNull(newValue, "newValue");
        ChangeHub h = listened();
        if (h == null) {
            return m.replace(key, oldValue, newValue);
        }
        return observed(h, q -> {
            boolean[] done = new boolean[1];
            m.computeIfPresent(key, (k, old) -> {
                if (!old.equals(oldValue)) {
                    return old;
                }
                done[0] = true;
                if (!same(old, newValue)) {
                    q[0] = h.record(k, old, newValue);
                }
                return newValue;
            });
            return done[0];
        });
    }

    @Override
    public boolean remove(Object key, Object value) {
        Objects.requireNonNull(key, "key");
        if (value == null) {
            return false;
        }
        ChangeHub h = listened();
        if (h == null) {
            return m.remove(key, value);
        }
        return observed(h, q -> {
            boolean[] done = new boolean[1];
            m.computeIfPresent(key, (k, old) -> {
                if (!old.equals(value)) {
                    return old;
                }
                done[0] = true;
                q[0] = h.record(k, old, null);
                return null;
            });
            return done[0];
        });
    }

    @Override
    public Object compute(Object key, BiFunction<? super Object, ? super Object, ?> f) {
        Objects.requireNonNull(f, "f");
        ChangeHub h = listened();
        if (h == null) {
            return m.compute(key, f);
        }
        return observed(h, q -> m.compute(key, (k, old) -> {
            Object next = f.apply(k, old);
            if (!same(old, next)) {
                q[0] = h.record(k, old, next);
            }
            return next;
        }));
    }

    @Override
    public Object computeIfAbsent(Object key, Function<? super Object, ?> f) {
        Objects.requireNonNull(f, "f");
        ChangeHub h = listened();
        if (h == null) {
            return m.computeIfAbsent(key, f);
        }
        return observed(h, q -> m.computeIfAbsent(key, k -> {
            Object next = f.apply(k);
            if (next != null) {
                q[0] = h.record(k, null, next);
            }
            return next;
        }));
    }

    @Override
    public Object computeIfPresent(Object key, BiFunction<? super Object, ? super Object, ?> f) {
        Objects.requireNonNull(f, "f");
        ChangeHub h = listened();
        if (h == null) {
            return m.computeIfPresent(key, f);
        }
        return observed(h, q -> m.computeIfPresent(key, (k, old) -> {
            Object next = f.apply(k, old);
            if (!same(old, next)) {
                q[0] = h.record(k, old, next);
            }
            return next;
        }));
    }

    @Override
    public Object merge(Object key, Object value, BiFunction<? super Object, ? super Object, ?> f) {
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(f, "f");
        if (listened() == null) {
            return m.merge(key, value, f);
        }
        return compute(key, (k, old) -> old == null ? value : f.apply(old, value));
    }

    @Override
    public void replaceAll(BiFunction<? super Object, ? super Object, ?> f) {
        Objects.requireNonNull(f, "f");
        if (listened() == null) {
            m.replaceAll(f);
            return;
        }
        for (Object k : m.keySet()) {
            computeIfPresent(k, (key, old) -> Objects.requireNonNull(f.apply(key, old), "replaceAll's function returned null"));
        }
    }

    @Override
    public Set<Object> keySet() {
        return new AbstractSet<>() {
            @Override
            public Iterator<Object> iterator() {
                Iterator<Entry<Object, Object>> it = entrySet().iterator();
                return new Iterator<>() {
                    @Override
                    public boolean hasNext() {
                        return it.hasNext();
                    }

                    @Override
                    public Object next() {
                        return it.next().getKey();
                    }

                    @Override
                    public void remove() {
                        it.remove();
                    }
                };
            }

            @Override
            public int size() {
                return m.size();
            }

            @Override
            public boolean contains(Object o) {
                return m.containsKey(o);
            }

            @Override
            public boolean remove(Object o) {
                return ObservedMap.this.remove(o) != null;
            }

            @Override
            public void clear() {
                ObservedMap.this.clear();
            }
        };
    }

    /** Entries whose {@code setValue} and iterator {@code remove} go through this map, so they are observed too. */
    @Override
    public Set<Entry<Object, Object>> entrySet() {
        return new AbstractSet<>() {
            @Override
            public Iterator<Entry<Object, Object>> iterator() {
                Iterator<Entry<Object, Object>> it = m.entrySet().iterator();
                return new Iterator<>() {
                    private Entry<Object, Object> last;

                    @Override
                    public boolean hasNext() {
                        return it.hasNext();
                    }

                    @Override
                    public Entry<Object, Object> next() {
                        Entry<Object, Object> e = it.next();
                        last = e;
                        return new WriteThrough(e.getKey(), e.getValue());
                    }

                    @Override
                    public void remove() {
                        if (last == null) {
                            throw new IllegalStateException("next() has not been called, or remove() was called already");
                        }
                        ObservedMap.this.remove(last.getKey());
                        last = null;
                    }
                };
            }

            @Override
            public int size() {
                return m.size();
            }

            @Override
            public boolean contains(Object o) {
                return o instanceof Map.Entry<?, ?> e && e.getKey() != null && e.getValue() != null
                        && e.getValue().equals(m.get(e.getKey()));
            }

            @Override
            public boolean remove(Object o) {
                return o instanceof Map.Entry<?, ?> e && ObservedMap.this.remove(e.getKey(), e.getValue());
            }

            @Override
            public void clear() {
                ObservedMap.this.clear();
            }
        };
    }

    /** An entry whose {@code setValue} writes through this map. */
    private final class WriteThrough implements Entry<Object, Object> {
        private final Object key;
        private Object value;

        WriteThrough(Object key, Object value) {
            this.key = key;
            this.value = value;
        }

        @Override
        public Object getKey() {
            return key;
        }

        @Override
        public Object getValue() {
            return value;
        }

        @Override
        public Object setValue(Object next) {
            Objects.requireNonNull(next, "value");
            value = next;
            return put(key, next);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Map.Entry<?, ?> e && key.equals(e.getKey()) && value.equals(e.getValue());
        }

        @Override
        public int hashCode() {
            return key.hashCode() ^ value.hashCode();
        }

        @Override
        public String toString() {
            return key + "=" + value;
        }
    }
}
