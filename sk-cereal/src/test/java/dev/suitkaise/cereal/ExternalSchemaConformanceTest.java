package dev.suitkaise.cereal;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedOutputStream;
import dev.suitkaise.cereal.internal.external.proto.Document;
import dev.suitkaise.cereal.internal.external.proto.EnumValue;
import dev.suitkaise.cereal.internal.external.proto.Int64List;
import dev.suitkaise.cereal.internal.external.proto.ObjectValue;
import dev.suitkaise.cereal.internal.external.proto.StringEntry;
import dev.suitkaise.cereal.internal.external.proto.StringMap;
import dev.suitkaise.cereal.internal.external.proto.TypeInfo;
import dev.suitkaise.cereal.internal.external.proto.Value;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Checks the codec against classes protoc generated from the published value.proto: what the codec
 * writes parses as a Document and re-serializes to the very same bytes, and documents built with
 * the generated classes (as another language would) read back.
 */
class ExternalSchemaConformanceTest {
    private final ExternalCereal cereal = SKCereal.external();

    enum Mood { CALM, ANGRY }

    record Person(String name, int age, Mood mood, List<String> tags) {
    }

    record Team(Person lead, List<Person> members, Map<Integer, String> codes, BigDecimal budget,
                Instant founded, Duration meeting, byte[] logo, double[] scores) {
    }

    private static Team team() {
        Person ann = new Person("Ann", 41, Mood.ANGRY, List.of("boss"));
        return new Team(ann, List.of(ann, new Person("Bo", 7, Mood.CALM, List.of())), Map.of(1, "one"),
                new BigDecimal("-1234.50"), Instant.ofEpochSecond(-10, 5), Duration.ofSeconds(-3, 1),
                new byte[] {1, 2}, new double[] {1.5});
    }

    @Test
    void whatTheCodecWritesIsADocumentThatGeneratedCodeReSerializesIdentically() throws Exception {
        byte[] bytes = cereal.serialize(team());

        Document document = Document.parseFrom(bytes);

        assertThat(document.toByteArray()).isEqualTo(bytes);
        assertThat(document.getTypesList()).extracting(TypeInfo::getName)
                .containsExactly(Team.class.getName(), Person.class.getName(), Mood.class.getName());
        assertThat(document.getTypes(1).getMembersList()).containsExactly("name", "age", "mood", "tags");
        assertThat(document.getTypes(2).getMembersList()).containsExactly("CALM", "ANGRY");
        ObjectValue root = document.getRoot().getObjectValue();
        ObjectValue lead = root.getFields(0).getObjectValue();
        assertThat(lead.getType()).isEqualTo(1);
        assertThat(lead.getFields(0).getStringValue()).isEqualTo("Ann");
        assertThat(lead.getFields(1).getInt64Value()).isEqualTo(41);
        assertThat(lead.getFields(2).getEnumValue()).isEqualTo(EnumValue.newBuilder().setType(2).setConstant(1).build());
        assertThat(root.getFields(1).getListValue().getItems(0).getRef()).isEqualTo(1);
        assertThat(root.getFields(2).getValueMap().getEntries(0).getKey().getInt64Value()).isEqualTo(1);
        assertThat(new BigDecimal(new BigInteger(root.getFields(3).getDecimalValue().getUnscaled().toByteArray()),
                root.getFields(3).getDecimalValue().getScale())).isEqualTo(new BigDecimal("-1234.50"));
        assertThat(root.getFields(4).getTimestampValue().getSeconds()).isEqualTo(-10);
        assertThat(root.getFields(5).getDurationValue().getSeconds()).isEqualTo(-2);
        assertThat(root.getFields(5).getDurationValue().getNanos()).isEqualTo(-999_999_999);
        assertThat(root.getFields(6).getBytesValue().toByteArray()).containsExactly(1, 2);
        assertThat(root.getFields(7).getDoubleList().getItemsList()).containsExactly(1.5);
    }

