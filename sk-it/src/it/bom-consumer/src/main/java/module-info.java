/**
 * A throwaway consumer of Suitkaise, run on the module path: it requires sk-cycle (which brings
 * the modules it builds on, sk-reg among them, as the README's Install block says) and sk-root.
 */
module example.bomconsumer {
    requires dev.suitkaise.cycle;
    requires dev.suitkaise.root;
}
