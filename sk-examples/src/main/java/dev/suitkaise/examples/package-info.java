/**
 * The Suitkaise tour: small, runnable programs that show each module as it lands. The README's
 * demo command runs {@link dev.suitkaise.examples.Tour}; one focused example per feature lives in
 * {@link dev.suitkaise.examples.focused}.
 */
package dev.suitkaise.examples;
