package dev.suitkaise.thread;

import java.util.Objects;

/**
 * The typed key of a per-thread object, for {@link SKThreader#local(LocalKey, java.util.function.Supplier)}.
 * Two keys are the same key when their names and types are equal. Immutable.
 *
 * @param name the key's name, for example {@code "message-bus"}
 * @param type the type of the object kept under the key
 * @param <T> the object's type
 */
public record LocalKey<T>(String name, Class<T> type) {

    /**
     * Checks the values.
     *
     * @throws NullPointerException if an argument is null
     */
    public LocalKey {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
    }

    /**
     * Creates a key.
     *
     * @param name the key's name
     * @param type the type of the object kept under the key
     * @param <T> the object's type
     * @return the key
     */
    public static <T> LocalKey<T> of(String name, Class<T> type) {
        return new LocalKey<>(name, type);
    }
}
