/**
 * A runnable tour of Suitkaise: {@link dev.suitkaise.examples.Tour}. Not published.
 */
module dev.suitkaise.examples {
    requires transitive dev.suitkaise.reg;
    requires transitive dev.suitkaise.root;
    requires transitive dev.suitkaise.cereal;
    requires transitive dev.suitkaise.function;
    requires transitive dev.suitkaise.cycle;

    // the internal codec carries the tour's own classes by their fields
    opens dev.suitkaise.examples to dev.suitkaise.cereal;

    exports dev.suitkaise.examples;
}
