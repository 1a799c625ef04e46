/**
 * A throwaway consumer of Suitkaise's registries, run on the module path.
 */
module example.bomconsumer {
    requires dev.suitkaise.reg;
    requires dev.suitkaise.root;
}
