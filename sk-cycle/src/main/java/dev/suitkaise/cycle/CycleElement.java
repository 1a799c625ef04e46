package dev.suitkaise.cycle;

/**
 * What a slot of a cycle can hold: a single {@link CyclePart}, or a whole {@link Cycle} whose tree is
 * copied under the slot. Also what a {@link CycleReg} stores. Implementations are immutable and
 * thread-safe.
 */
public sealed interface CycleElement permits CyclePart, Cycle {

    /**
     * Returns the element's name.
     *
     * @return the name
     */
    String name();
}
