package dev.suitkaise.cereal;

import java.util.Objects;

/**
 * One part of an object graph that the internal codec cannot carry, as found by
 * {@link InternalCereal#check(Object)}.
 *
 * @param path the object path from the root, such as {@code root.workers[2].lock}
 * @param type the name of the class of the part
 * @param reason why it cannot be carried and what to do about it
 */
public record CerealIssue(String path, String type, String reason) {

    /**
     * Validates the components.
     *
     * @param path the object path
     * @param type the class name
     * @param reason the explanation
     */
    public CerealIssue {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(reason, "reason");
    }

    @Override
    public String toString() {
        return path + " (" + type + "): " + reason;
    }
}
