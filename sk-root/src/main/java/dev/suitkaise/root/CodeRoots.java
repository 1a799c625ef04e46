package dev.suitkaise.root;

import dev.suitkaise.reg.CodeRoot;

import java.util.List;
import java.util.Objects;

/**
 * The code roots a project contributes to sk-reg's restricted domains, as computed by
 * {@link SKRoot#codeRoots()}.
 *
 * <p>An immutable value; thread-safe.
 *
 * @param internal roots for {@link dev.suitkaise.reg.Domain#INTERNAL}: Suitkaise's modules and code locations
 * @param external roots for {@link dev.suitkaise.reg.Domain#EXTERNAL}: the project's own code locations
 */
public record CodeRoots(List<CodeRoot> internal, List<CodeRoot> external) {

    /**
     * Creates the value, copying the lists.
     *
     * @param internal roots for INTERNAL
     * @param external roots for EXTERNAL
     */
    public CodeRoots {
        internal = List.copyOf(Objects.requireNonNull(internal, "CodeRoots: internal is null; pass List.of() for none"));
        external = List.copyOf(Objects.requireNonNull(external, "CodeRoots: external is null; pass List.of() for none"));
    }
}
