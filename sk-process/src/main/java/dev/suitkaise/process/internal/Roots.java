package dev.suitkaise.process.internal;

import dev.suitkaise.reg.CodeRoot;
import dev.suitkaise.reg.Domain;
import dev.suitkaise.reg.DomainRoots;

import java.util.ArrayList;
import java.util.List;

/**
 * The domain roots a parent hands its child in the {@link Frame.Welcome}: the roots the parent
 * holds at that moment, so that roots added at run time ({@code SKRoot.registerDomainRoots()},
 * {@link DomainRoots#add}) reach new children and warm spares alike, whatever their JVM's system
 * properties said when it started. The child's roots become exactly the parent's, so a child
 * never has an INTERNAL root its parent does not have. Stateless and thread-safe.
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
     * Makes this JVM's roots of a domain exactly {@code parent}'s: adds the roots it lacks, then
     * removes those the parent does not have. Changes nothing when they already agree.
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
