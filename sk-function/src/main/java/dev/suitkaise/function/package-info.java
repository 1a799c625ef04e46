/**
 * Stored functions.
 *
 * <p>An {@link dev.suitkaise.function.SKFunction} is an immutable, serializable callable with
 * arguments bound by position or by parameter name, a name, a description and metadata; it is
 * built with {@link dev.suitkaise.function.SKFunctionBuilder}, run with {@code execute()} and
 * stored by name in a per-domain {@link dev.suitkaise.function.SKFunctionReg}. APIs accept
 * {@link dev.suitkaise.function.AnyFunction} and convert at the door with
 * {@link dev.suitkaise.function.SKFunctions#convert(AnyFunction)}. Methods annotated with
 * {@link dev.suitkaise.function.AutoReg} register themselves the first time they are looked up.
 * Variants: {@link dev.suitkaise.function.SKLambda}, {@link dev.suitkaise.function.SKGenerator}
 * (lazy sequences with back-pressure) and {@link dev.suitkaise.function.SKAsync} (futures).
 *
 * <p>No parameter of this package accepts null unless its documentation says so (as for an argument
 * value bound to a reference parameter); a null argument elsewhere throws a {@link NullPointerException}
 * whose message names the parameter.
 */
package dev.suitkaise.function;
