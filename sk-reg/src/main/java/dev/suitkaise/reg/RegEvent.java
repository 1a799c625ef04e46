package dev.suitkaise.reg;

import java.util.Objects;

/**
 * A change to a registry, delivered to its {@linkplain RegListener listeners}.
 *
 * @param kind what happened
 * @param registry the registry's name ({@link SKReg#name()})
 * @param domain the registry's domain
 * @param key the key that changed
 * @param oldValue the value before the change, or null for {@link Kind#REGISTERED}
 * @param newValue the value after the change, or null for {@link Kind#REMOVED}
 * @param <V> the registry's value type
 */
public record RegEvent<V>(Kind kind, String registry, Domain domain, String key, V oldValue, V newValue) {

    /**
     * Creates the event.
     *
     * @param kind what happened
     * @param registry the registry's name
     * @param domain the registry's domain
     * @param key the key that changed
     * @param oldValue the value before the change, or null for {@link Kind#REGISTERED}
     * @param newValue the value after the change, or null for {@link Kind#REMOVED}
     */
    public RegEvent {
        Objects.requireNonNull(kind, "RegEvent: kind is null");
        Objects.requireNonNull(registry, "RegEvent: registry is null");
        Objects.requireNonNull(domain, "RegEvent: domain is null");
        Objects.requireNonNull(key, "RegEvent: key is null");
    }

    /** The kinds of change. */
    public enum Kind {
        /** A new key was registered. */
        REGISTERED,
        /** An existing key got a new value. */
        REPLACED,
        /** A key was removed (also by {@link SKReg#clear()}). */
        REMOVED
    }
}
