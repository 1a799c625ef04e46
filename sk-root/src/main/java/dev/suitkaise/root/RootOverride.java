package dev.suitkaise.root;

/**
 * A scoped override of {@link SKRoot#current()}, made by {@link SKRoot#override(SKRoot)}. While
 * open (and innermost), its root is the current root of the whole process; closing it restores
 * the previous one.
 *
 * <p>Thread-safe; {@link #close()} may be called more than once.
 */
public final class RootOverride implements AutoCloseable {

    private final SKRoot root;

    RootOverride(SKRoot root) {
        this.root = root;
    }

    /**
     * The root this override makes current.
     *
     * @return the root
     */
    public SKRoot root() {
        return root;
    }

    /** Ends the override; a second call does nothing. Never throws. */
    @Override
    public void close() {
        SKRoot.endOverride(this);
    }

    @Override
    public String toString() {
        return "RootOverride[" + root + "]";
    }
}
