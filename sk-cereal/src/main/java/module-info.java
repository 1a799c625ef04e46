/**
 * Suitkaise serialization: {@link dev.suitkaise.cereal.SKCereal} with an internal Kryo codec and
 * an external protobuf codec.
 *
 * <p>The internal codec reflects on user classes: a user module must open the packages of the
 * classes it serializes by their fields to {@code dev.suitkaise.cereal}.
 */
module dev.suitkaise.cereal {
    requires transitive dev.suitkaise.reg;
    requires org.slf4j;
    requires com.esotericsoftware.kryo;
    requires com.google.protobuf;
    requires org.objenesis;
    requires java.logging;
    // Kryo's constructor registers a serializer for java.sql.Timestamp, so java.sql must be resolved;
    // transitive because the public JdbcReconnector is a java.sql.Connection.
    requires transitive java.sql;
    // Objenesis (used by Kryo) instantiates classes without a no-arg constructor through
    // sun.reflect.ReflectionFactory, the JDK's own serialization constructor support.
    requires jdk.unsupported;

    exports dev.suitkaise.cereal;

    // Modules teach the internal codec their types by providing handlers (e.g. sk-root for SKPath).
    uses dev.suitkaise.cereal.CerealHandler;
    // JdbcReconnector finds a driver among the thread context class loader's services when
    // DriverManager has none for the URL.
    uses java.sql.Driver;
}
