/**
 * Implementation of sk-function, not exported: resolving targets to method handles and
 * generated invokers, binding and checking arguments, the modifier pipeline (retry, rate limit,
 * timeout, background), interrupting futures, generator hand-off, metrics recording and the
 * class scan behind {@link dev.suitkaise.function.AutoReg} auto-registration.
 */
package dev.suitkaise.function.internal;
