package dev.suitkaise.reg;

/**
 * A class that uses nothing but {@code java.lang}, so that tests can load copies of it from
 * directories and jars with a plain {@link java.net.URLClassLoader} and see where it came from.
 */
public final class LonelyProbe {

    /** Creates the probe. */
    public LonelyProbe() {
    }

    @Override
    public String toString() {
        return "lonely probe";
    }
}
