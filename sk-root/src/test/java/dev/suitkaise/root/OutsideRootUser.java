package dev.suitkaise.root;

import dev.suitkaise.reg.CodeRoot;

import java.nio.file.Path;
import java.util.List;
import java.util.function.BiFunction;

/**
 * Calls sk-root as code outside every domain root would: {@code DomainRootsRegistrationTest} copies
 * this class into a temporary directory and defines it from there. It must stay free of nested
 * classes (they would be separate class files that are not copied).
 */
public final class OutsideRootUser implements BiFunction<String, Path, Object> {

    /** Creates the user. */
    public OutsideRootUser() {
    }

    @Override
    public Object apply(String action, Path project) {
        switch (action) {
            case "register":
                return SKRoot.of(project).registerDomainRoots();
            case "close-forged":
                new DomainRegistration(List.of(CodeRoot.module("dev.suitkaise.reg")), List.of()).close();
                return "closed";
            default:
                throw new IllegalArgumentException("Unknown action " + action);
        }
    }
}
