package dev.suitkaise.testkit;

import java.util.function.Supplier;

/**
 * A class that {@link OutsideCodeTest} copies: it reports the class loader of a class it uses, so the test sees which
 * loader the copy's references resolve through. Top-level and without nested classes, as {@link OutsideCode} needs.
 */
public final class CopiedUser implements Supplier<ClassLoader> {

    /** Creates the user. */
    public CopiedUser() {
    }

    @Override
    public ClassLoader get() {
        return Helper.class.getClassLoader();
    }
}
