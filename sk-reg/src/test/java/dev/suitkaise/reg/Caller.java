package dev.suitkaise.reg;

/**
 * A way for tests to call code that was loaded from outside the domain roots, without reflection:
 * the outside class implements this interface, which both sides share.
 */
public interface Caller {

    /**
     * Performs a named action from the implementing class.
     *
     * @param action what to do
     * @param argument the action's argument, or null
     * @return the action's result
     */
    Object call(String action, Object argument);
}
