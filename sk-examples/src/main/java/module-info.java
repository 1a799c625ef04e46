/**
 * A runnable tour of Suitkaise: {@link dev.suitkaise.examples.Tour}. Not published.
 */
module dev.suitkaise.examples {
    requires transitive dev.suitkaise.reg;
    requires dev.suitkaise.root;

    exports dev.suitkaise.examples;
}
