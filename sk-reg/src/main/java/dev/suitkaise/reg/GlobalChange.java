package dev.suitkaise.reg;

import java.util.Objects;

/**
 * One change to a global map or value, delivered to its {@linkplain GlobalListener listeners}.
 *
 * <p>A change stores a new value for a key ({@code newValue} not null) or removes a key
 * ({@code newValue} null); {@code oldValue} is what the key held just before, null when it was
 * absent; the two are never equal (writing an equal value is no change). The values are those of
 * this change alone: changes of one key arrive in the order they took effect, and a listener that
 * follows several keys can tell each key's history apart even though concurrent changes of
 * different keys may arrive in either order. With a
 * cross-process storage the values are copies that travelled through sk-cereal.
 *
 * @param global the map's name, or for a {@link GlobalValue} the value's name
 * @param key the key that changed; for a {@link GlobalValue}, its name
 * @param oldValue the value before the change, or null if the key was absent
 * @param newValue the value after the change, or null if the key was removed
 * @param <K> the key type
 * @param <V> the value type
 */
public record GlobalChange<K, V>(GlobalName global, K key, V oldValue, V newValue) {

    /**
     * Creates a change.
     *
     * @param global the global's name
     * @param key the key; not null
     * @param oldValue the previous value, or null
     * @param newValue the new value, or null for a removal
     */
    public GlobalChange {
        Objects.requireNonNull(global, "global");
        Objects.requireNonNull(key, "key");
    }

    /**
     * Whether the change added a key that was absent.
     *
     * @return true if {@code oldValue} is null
     */
    public boolean added() {
        return oldValue == null;
    }

    /**
     * Whether the change removed the key.
     *
     * @return true if {@code newValue} is null
     */
    public boolean removed() {
        return newValue == null;
    }
}
