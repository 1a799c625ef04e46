package dev.suitkaise.function;

import dev.suitkaise.function.internal.TargetRef;

import java.io.Serial;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Everything a function is, as plain data: its target, its bound arguments as values, its name,
 * description, metadata, modifiers and metrics switch. This is what travels between processes.
 *
 * @param target the target
 * @param positional arguments bound by position (may hold null)
 * @param named arguments bound by parameter name (may hold null values)
 * @param name the name
 * @param description the description
 * @param metadata the metadata
 * @param modifiers the modifiers
 * @param metricsEnabled whether calls are recorded
 */
record Spec(TargetRef target, List<Object> positional, Map<String, Object> named, String name, String description,
            Map<String, Object> metadata, Modifiers modifiers, boolean metricsEnabled) implements Serializable {

    @Serial
    private static final long serialVersionUID = 1L;

    Spec {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(modifiers, "modifiers");
        positional = Collections.unmodifiableList(new ArrayList<>(positional));
        named = Collections.unmodifiableMap(new LinkedHashMap<>(named));
        metadata = Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
    }

    Spec withNamed(Map<String, ?> more) {
        Map<String, Object> all = new LinkedHashMap<>(named);
        all.putAll(more);
        return new Spec(target, positional, all, name, description, metadata, modifiers, metricsEnabled);
    }

    Spec withPositional(List<?> more) {
        List<Object> all = new ArrayList<>(positional);
        all.addAll(more);
        return new Spec(target, all, named, name, description, metadata, modifiers, metricsEnabled);
    }

    Spec withPositionalReplaced(List<?> all) {
        return new Spec(target, new ArrayList<>(all), named, name, description, metadata, modifiers, metricsEnabled);
    }

    Spec withName(String newName) {
        return new Spec(target, positional, named, newName, description, metadata, modifiers, metricsEnabled);
    }

    Spec withDescription(String text) {
        return new Spec(target, positional, named, name, text, metadata, modifiers, metricsEnabled);
    }

    Spec withMetadata(String key, Object value) {
        Map<String, Object> all = new LinkedHashMap<>(metadata);
        all.put(key, value);
        return new Spec(target, positional, named, name, description, all, modifiers, metricsEnabled);
    }

    Spec withModifiers(Modifiers mods) {
        return new Spec(target, positional, named, name, description, metadata, mods, metricsEnabled);
    }

    Spec withMetrics(boolean enabled) {
        return new Spec(target, positional, named, name, description, metadata, modifiers, enabled);
    }
}
