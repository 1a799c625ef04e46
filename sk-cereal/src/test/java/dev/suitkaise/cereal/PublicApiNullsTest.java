package dev.suitkaise.cereal;

import dev.suitkaise.testkit.PublicApiNulls;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A null argument to any public constructor or method of {@code dev.suitkaise.cereal} is refused with a
 * NullPointerException whose message names the parameter, except where the Javadoc says null is allowed.
 */
class PublicApiNullsTest {

    @Test
    void everyPublicMemberRefusesANullArgumentWithAMessageNamingTheParameter() {
        PublicApiNulls nulls = new PublicApiNulls("dev.suitkaise.cereal", PublicApiNullsTest.class)
                .setDefault(String.class, "public-api-nulls")
                .setDefault(ExternalSchema.class, ExternalSchema.of(CerealIssue.class))
                .setDefault(ExternalCereal.Limits.class, ExternalCereal.Limits.defaults())
                .setDefault(JdbcReconnector.Settings.class, new JdbcReconnector.Settings(true, false, 0, null, null))
                // Throwable's convention: a null message or cause is allowed
                .nullable("SKCerealException.new.message", "Throwable convention")
                .nullable("SKCerealException.new.cause", "Throwable convention")
                .nullable("SKCerealClassNotAllowedException.new.cause", "Throwable convention")
                // a null root is written and read back as null
                .nullable("InternalCereal.serialize.value", "'the root of the graph; may be null'")
                .nullable("InternalCereal.check.value", "'the root of the graph; may be null'")
                .nullable("ExternalCereal.serialize.value", "'the value to write; may be null'")
                .nullable("ExternalCereal.withSchema.schema", "'or null for a codec that writes self-describing documents'")
                .nullable("JdbcReconnector.Settings.new.catalog", "'or null if it had none'")
                .nullable("JdbcReconnector.Settings.new.schema", "'or null if it had none'")
                // null bytes are malformed input to the external codec, as ExternalMalformedInputTest pins
                .refusedWith("ExternalCereal.deserialize.bytes", SKCerealException.class, "ExternalMalformedInputTest")
                .nullable("JdbcReconnector.new.settings", "'or null for a connection that was already closed'")
                .nullable("JdbcReconnector.closed.url", "'or null if the driver no longer reported it'")
                // (its constructor's url may be null only with null settings, which the default settings are not)
                .nullable("JdbcReconnector.reconnect.user", "'or null to pass none'")
                .nullable("JdbcReconnector.reconnect.password", "'or null to pass none'");

        nulls.statics(CerealHandlerReg.class).statics(CerealIssue.class).statics(ExternalCereal.class)
                .statics(ExternalCereal.Limits.class).statics(ExternalSchema.class).statics(InternalCereal.class)
                .statics(InternalCereal.Builder.class).statics(JdbcReconnector.class)
                .statics(JdbcReconnector.Settings.class).statics(ProcessReconnector.class).statics(Reconnector.class)
                .statics(SKCereal.class).statics(SKCerealException.class).statics(SKCerealClassNotAllowedException.class).statics(SocketReconnector.class)
                .statics(CerealPreparable.class);

        nulls.instance(InternalCereal.class, SKCereal.internal())
                .instance(InternalCereal.Builder.class, InternalCereal.builder())
                .instance(ExternalCereal.class, SKCereal.external())
                .instance(ExternalCereal.Limits.class, ExternalCereal.Limits.defaults())
                .instance(ExternalSchema.class, ExternalSchema.of(CerealIssue.class))
                .instance(CerealIssue.class, new CerealIssue("root", "T", "why"))
                .instance(SKCerealClassNotAllowedException.class, new SKCerealClassNotAllowedException("T", "refused"))
                // a reconnector of a closed connection: reconnect refuses at once, it never looks for a driver
                .instance(JdbcReconnector.class, JdbcReconnector.closed("jdbc:public-api-nulls:db"))
                .instance(JdbcReconnector.Settings.class, new JdbcReconnector.Settings(true, false, 0, null, null))
                // not started: only reconnect would start the command, and it is only called with null credentials
                .instance(ProcessReconnector.class, new ProcessReconnector(List.of("true")))
                // not connected: only reconnect would connect, and it is only called with null credentials
                .instance(SocketReconnector.class, new SocketReconnector("localhost", 9, 100, true, false))
                .instance(Reconnector.class, JdbcReconnector.closed("jdbc:public-api-nulls:db"))
                .instance(CerealHandlerReg.class, CerealHandlerReg.of(dev.suitkaise.reg.Domain.GLOBAL))
                .noMembers(CerealHandler.class, "implemented by users; the codec calls it, never with null");

        nulls.assertClean();
        assertThat(nulls.membersChecked()).hasSizeGreaterThan(40);
    }
}
