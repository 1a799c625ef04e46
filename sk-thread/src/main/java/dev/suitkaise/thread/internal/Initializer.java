package dev.suitkaise.thread.internal;

import dev.suitkaise.function.AnyFunction;

/**
 * A registered thread initializer.
 *
 * @param name its name, for messages
 * @param priority higher runs first
 * @param seq registration order, for ties
 * @param function what runs
 * @param label the current-task label while it runs
 */
record Initializer(String name, int priority, long seq, AnyFunction<?> function, String label) {
}
