package dev.suitkaise.cereal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.suitkaise.cereal.ExternalCereal.Limits;
import dev.suitkaise.cereal.internal.external.proto.Document;
import dev.suitkaise.cereal.internal.external.proto.Value;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExternalLimitsTest {
    private final ExternalCereal cereal = SKCereal.external();

    private static Object nestedLists(int depth) {
        Object value = "leaf";
        for (int i = 0; i < depth; i++) {
            value = List.of(value);
        }
        return value;
    }

    /** Nested lists written with generated code, so that no encoder limit stands in the way. */
    private static byte[] nestedDocument(int depth) {
        Value value = Value.newBuilder().setStringValue("leaf").build();
        for (int i = 0; i < depth; i++) {
            value = Value.newBuilder().setListValue(
                    dev.suitkaise.cereal.internal.external.proto.List.newBuilder().addItems(value)).build();
        }
        return Document.newBuilder().setRoot(value).build().toByteArray();
    }

    @Test
    void theDefaultsAreDocumented() {
        assertThat(cereal.limits()).isEqualTo(new Limits(64 * 1024 * 1024, 100, 10_000_000));
        assertThat(Limits.defaults()).isEqualTo(cereal.limits());
    }

    @Test
    void nestingUpToMaxDepthIsReadAndDeeperNestingIsRefused() {
        ExternalCereal shallow = cereal.withLimits(Limits.defaults().withMaxDepth(5));

        assertThat(shallow.deserialize(nestedDocument(5))).isEqualTo(nestedLists(5));
        assertThatThrownBy(() -> shallow.deserialize(nestedDocument(6)))
                .isInstanceOf(SKCerealException.class)
                .hasMessageContaining("deeper than maxDepth=5")
                .hasMessageContaining("root[0][0][0][0][0]");
    }

    /** Nested lists written byte by byte: deeper than generated code itself can serialize. */
    private static byte[] hostileNesting(int depth) {
        byte[] value = {0x32, 0x00}; // string_value ""
        for (int i = 0; i < depth; i++) {
            byte[] list = wrap(0x0A, value); // List.items
            value = wrap(0x5A, list); // Value.list_value
        }
        return wrap(0x12, value); // Document.root
    }

    private static byte[] wrap(int tag, byte[] body) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(body.length + 6);
        out.write(tag);
        int length = body.length;
        while ((length & ~0x7F) != 0) {
            out.write((length & 0x7F) | 0x80);
            length >>>= 7;
        }
        out.write(length);
        out.writeBytes(body);
        return out.toByteArray();
    }

    @Test
    void aHostileDeeplyNestedDocumentFailsCleanlyWithTheDefaultLimits() {
        byte[] bytes = hostileNesting(3_000);

        assertThatThrownBy(() -> cereal.deserialize(bytes))
                .isInstanceOf(SKCerealException.class)
                .hasMessageContaining("maxDepth=100");
    }

    @Test
    void theEncoderRefusesWhatAReaderWithTheSameLimitsWouldRefuse() {
        ExternalCereal shallow = cereal.withLimits(Limits.defaults().withMaxDepth(3));

        assertThat(shallow.deserialize(shallow.serialize(nestedLists(3)))).isEqualTo(nestedLists(3));
        assertThatThrownBy(() -> shallow.serialize(nestedLists(4)))
                .isInstanceOf(SKCerealException.class)
                .hasMessageContaining("deeper than maxDepth=3");
        assertThatThrownBy(() -> cereal.withLimits(Limits.defaults().withMaxBytes(100)).serialize("x".repeat(200)))
                .isInstanceOf(SKCerealException.class)
                .hasMessageContaining("more than maxBytes=100");
        List<String> many = new ArrayList<>(Collections.nCopies(3_000, "y".repeat(1_000)));
        assertThatThrownBy(() -> cereal.withLimits(Limits.defaults().withMaxBytes(10_000)).serialize(many))
                .as("stops growing its buffer (at most 1 MiB is kept between calls) soon after the limit")
                .isInstanceOf(SKCerealException.class)
                .hasMessageContaining("stopped at root[")
                .hasMessageContaining("more than maxBytes=10000");
        assertThatThrownBy(() -> cereal.withLimits(Limits.defaults().withMaxValues(10)).serialize(new int[10]))
                .isInstanceOf(SKCerealException.class)
                .hasMessageContaining("maxValues=10");
    }

    @Test
    void inputLargerThanMaxBytesIsRefusedBeforeItIsParsed() {
        byte[] bytes = cereal.serialize("y".repeat(1000));
        ExternalCereal small = cereal.withLimits(Limits.defaults().withMaxBytes(999));

        assertThatThrownBy(() -> small.deserialize(bytes))
                .isInstanceOf(SKCerealException.class)
                .hasMessageContaining(bytes.length + " bytes: more than maxBytes=999");
    }

    @Test
    void aDocumentOfExactlyMaxBytesIsReadAndOneByteMoreIsRefused() {
        String text = "z".repeat(500);
        byte[] bytes = cereal.serialize(text);

        assertThat(cereal.withLimits(Limits.defaults().withMaxBytes(bytes.length)).deserialize(bytes))
                .isEqualTo(text);
        assertThatThrownBy(() -> cereal.withLimits(Limits.defaults().withMaxBytes(bytes.length - 1)).deserialize(bytes))
                .isInstanceOf(SKCerealException.class)
                .hasMessageContaining(bytes.length + " bytes: more than maxBytes=" + (bytes.length - 1));
    }

    @Test
    void aDocumentWithMoreValuesThanMaxValuesIsRefused() {
        List<Integer> numbers = new ArrayList<>(Collections.nCopies(49, 1));
        List<String> strings = new ArrayList<>(Collections.nCopies(50, "s"));
        byte[] packed = cereal.serialize(numbers);
        byte[] unpacked = cereal.serialize(strings);
        ExternalCereal few = cereal.withLimits(Limits.defaults().withMaxValues(50));

        assertThat(few.deserialize(packed, int[].class)).hasSize(49);
        assertThatThrownBy(() -> few.deserialize(unpacked))
                .isInstanceOf(SKCerealException.class)
                .hasMessageContaining("more than maxValues=50");
    }

    @Test
    void limitsOutOfRangeAreRefused() {
        assertThatThrownBy(() -> new Limits(0, 1, 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxBytes");
        assertThatThrownBy(() -> Limits.defaults().withMaxDepth(Limits.MAX_DEPTH_CEILING + 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxDepth");
        assertThatThrownBy(() -> Limits.defaults().withMaxValues(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxValues");
    }

    @Test
    void withLimitsKeepsTheSharedInstanceUnchanged() {
        ExternalCereal other = cereal.withLimits(Limits.defaults().withMaxDepth(2));

        assertThat(other.limits().maxDepth()).isEqualTo(2);
        assertThat(SKCereal.external().limits()).isEqualTo(Limits.defaults());
        assertThat(cereal.withLimits(Limits.defaults())).isSameAs(cereal);
    }
}
