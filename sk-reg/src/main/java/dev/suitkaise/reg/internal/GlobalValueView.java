package dev.suitkaise.reg.internal;

import dev.suitkaise.reg.GlobalChange;
import dev.suitkaise.reg.GlobalListener;
import dev.suitkaise.reg.GlobalMap;
import dev.suitkaise.reg.GlobalName;
import dev.suitkaise.reg.GlobalValue;
import dev.suitkaise.reg.Subscription;

import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * A global value kept as one key of its domain's reserved values map. Thread-safe; atomic as far
 * as the map's operations are.
 */
@SuppressWarnings("unchecked")
public final class GlobalValueView<T> implements GlobalValue<T> {

    private final GlobalName name;
    private final GlobalMap<Object, Object> values;

    /**
     * Creates a view.
     *
     * @param name the value's name
     * @param values the domain's values map, keyed by value name
     */
    public GlobalValueView(GlobalName name, GlobalMap<Object, Object> values) {
        this.name = name;
        this.values = values;
    }

    private String key() {
        return name.name();
    }

    @Override
    public GlobalName globalName() {
        return name;
    }

    @Override
    public T get() {
        return (T) values.get(key());
    }

    @Override
    public void set(T value) {
        if (value == null) {
            values.remove(key());
        } else {
            values.put(key(), value);
        }
    }

    @Override
    public T getAndSet(T value) {
        return (T) (value == null ? values.remove(key()) : values.put(key(), value));
    }

    @Override
    public boolean compareAndSet(T expected, T update) {
        if (expected == null) {
            return update == null ? !values.containsKey(key()) : values.putIfAbsent(key(), update) == null;
        }
        return update == null ? values.remove(key(), expected) : values.replace(key(), expected, update);
    }

    @Override
    public T updateAndGet(UnaryOperator<T> update) {
        Objects.requireNonNull(update, "update");
        return (T) values.compute(key(), (k, cur) -> update.apply((T) cur));
    }

    @Override
    public T getAndUpdate(UnaryOperator<T> update) {
        Objects.requireNonNull(update, "update");
        Object[] previous = new Object[1];
        values.compute(key(), (k, cur) -> {
            previous[0] = cur;
            return update.apply((T) cur);
        });
        return (T) previous[0];
    }

    @Override
    public Subscription onChange(GlobalListener<String, T> listener) {
        Objects.requireNonNull(listener, "listener");
        String key = key();
        return values.onChange(change -> {
            if (key.equals(change.key())) {
                listener.onChange(new GlobalChange<>(name, key, (T) change.oldValue(), (T) change.newValue()));
            }
        });
    }

    @Override
    public String toString() {
        return "GlobalValue[" + name + "]=" + get();
    }
}
