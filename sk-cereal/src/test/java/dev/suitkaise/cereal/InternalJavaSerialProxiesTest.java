package dev.suitkaise.cereal;

import org.junit.jupiter.api.Test;

import java.io.Serial;
import java.io.Serializable;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Classes with {@code writeReplace/readResolve} travel through Java serialization inside the
 * message; the JDK's own serialization proxies of allowed value types ({@code java.time},
 * immutable collections, {@code EnumSet}, lambdas) are allowed there, anything else is refused by
 * name.
 */
class InternalJavaSerialProxiesTest {

    /** Written by Java serialization through a replacement, like stored functions are. */
    static final class Envelope implements Serializable {
        @Serial
        private static final long serialVersionUID = 1L;
        final transient Object payload;

        Envelope(Object payload) {
            this.payload = payload;
        }

        @Serial
        private Object writeReplace() {
            return new Form(payload);
        }
    }

    /** The serial form of an {@link Envelope}. */
    record Form(Object payload) implements Serializable {
        @Serial
        private Object readResolve() {
            return new Envelope(payload);
        }
    }

    /** Not allowed anywhere. */
    static final class Stranger implements Serializable {
        @Serial
        private static final long serialVersionUID = 1L;
    }

    private static final InternalCereal CODEC = InternalCereal.builder()
            // the lambda's capturing class must be allowed too: its $deserializeLambda$ rebuilds the lambda
            .allowClasses(Envelope.class, Form.class, InternalJavaSerialProxiesTest.class)
            .allowDomainRoots(false)
            .build();

    private static Object roundTrip(Object payload) {
        Envelope back = CODEC.deserialize(CODEC.serialize(new Envelope(payload)), Envelope.class);
        return back.payload;
    }

    @Test
    void javaTimeValuesImmutableCollectionsAndEnumSetsPassThroughTheirJdkProxies() {
        Object payload = List.of(Duration.ofSeconds(90), Instant.parse("2026-11-25T12:00:00Z"), LocalDate.of(2026, 11, 25),
                Map.of("a", 1, "b", 2), Set.of("x"), EnumSet.of(TimeUnit.SECONDS, TimeUnit.DAYS));

        assertThat(roundTrip(payload)).isEqualTo(payload);
    }

    @Test
    void aSerializableLambdaInsideJavaSerializedDataComesBackCallable() {
        String captured = "captured";
        Supplier<String> lambda = (Supplier<String> & Serializable) () -> "lambda " + captured;

        @SuppressWarnings("unchecked")
        Supplier<String> back = (Supplier<String>) roundTrip(lambda);

        assertThat(back.get()).isEqualTo("lambda captured");
    }

    @Test
    void aClassThatIsNotAllowedIsRefusedByName() {
        byte[] bytes = CODEC.serialize(new Envelope(new Stranger()));

        assertThatThrownBy(() -> CODEC.deserialize(bytes))
                .isInstanceOfSatisfying(SKCerealClassNotAllowedException.class,
                        e -> assertThat(e.className()).isEqualTo(Stranger.class.getName()))
                .hasMessageContaining(Stranger.class.getName())
                .hasMessageContaining("not allowed");
    }
}
