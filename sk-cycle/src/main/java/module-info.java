/**
 * Suitkaise cycle engine: trees of parts addressed by (level, position), built with a
 * {@link dev.suitkaise.cycle.CycleBuilder} and run by a {@link dev.suitkaise.cycle.Cycle} on pooled
 * threads and component workers of the process's {@link dev.suitkaise.thread.SKThreader}, and in
 * managed child processes through sk-process.
 *
 * <p>Every run emits the JFR events {@code dev.suitkaise.cycle.PartEnd} (one per part) and
 * {@code dev.suitkaise.cycle.RunEnd} (one per run).
 */
module dev.suitkaise.cycle {
    requires transitive dev.suitkaise.process;
    requires transitive dev.suitkaise.thread;
    requires org.slf4j;
    requires jdk.jfr;

    exports dev.suitkaise.cycle;

    // a part placed in a child process travels there as an internal record through the internal codec
    opens dev.suitkaise.cycle.internal to dev.suitkaise.cereal;
}
