/**
 * Suitkaise process manager: one {@link dev.suitkaise.process.SKProcessCommander} per program
 * holds the process budget and the cross-process global storage; an
 * {@link dev.suitkaise.process.SKProcessManager} per domain starts child JVMs
 * ({@link dev.suitkaise.process.SKProcess}), runs init functions in them, sends them functions to
 * execute and watches them.
 *
 * <p>Children talk to their parent over a private, token-authenticated local socket with
 * sk-cereal frames. Functions and their results travel through the internal codec: classes of a
 * user module that travel must have their package open to {@code dev.suitkaise.cereal}.
 */
module dev.suitkaise.process {
    requires transitive dev.suitkaise.cereal;
    requires transitive dev.suitkaise.function;
    requires org.slf4j;
    // the parent's JVM options (module patches, opens, agents) are read to launch children alike
    requires java.management;

    exports dev.suitkaise.process;

    // the wire frames are records carried by the internal codec
    opens dev.suitkaise.process.internal to dev.suitkaise.cereal;

    provides dev.suitkaise.reg.SKGlobalStorage with dev.suitkaise.process.internal.ProcessGlobalStorage;
}
