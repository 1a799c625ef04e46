/**
 * A runnable tour of Suitkaise: {@link dev.suitkaise.examples.Tour}. Not published.
 */
module dev.suitkaise.examples {
    requires transitive dev.suitkaise.reg;
    requires dev.suitkaise.root;
    requires dev.suitkaise.cereal;
    requires dev.suitkaise.function;

    // the internal codec carries the tour's own classes by their fields
    opens dev.suitkaise.examples to dev.suitkaise.cereal;

    exports dev.suitkaise.examples;
}
