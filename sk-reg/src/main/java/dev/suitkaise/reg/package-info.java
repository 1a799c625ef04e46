/**
 * Domain-scoped registries and global values.
 *
 * <p>{@link dev.suitkaise.reg.SKReg} is the base of every Suitkaise registry: one instance per
 * (registry type, {@link dev.suitkaise.reg.Domain}) per process, with named entries, metadata,
 * a duplicate policy and listeners. {@link dev.suitkaise.reg.SKGlobal} gives named maps and
 * values that all code of the program sees, kept in a pluggable
 * {@link dev.suitkaise.reg.SKGlobalStorage}, with {@linkplain dev.suitkaise.reg.GlobalListener listeners}
 * for their changes. Registries and globals of the INTERNAL and EXTERNAL
 * domains can be opened only by code under the domain's {@link dev.suitkaise.reg.DomainRoots roots};
 * {@link dev.suitkaise.reg.SKAccess} says how that code is found and lets code that runs callbacks
 * chosen by others restrict the checks to them.
 *
 * <p>No parameter of this package accepts null unless its documentation says so (as for the values of a
 * {@link dev.suitkaise.reg.GlobalValue}); a null argument elsewhere throws a {@link NullPointerException}
 * whose message names the parameter.
 */
package dev.suitkaise.reg;
