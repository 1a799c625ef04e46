/**
 * The README's demo ({@link dev.suitkaise.examples.words.WordTour}, the whole stack on one workload), a
 * module-by-module walk ({@link dev.suitkaise.examples.Tour}), and one focused example per feature in
 * {@link dev.suitkaise.examples.focused}. Not published.
 */
module dev.suitkaise.examples {
    requires transitive dev.suitkaise.reg;
    requires transitive dev.suitkaise.root;
    requires transitive dev.suitkaise.cereal;
    requires transitive dev.suitkaise.function;
    requires transitive dev.suitkaise.thread;
    requires transitive dev.suitkaise.process;
    requires transitive dev.suitkaise.cycle;

    // the internal codec carries the examples' own classes (and lambdas) by their fields
    opens dev.suitkaise.examples to dev.suitkaise.cereal;
    opens dev.suitkaise.examples.focused to dev.suitkaise.cereal;
    opens dev.suitkaise.examples.words to dev.suitkaise.cereal;

    exports dev.suitkaise.examples;
    exports dev.suitkaise.examples.focused;
    exports dev.suitkaise.examples.words;
}
