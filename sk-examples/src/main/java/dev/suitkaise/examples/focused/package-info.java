/**
 * Focused examples: one small program per feature, each a {@code main} that prints what it does.
 * Every one is run in its own JVM by {@code FocusedExamplesTest}, which checks what it printed and
 * that it left no process behind; the README's Java blocks are verbatim regions of these files
 * (between {@code // begin:NAME} and {@code // end:NAME} lines), checked by {@code ReadmeBlocksTest}.
 *
 * <p>Run one with
 * {@code ./mvnw -q -pl sk-examples -am -Pexample -Dexample=Registries -DskipTests verify}.
 */
package dev.suitkaise.examples.focused;
