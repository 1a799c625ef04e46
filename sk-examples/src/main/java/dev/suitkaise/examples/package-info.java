/**
 * The Suitkaise tour: small, runnable programs that show each module as it lands. The README's
 * demo command runs {@link dev.suitkaise.examples.Tour}.
 */
package dev.suitkaise.examples;
