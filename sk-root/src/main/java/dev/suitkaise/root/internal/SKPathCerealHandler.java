package dev.suitkaise.root.internal;

import dev.suitkaise.cereal.CerealHandler;
import dev.suitkaise.cereal.SKCerealException;
import dev.suitkaise.root.SKPath;
import dev.suitkaise.root.SKRoot;

/**
 * Carries an {@link SKPath} through sk-cereal's internal codec as its normalized form
 * ({@link SKPath#relative()}): the sender's root does not travel; the receiver re-roots the path
 * on its own {@link SKRoot#current()}, so {@code src/Main.java} names the same project file on
 * both machines. A path outside the root travels as its absolute form and stays absolute.
 *
 * <p>Provided to sk-cereal as a service (module-info {@code provides}, and
 * {@code META-INF/services} for the class path). Stateless and thread-safe.
 */
public final class SKPathCerealHandler implements CerealHandler<SKPath> {

    /** Creates the handler; called by {@link java.util.ServiceLoader}. */
    public SKPathCerealHandler() {
    }

    @Override
    public Class<SKPath> type() {
        return SKPath.class;
    }

    @Override
    public Object extract(SKPath value) {
        return value.relative();
    }

    @Override
    public SKPath reconstruct(Object state) {
        if (!(state instanceof String relative)) {
            throw new SKCerealException("An SKPath arrived as " + (state == null ? "null" : state.getClass().getName())
                    + " instead of its normalized form (a String); sender and receiver run different versions of sk-root.");
        }
        return SKPath.onRoot(SKRoot.current(), relative);
    }
}
