/**
 * A throwaway consumer of Suitkaise, run on the module path: it requires sk-cycle (which brings
 * the modules it builds on, sk-reg among them, as the README's Install block says) and sk-root.
 */
module example.bomconsumer {
    requires dev.suitkaise.cycle;
    requires dev.suitkaise.root;

    // its records travel through the internal codec and to child JVMs (the README's "Set up your code")
    opens example.bomconsumer to dev.suitkaise.cereal;
}