    @Test
    void aDocumentBuiltWithGeneratedCodeReadsIntoRecords() {
        Document document = Document.newBuilder()
                .addTypes(TypeInfo.newBuilder().setName("any.Name").addMembers("tags").addMembers("age")
                        .addMembers("name").addMembers("extra"))
                .addTypes(TypeInfo.newBuilder().setName("Mood").addMembers("ANGRY"))
                .setRoot(Value.newBuilder().setObjectValue(ObjectValue.newBuilder()
                        .addFields(Value.newBuilder().setInt64List(Int64List.newBuilder()))
                        .addFields(Value.newBuilder().setUint64Value(30))
                        .addFields(Value.newBuilder().setStringValue("Cy"))
                        .addFields(Value.newBuilder().setBoolValue(true))))
                .build();

        Person person = cereal.deserialize(document.toByteArray(), Person.class);

        assertThat(person).isEqualTo(new Person("Cy", 30, null, List.of()));
    }

    @Test
    void theRootMayComeBeforeTheTypeTable() {
        byte[] rootFirst = concat(
                Document.newBuilder().setRoot(Value.newBuilder().setEnumValue(EnumValue.newBuilder().setConstant(1)))
                        .build().toByteArray(),
                Document.newBuilder().addTypes(TypeInfo.newBuilder().setName("Mood").addMembers("CALM")
                        .addMembers("ANGRY")).build().toByteArray());

        assertThat(cereal.deserialize(rootFirst, Mood.class)).isEqualTo(Mood.ANGRY);
    }

    @Test
    void unknownFieldsAreSkippedForForwardCompatibility() throws IOException {
        ByteArrayOutputStream value = new ByteArrayOutputStream();
        CodedOutputStream out = CodedOutputStream.newInstance(value);
        out.writeUInt64(900, 5);
        out.writeString(6, "kept");
        out.writeBytes(901, ByteString.copyFromUtf8("ignored"));
        out.writeFixed32(902, 7);
        out.flush();
        Document document = Document.newBuilder().setRoot(Value.parseFrom(value.toByteArray())).build();

        assertThat(cereal.deserialize(document.toByteArray())).isEqualTo("kept");
    }

    @Test
    void unpackedRepeatedNumbersAreAcceptedToo() throws IOException {
        ByteArrayOutputStream list = new ByteArrayOutputStream();
        CodedOutputStream out = CodedOutputStream.newInstance(list);
        out.writeSInt64(1, -1);
        out.writeSInt64(1, 2);
        out.flush();
        Document document = Document.newBuilder()
                .setRoot(Value.newBuilder().setInt64List(Int64List.parseFrom(list.toByteArray()))).build();

        assertThat(cereal.deserialize(document.toByteArray(), long[].class)).containsExactly(-1, 2);
    }

    @Test
    void anUnsignedNumberAboveLongMaxComesBackAsBigInteger() {
        Document document = Document.newBuilder().setRoot(Value.newBuilder().setUint64Value(-1L)).build();

        assertThat(cereal.deserialize(document.toByteArray())).isEqualTo(new BigInteger("18446744073709551615"));
    }

    @Test
    void referencesWrittenByOtherWritersResolveToTheSameObject() {
        Value shared = Value.newBuilder().setStringMap(StringMap.newBuilder()
                .addEntries(StringEntry.newBuilder().setKey("k").setValue(Value.newBuilder().setBoolValue(true))))
                .build();
        Document document = Document.newBuilder().setRoot(Value.newBuilder().setListValue(
                dev.suitkaise.cereal.internal.external.proto.List.newBuilder()
                        .addItems(shared).addItems(Value.newBuilder().setRef(1)))).build();

        List<?> back = (List<?>) cereal.deserialize(document.toByteArray());

        assertThat(back.get(0)).isEqualTo(Map.of("k", true)).isSameAs(back.get(1));
    }

    @Test
    void theJarCarriesThePublishedSchemaIdenticalToTheRepositoryCopy() throws IOException {
        byte[] packaged;
        try (InputStream in = SKCereal.class.getModule().getResourceAsStream("suitkaise/cereal/v1/value.proto")) {
            assertThat(in).as("value.proto in the module").isNotNull();
            packaged = in.readAllBytes();
        }
        Path repositoryCopy = Path.of("src/main/proto/suitkaise/cereal/v1/value.proto");

        assertThat(packaged).isEqualTo(Files.readAllBytes(repositoryCopy));
        assertThat(new String(packaged, StandardCharsets.UTF_8)).contains("package suitkaise.cereal.v1;");
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
