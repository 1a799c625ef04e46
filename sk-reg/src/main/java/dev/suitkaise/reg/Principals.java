package dev.suitkaise.reg;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The code on whose behalf something runs, for {@link SKAccess#restrictTo(Principals, java.util.concurrent.Callable)}:
 * classes, and the names of classes that could not be identified in this process (a function
 * that arrived from another process may name a creator that does not load here). An unidentified
 * principal is never allowed a restricted domain, so it can only make a check fail.
 *
 * <p>An immutable value; thread-safe.
 *
 * @param classes the principals' classes, without duplicates
 * @param unidentified the names of principals that could not be identified, without duplicates
 */
public record Principals(List<Class<?>> classes, List<String> unidentified) {

    /** No principal: binding it restricts nothing. */
    public static final Principals NONE = new Principals(List.of(), List.of());

    /**
     * Creates the value, copying the lists.
     *
     * @param classes the principals' classes
     * @param unidentified the names of unidentified principals
     */
    public Principals {
        classes = List.copyOf(new LinkedHashSet<>(Objects.requireNonNull(classes,
                "Principals: classes is null; pass an empty list for none")));
        unidentified = List.copyOf(new LinkedHashSet<>(Objects.requireNonNull(unidentified,
                "Principals: unidentified is null; pass an empty list for none")));
    }

    /**
     * Principals given as classes.
     *
     * @param classes the classes
     * @return the principals
     */
    public static Principals of(Class<?>... classes) {
        Objects.requireNonNull(classes, "of: classes is null; call of() with no class for none");
        for (Class<?> c : classes) {
            Objects.requireNonNull(c, "principal class");
        }
        return new Principals(List.of(classes), List.of());
    }

    /**
     * A principal that could not be identified: every check it takes part in fails.
     *
     * @param name what is known of it, typically the class name that did not load
     * @return the principals
     */
    public static Principals unidentified(String name) {
        return new Principals(List.of(), List.of(Objects.requireNonNull(name, "name")));
    }

    /**
     * Both these principals and others: code acting for the result must be allowed by all of them.
     *
     * @param other the other principals
     * @return the union, in order, without duplicates
     */
    public Principals and(Principals other) {
        Objects.requireNonNull(other, "other");
        if (other.isEmpty()) {
            return this;
        }
        if (isEmpty()) {
            return other;
        }
        List<Class<?>> allClasses = new ArrayList<>(classes);
        allClasses.addAll(other.classes);
        List<String> allNames = new ArrayList<>(unidentified);
        allNames.addAll(other.unidentified);
        return new Principals(allClasses, allNames);
    }

    /**
     * Whether there is no principal at all.
     *
     * @return true for {@link #NONE} and its equals
     */
    public boolean isEmpty() {
        return classes.isEmpty() && unidentified.isEmpty();
    }

    /**
     * The binary names of all principals, identified or not, for carrying them to another process.
     *
     * @return the names, classes first
     */
    public List<String> names() {
        Set<String> names = new LinkedHashSet<>();
        classes.forEach(c -> names.add(c.getName()));
        names.addAll(unidentified);
        return List.copyOf(names);
    }

    /**
     * Whether every principal lies under the roots of a domain.
     *
     * @param domain the domain
     * @return true if all of them may open it (always for {@link Domain#GLOBAL})
     */
    public boolean mayOpen(Domain domain) {
        Objects.requireNonNull(domain, "domain");
        if (!domain.isRestricted()) {
            return true;
        }
        if (!unidentified.isEmpty()) {
            return false;
        }
        for (Class<?> c : classes) {
            if (!DomainRoots.contains(domain, c)) {
                return false;
            }
        }
        return true;
    }
}
