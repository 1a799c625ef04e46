package dev.suitkaise.cereal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.Any;
import com.google.protobuf.Timestamp;
import dev.suitkaise.cereal.internal.external.proto.TypeInfo;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExternalMessagePassThroughTest {
    private final ExternalCereal cereal = SKCereal.external();

    record Envelope(String topic, TypeInfo payload, List<Timestamp> stamps) {
    }

    private static final TypeInfo INFO = TypeInfo.newBuilder().setName("x.Y").addMembers("a").addMembers("b").build();

    @Test
    void aGeneratedMessageComesBackAsItself() {
        byte[] bytes = cereal.serialize(INFO);

        assertThat(cereal.deserialize(bytes, TypeInfo.class)).isEqualTo(INFO);
    }

    @Test
    void messagesInsideRecordsAndListsComeBackAsTheirDeclaredTypes() {
        Envelope envelope = new Envelope("t", INFO, List.of(Timestamp.newBuilder().setSeconds(5).build()));

        assertThat(cereal.deserialize(cereal.serialize(envelope), Envelope.class)).isEqualTo(envelope);
    }

    @Test
    void plainReadingGivesTheMessageAsAnAny() {
        Object back = cereal.deserialize(cereal.serialize(INFO));

        assertThat(back).isEqualTo(Any.pack(INFO));
    }

    @Test
    void anAnyTravelsUnwrapped() {
        Any any = Any.pack(Timestamp.newBuilder().setNanos(3).build());

        assertThat(cereal.deserialize(cereal.serialize(any))).isEqualTo(any);
        assertThat(cereal.deserialize(cereal.serialize(any), Timestamp.class)).isEqualTo(Timestamp.newBuilder().setNanos(3).build());
    }

    @Test
    void aMessageOfAnotherTypeIsRefused() {
        byte[] bytes = cereal.serialize(INFO);

        assertThatThrownBy(() -> cereal.deserialize(bytes, Timestamp.class))
                .isInstanceOf(SKCerealException.class)
                .hasMessageContaining("suitkaise.cereal.v1.TypeInfo")
                .hasMessageContaining("not a google.protobuf.Timestamp");
    }
}
