package dev.suitkaise.cereal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import com.google.protobuf.Timestamp;
import dev.suitkaise.cereal.internal.external.proto.Document;
import dev.suitkaise.cereal.internal.external.proto.EnumValue;
import dev.suitkaise.cereal.internal.external.proto.ObjectValue;
import dev.suitkaise.cereal.internal.external.proto.StringEntry;
import dev.suitkaise.cereal.internal.external.proto.StringMap;
import dev.suitkaise.cereal.internal.external.proto.TypeInfo;
import dev.suitkaise.cereal.internal.external.proto.Value;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ExternalMalformedInputTest {
    private final ExternalCereal cereal = SKCereal.external();

    private static byte[] document(Value root, TypeInfo... types) {
        return Document.newBuilder().setRoot(root).addAllTypes(Arrays.asList(types)).build().toByteArray();
    }

    private static Value list(Value... items) {
        return Value.newBuilder().setListValue(
                dev.suitkaise.cereal.internal.external.proto.List.newBuilder().addAllItems(Arrays.asList(items))).build();
    }

    private void assertRefused(byte[] bytes, String expected) {
        assertThatThrownBy(() -> cereal.deserialize(bytes))
                .isInstanceOf(SKCerealException.class)
                .hasMessageContaining(expected);
    }

    @Test
    void nullAndEmptyInputAreRefused() {
        assertThatThrownBy(() -> cereal.deserialize(null)).isInstanceOf(SKCerealException.class)
                .hasMessageContaining("Cannot deserialize null");
        assertRefused(new byte[0], "the input is empty");
    }

    @Test
    void everyTruncationOfAValidDocumentIsRefused() {
        byte[] bytes = cereal.serialize(List.of("abc", 1.5, List.of(1, 2, 3)));

        for (int length = 0; length < bytes.length; length++) {
            byte[] truncated = Arrays.copyOf(bytes, length);
            assertThatThrownBy(() -> cereal.deserialize(truncated)).isInstanceOf(SKCerealException.class);
        }
    }

    @Test
    void brokenWireStructureIsRefusedWithWhatWasWrong() {
        assertRefused(new byte[] {0x12, 0x05, 0x08}, "runs past the end");
        assertRefused(new byte[] {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF,
            (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x01}, "longer than 10 bytes");
        assertRefused(new byte[] {0x2B}, "group");
        assertRefused(new byte[] {0x07}, "invalid field key");
        assertRefused(new byte[] {0x10, 0x01}, "Document.root has wire type 0");
        assertRefused(new byte[] {0x12, 0x00}, "no kind set");
        assertRefused(new byte[] {0x12, 0x04, 0x08, 0x00, 0x10, 0x01}, "two kinds, null_value and bool_value");
        assertRefused(new byte[] {0x12, 0x02, 0x08, 0x00, 0x12, 0x02, 0x08, 0x00}, "two root values");
        assertRefused(new byte[] {0x12, 0x02, 0x08, 0x03}, "null_value is not NULL");
        assertRefused(new byte[] {0x12, 0x03, 0x32, 0x01, (byte) 0xC0}, "not valid UTF-8");
    }

    @Test
    void referencesForwardOrIntoTheirOwnContainerAreRefused() {
        assertRefused(document(list(Value.newBuilder().setRef(5).build())), "ref 5 points to no earlier");
        assertRefused(document(list(Value.newBuilder().setRef(0).build())), "own containers (a cycle)");
    }

    @Test
    void aMapKeyBuiltFromSharedPartsIsRefusedBeforeItCanBeHashed() {
        // list 1 = ["x", "x"]; list n+1 = [ref n, ref n]: hashing list 41 would visit 2^40 nodes
        dev.suitkaise.cereal.internal.external.proto.List.Builder root =
                dev.suitkaise.cereal.internal.external.proto.List.newBuilder();
        Value x = Value.newBuilder().setStringValue("x").build();
        root.addItems(list(x, x));
        for (int n = 1; n <= 40; n++) {
            Value ref = Value.newBuilder().setRef(n).build();
            root.addItems(list(ref, ref));
        }
        root.addItems(Value.newBuilder().setValueMap(dev.suitkaise.cereal.internal.external.proto.ValueMap.newBuilder()
                .addEntries(dev.suitkaise.cereal.internal.external.proto.ValueEntry.newBuilder()
                        .setKey(Value.newBuilder().setRef(41)).setValue(x))));
        byte[] bytes = document(Value.newBuilder().setListValue(root).build());

        assertRefused(bytes, "a map key or set element refers to shared object 41");
        assertThatThrownBy(() -> cereal.deserialize(document(list(list(x), list(Value.newBuilder().setRef(1).build()))),
                Set[].class))
                .isInstanceOf(SKCerealException.class)
                .hasMessageContaining("refers to shared object 1");
    }

    @Test
    void typeTableIndexesMustExistAndMatchTheFieldCount() {
        Value object = Value.newBuilder().setObjectValue(ObjectValue.newBuilder().setType(3)).build();
        Value twoFields = Value.newBuilder().setObjectValue(ObjectValue.newBuilder()
                .addFields(Value.newBuilder().setBoolValue(true)).addFields(Value.newBuilder().setBoolValue(true)))
                .build();
        Value badConstant = Value.newBuilder().setEnumValue(EnumValue.newBuilder().setConstant(9)).build();

        assertRefused(document(object), "type index 3 is not in the type table of 0 types");
        assertRefused(document(twoFields, TypeInfo.newBuilder().setName("T").addMembers("a").build()),
                "has 2 fields but its type lists 1 members");
        assertRefused(document(badConstant, TypeInfo.newBuilder().setName("E").addMembers("A").build()),
                "enum constant 9 is not among the 1 constants of E");
        assertRefused(document(Value.newBuilder().setBoolValue(true).build(),
                TypeInfo.newBuilder().setName("T").addMembers("a").addMembers("a").build()), "member name twice");
    }

    @Test
    void duplicateMapKeysAreRefused() {
        StringEntry entry = StringEntry.newBuilder().setKey("k").setValue(Value.newBuilder().setBoolValue(true)).build();
        Value map = Value.newBuilder().setStringMap(StringMap.newBuilder().addEntries(entry).addEntries(entry)).build();

        assertRefused(document(map), "has the key k twice");
    }

    @Test
    void manyMapKeysWithOneHashCodeAreRefusedBeforeBuildingTheMapTurnsQuadratic() {
        Map<Object, Object> map = new IdentityHashMap<>(); // holds the keys without hashing them
        for (int i = 0; i < 4_000; i++) {
            // List.hashCode of [i, 31 * (n - i)] is 961 + 31 * n for every i
            map.put(new ArrayList<>(List.of((long) i, 31L * (4_000 - i))), (long) i);
        }
        assertRefused(cereal.serialize(map), "keys with equal hash codes");

        Map<Object, Object> few = new IdentityHashMap<>();
        for (int i = 0; i < 200; i++) {
            few.put(new ArrayList<>(List.of((long) i, 31L * (200 - i))), (long) i);
        }
        assertThat((Map<?, ?>) cereal.deserialize(cereal.serialize(few))).hasSize(200);

        // strings of one hash code ("Aa" and "BB" hash alike) in a hash map are ordered in a tree: not refused
        Map<String, Long> strings = new LinkedHashMap<>();
        for (int bits = 0; bits < 4_096; bits++) {
            StringBuilder key = new StringBuilder();
            for (int b = 0; b < 12; b++) {
                key.append((bits >> b & 1) == 0 ? "Aa" : "BB");
            }
            strings.put(key.toString(), (long) bits);
        }
        assertThat(cereal.deserialize(cereal.serialize(strings))).isEqualTo(strings);
    }

    @Test
    void wellKnownTypesOutOfTheirRangesAreRefused() {
        Value badNanos = Value.newBuilder().setTimestampValue(Timestamp.newBuilder().setNanos(-1)).build();
        Value tooLate = Value.newBuilder().setTimestampValue(Timestamp.newBuilder().setSeconds(Long.MAX_VALUE)).build();
        Value mixedSigns = Value.newBuilder().setDurationValue(
                com.google.protobuf.Duration.newBuilder().setSeconds(1).setNanos(-1)).build();

        assertRefused(document(badNanos), "nanos -1 outside 0..999999999");
        assertRefused(document(tooLate), "outside java.time.Instant's range");
        assertRefused(document(mixedSigns), "another sign than its seconds");
    }

    @Test
    void aBrokenMessagePayloadIsRefusedWhenUnpacked() {
        Value any = Value.newBuilder().setMessage(com.google.protobuf.Any.newBuilder()
                .setTypeUrl("type.googleapis.com/google.protobuf.Timestamp")
                .setValue(ByteString.copyFrom(new byte[] {0x08}))).build();

        assertThatThrownBy(() -> cereal.deserialize(document(any), Timestamp.class))
                .isInstanceOf(SKCerealException.class)
                .hasMessageContaining("not a valid google.protobuf.Timestamp");
    }
}
