package dev.suitkaise.process.internal;

import dev.suitkaise.process.ProcessSpec;
import dev.suitkaise.reg.CodeRoot;
import dev.suitkaise.reg.Domain;
import dev.suitkaise.reg.DomainRoots;
import dev.suitkaise.reg.SKRegException;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The domain roots a parent hands its child in the {@link Frame.Welcome}: the roots the parent
 * holds at that moment, so that roots added at run time ({@code SKRoot.registerDomainRoots()},
 * {@link DomainRoots#add}) reach new children and warm spares alike, whatever their JVM's system
 * properties said when it started, plus the roots the child's own {@link ProcessSpec} sets
 * ({@code suitkaise.domain.internal} / {@code .external} as a system property or a {@code -D} JVM
 * option), which that child alone gets. The child's roots become exactly these, so a child has an
 * INTERNAL root its parent lacks only if its spec gives it one. Stateless and thread-safe.
 */
final class Roots {

    private Roots() {
    }

    /**
     * The current roots of a domain in their text form ({@code module:NAME} or an absolute path),
     * which {@link CodeRoot#parse} reads back.
     *
     * @param domain {@link Domain#INTERNAL} or {@link Domain#EXTERNAL}
     * @return the roots, in order
     */
    static List<String> of(Domain domain) {
        return DomainRoots.of(domain).stream().map(CodeRoot::toString).toList();
    }

    /**
     * The roots of a domain a child of {@code spec} gets: this JVM's current ones ({@link #of(Domain)}),
     * then those its spec sets that are not among them.
     *
     * @param domain {@link Domain#INTERNAL} or {@link Domain#EXTERNAL}
     * @param spec the child's spec
     * @return the roots in their text form, in order
     */
    static List<String> of(Domain domain, ProcessSpec spec) {
        List<String> roots = new ArrayList<>(of(domain));
        String property = "suitkaise.domain." + domain.name().toLowerCase(Locale.ROOT);
        String value = spec.systemProperties().get(property);
        if (value == null) {
            String option = "-D" + property + "=";
            for (String o : spec.jvmOptions()) {
                if (o.startsWith(option)) {
                    value = o.substring(option.length()); // the last one wins, as in the JVM
                }
            }
        }
        if (value != null) {
            try {
                for (CodeRoot r : CodeRoot.parseAll(value, "The spec's " + property)) {
                    if (!roots.contains(r.toString())) {
                        roots.add(r.toString());
                    }
                }
            } catch (SKRegException e) {
                // the child's own DomainRoots refuses the property when it starts, naming the entry
            }
        }
        return List.copyOf(roots);
    }

    /**
     * Makes this JVM's roots of a domain exactly {@code parent}'s (as {@link #of(Domain, ProcessSpec)}
     * made them for this child): adds the roots it lacks, then removes those not among them.
     * Changes nothing when they already agree.
     *
     * @param domain {@link Domain#INTERNAL} or {@link Domain#EXTERNAL}
     * @param parent the parent's roots, from {@link #of}
     * @throws dev.suitkaise.reg.SKRegException if an entry cannot be parsed
     * @throws dev.suitkaise.reg.SKAccessException if sk-process is not INTERNAL code in this JVM
     *     (a renamed or shaded jar not listed in {@code -Dsuitkaise.domain.internal}) and the
     *     roots differ
     */
    static void adopt(Domain domain, List<String> parent) {
        List<CodeRoot> wanted = new ArrayList<>();
        for (String text : parent) {
            wanted.add(CodeRoot.parse(text));
        }
        List<CodeRoot> have = DomainRoots.of(domain);
        CodeRoot[] missing = wanted.stream().filter(r -> !have.contains(r)).toArray(CodeRoot[]::new);
        if (missing.length > 0) {
            DomainRoots.add(domain, missing);
        }
        for (CodeRoot r : have) {
            if (!wanted.contains(r)) {
                DomainRoots.remove(domain, r);
            }
        }
    }
}
