/**
 * Suitkaise registries: domain-scoped named registries ({@link dev.suitkaise.reg.SKReg}) and
 * named global values and maps ({@link dev.suitkaise.reg.SKGlobal}) kept in a pluggable
 * {@link dev.suitkaise.reg.SKGlobalStorage}.
 *
 * <p>The in-process storage is the default; another module may provide a different one
 * (for example, the cross-process storage of sk-process) through {@link java.util.ServiceLoader}.
 */
module dev.suitkaise.reg {
    requires org.slf4j;

    exports dev.suitkaise.reg;

    uses dev.suitkaise.reg.SKGlobalStorage;
}
