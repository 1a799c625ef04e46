package dev.suitkaise.reg;

import java.util.Objects;

/**
 * The name of one global map or value: its domain and a name unique within that domain and kind.
 *
 * @param domain the domain
 * @param name the name; not blank
 */
public record GlobalName(Domain domain, String name) {
    /**
     * Creates a global name.
     *
     * @param domain the domain
     * @param name the name; not blank
     */
    public GlobalName {
        Objects.requireNonNull(domain, "domain");
        Objects.requireNonNull(name, "name");
        if (name.isBlank()) {
            throw new IllegalArgumentException("A global's name must not be blank (domain " + domain + ").");
        }
    }

    @Override
    public String toString() {
        return domain + "/" + name;
    }
}
