package dev.suitkaise.reg.internal;

import dev.suitkaise.reg.GlobalChange;
import dev.suitkaise.reg.GlobalListener;
import dev.suitkaise.reg.GlobalMap;
import dev.suitkaise.reg.GlobalName;
import dev.suitkaise.reg.SKGlobalStorage;
import dev.suitkaise.reg.Subscription;

import java.util.AbstractMap;
import java.util.Collection;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentMap;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A typed view of one global map. It follows the storage in use: if another storage is
 * installed, the next operation goes to it. It also follows drops: once the global is dropped
 * ({@link SKGlobalStorage#drop}), the next operation goes to the map the storage hands out for the
 * name from then on, the same one views opened after the drop use. The bound map is cached, so an
 * operation costs the storage lookup, two volatile reads and the map's own work.
 *
 * <p>Drops are seen for maps of the in-process storage (also where another storage hands those
 * out, as sk-process's does in the top process), which mark themselves dropped. A storage whose
 * maps stay bound to a name across drops (such as a map that forwards each call by name) needs no
 * marking. For any other storage, a view keeps the map it first got until another storage is
 * installed. An operation that runs while the global is being dropped may still land in the
 * dropped map, as if it ran just before the drop. Thread-safe.
 */
@SuppressWarnings("unchecked")
public final class GlobalMapView<K, V> extends AbstractMap<K, V> implements GlobalMap<K, V> {

    private final GlobalName name;
    private final Supplier<SKGlobalStorage> storage;
    private volatile Bound bound;

    /** The map fetched from a storage; {@code observed} is the same map when it can say it was dropped, else null. */
    private record Bound(SKGlobalStorage storage, ConcurrentMap<Object, Object> map, ObservedMap observed) {
        boolean stale(SKGlobalStorage current) {
            return storage != current || observed != null && observed.isDropped();
        }
    }

    /**
     * Creates a view.
     *
     * @param name the global's name
     * @param storage supplies the storage in use
     */
    public GlobalMapView(GlobalName name, Supplier<SKGlobalStorage> storage) {
        this.name = name;
        this.storage = storage;
    }

    private ConcurrentMap<K, V> m() {
        SKGlobalStorage current = storage.get();
        Bound b = bound;
        if (b == null || b.stale(current)) {
            ConcurrentMap<Object, Object> map = current.map(name);
            b = new Bound(current, map, map instanceof ObservedMap o ? o : null);
            bound = b;
        }
        return (ConcurrentMap<K, V>) (ConcurrentMap<?, ?>) b.map();
    }

    @Override
    public GlobalName globalName() {
        return name;
    }

    @Override
    public Subscription onChange(GlobalListener<K, V> listener) {
        Objects.requireNonNull(listener, "listener");
        return storage.get().subscribe(name, change -> listener.onChange((GlobalChange<K, V>) (GlobalChange<?, ?>) change));
    }

    @Override
    public int size() {
        return m().size();
    }

    @Override
    public boolean isEmpty() {
        return m().isEmpty();
    }

    @Override
    public boolean containsKey(Object key) {
        return m().containsKey(key);
    }

    @Override
    public boolean containsValue(Object value) {
        return m().containsValue(value);
    }

    @Override
    public V get(Object key) {
        return m().get(key);
    }

    @Override
    public V getOrDefault(Object key, V defaultValue) {
        return m().getOrDefault(key, defaultValue);
    }

    @Override
    public V put(K key, V value) {
        return m().put(key, value);
    }

    @Override
    public V remove(Object key) {
        return m().remove(key);
    }

    @Override
    public void clear() {
        m().clear();
    }

    @Override
    public Set<K> keySet() {
        return m().keySet();
    }

    @Override
    public Collection<V> values() {
        return m().values();
    }

    @Override
    public Set<Entry<K, V>> entrySet() {
        return m().entrySet();
    }

    @Override
    public V putIfAbsent(K key, V value) {
        return m().putIfAbsent(key, value);
    }

    @Override
    public boolean remove(Object key, Object value) {
        return m().remove(key, value);
    }

    @Override
    public boolean replace(K key, V oldValue, V newValue) {
        return m().replace(key, oldValue, newValue);
    }

    @Override
    public V replace(K key, V value) {
        return m().replace(key, value);
    }

    @Override
    public V computeIfAbsent(K key, Function<? super K, ? extends V> mappingFunction) {
        return m().computeIfAbsent(key, mappingFunction);
    }

    @Override
    public V computeIfPresent(K key, BiFunction<? super K, ? super V, ? extends V> remappingFunction) {
        return m().computeIfPresent(key, remappingFunction);
    }

    @Override
    public V compute(K key, BiFunction<? super K, ? super V, ? extends V> remappingFunction) {
        return m().compute(key, remappingFunction);
    }

    @Override
    public V merge(K key, V value, BiFunction<? super V, ? super V, ? extends V> remappingFunction) {
        return m().merge(key, value, remappingFunction);
    }

    @Override
    public void forEach(BiConsumer<? super K, ? super V> action) {
        m().forEach(action);
    }

    @Override
    public void replaceAll(BiFunction<? super K, ? super V, ? extends V> function) {
        m().replaceAll(function);
    }

    @Override
    public String toString() {
        return "GlobalMap[" + name + "]" + m();
    }
}
