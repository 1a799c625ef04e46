package dev.suitkaise.cereal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.suitkaise.cereal.internal.external.proto.Document;
import dev.suitkaise.cereal.internal.external.proto.EnumValue;
import dev.suitkaise.cereal.internal.external.proto.ObjectValue;
import dev.suitkaise.cereal.internal.external.proto.Schema;
import dev.suitkaise.cereal.internal.external.proto.TypeInfo;
import dev.suitkaise.cereal.internal.external.proto.Value;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The external codec with a registered schema ({@link ExternalSchema}, {@code withSchema}):
 * compact documents round-trip, stay valid {@code value.proto} documents that generated code
 * reads through the published {@code Schema} message, mix registered and unregistered types, and
 * a reader with another schema or none refuses them with a clear {@link SKCerealException}.
 */
class ExternalRegisteredSchemaTest {

    enum Size { SMALL, LARGE }

    record Image(String uri, String title, int width, int height, Size size) {
    }

    record Album(String name, List<Image> images, Image cover, Map<String, Long> counts) {
    }

    record Note(String text) {
    }

    record Scrapbook(Album album, Note note) {
    }

    static final class Counter {
        private String label;
        private long count;

        Counter() {
        }

        Counter(String label, long count) {
            this.label = label;
            this.count = count;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Counter c && c.label.equals(label) && c.count == count;
        }

        @Override
        public int hashCode() {
            return label.hashCode() * 31 + Long.hashCode(count);
        }
    }

    private static final ExternalSchema SCHEMA = ExternalSchema.of(Album.class, Image.class, Size.class);
    private final ExternalCereal compact = SKCereal.external().withSchema(SCHEMA);

    private static Album album() {
        Image large = new Image("http://javaone.com/keynote_large.jpg", "Javaone Keynote", 1024, 768, Size.LARGE);
        Image small = new Image("http://javaone.com/keynote_small.jpg", null, 320, 240, Size.SMALL);
        return new Album("keynote", List.of(large, small), large, Map.of("views", 12L));
    }

    @Test
    void aRegisteredGraphRoundTripsThroughACodecWithTheSameSchema() {
        Album album = album();

        Album back = compact.deserialize(compact.serialize(album), Album.class);

        assertThat(back).isEqualTo(album);
        assertThat(back.cover()).as("a shared record stays shared").isSameAs(back.images().get(0));
    }

    @Test
    void aCompactDocumentCarriesNoTypeOrFieldNamesAndIsSmallerThanASelfDescribingOne() {
        byte[] selfDescribing = SKCereal.external().serialize(album());
        byte[] small = compact.serialize(album());

        String text = new String(small, StandardCharsets.ISO_8859_1);
        assertThat(text).doesNotContain(Image.class.getName()).doesNotContain("width").doesNotContain("LARGE");
        assertThat(small.length).isLessThan(selfDescribing.length - 100);
    }

    @Test
    void aCodecBuiltFromAnEqualSchemaReadsIt() {
        ExternalCereal otherSide = SKCereal.external().withSchema(ExternalSchema.of(Album.class, Image.class, Size.class));

        assertThat(otherSide.deserialize(compact.serialize(album()), Album.class)).isEqualTo(album());
        assertThat(otherSide.schema()).contains(SCHEMA);
        assertThat(ExternalSchema.of(Album.class, Image.class, Size.class).id()).isEqualTo(SCHEMA.id());
    }

    @Test
    void typesOutsideTheSchemaAreNamedInTheDocumentAndNumberedAfterIt() throws Exception {
        Scrapbook book = new Scrapbook(album(), new Note("hi"));

        byte[] bytes = compact.serialize(book);

        assertThat(compact.deserialize(bytes, Scrapbook.class)).isEqualTo(book);
        Document document = Document.parseFrom(bytes);
        assertThat(document.getSchema()).isEqualTo(SCHEMA.id());
        assertThat(document.getTypesList()).extracting(TypeInfo::getName)
                .containsExactly(Scrapbook.class.getName(), Note.class.getName());
        assertThat(document.getRoot().getObjectValue().getType()).isEqualTo(3);
        assertThat(document.getRoot().getObjectValue().getFields(0).getObjectValue().getType()).isZero();
        assertThat(document.getRoot().getObjectValue().getFields(1).getObjectValue().getType()).isEqualTo(4);
    }

    @Test
    void classesCarriedByTheirFieldsAndEnumsAloneCanBeRegisteredToo() {
        ExternalCereal cereal = SKCereal.external().withSchema(ExternalSchema.of(Counter.class, Size.class));

        assertThat(cereal.deserialize(cereal.serialize(new Counter("hits", 3)), Counter.class))
                .isEqualTo(new Counter("hits", 3));
        assertThat(cereal.deserialize(cereal.serialize(Size.LARGE), Size.class)).isEqualTo(Size.LARGE);
        assertThat(cereal.deserialize(cereal.serialize(List.of(Size.SMALL)))).isEqualTo(List.of("SMALL"));
    }

    @Test
    void plainValuesOfACompactDocumentStillHaveTheirFieldNames() {
        Object plain = compact.deserialize(compact.serialize(new Image("u", "t", 1, 2, Size.SMALL)));

        assertThat(plain).isEqualTo(Map.of("uri", "u", "title", "t", "width", 1L, "height", 2L, "size", "SMALL"));
    }

    @Test
    void aCodecWithASchemaStillReadsSelfDescribingDocuments() {
        byte[] selfDescribing = SKCereal.external().serialize(album());

        assertThat(compact.deserialize(selfDescribing, Album.class)).isEqualTo(album());
    }

    @Test
    void aReaderWithoutASchemaRefusesACompactDocumentSayingWhatToDo() {
        byte[] bytes = compact.serialize(album());

        assertThatThrownBy(() -> SKCereal.external().deserialize(bytes, Album.class))
                .isInstanceOf(SKCerealException.class)
                .hasMessageContaining(String.format("0x%016x", SCHEMA.id()))
                .hasMessageContaining("this codec has no schema")
                .hasMessageContaining("withSchema");
        assertThatThrownBy(() -> SKCereal.external().deserialize(bytes)).isInstanceOf(SKCerealException.class);
    }

    @Test
    void aReaderThatRegisteredTheTypesInAnotherOrderRefusesTheDocumentNamingBothSchemas() {
        ExternalSchema reordered = ExternalSchema.of(Image.class, Album.class, Size.class);
        byte[] bytes = compact.serialize(album());

        assertThatThrownBy(() -> SKCereal.external().withSchema(reordered).deserialize(bytes, Album.class))
                .isInstanceOf(SKCerealException.class)
                .hasMessageContaining(String.format("0x%016x", SCHEMA.id()))
                .hasMessageContaining(String.format("0x%016x", reordered.id()))
                .hasMessageContaining("same order");
        assertThat(reordered.id()).isNotEqualTo(SCHEMA.id());
        assertThat(reordered).isNotEqualTo(SCHEMA);
    }

    @Test
    void aReaderThatRegisteredFewerTypesRefusesTheDocument() {
        ExternalCereal fewer = SKCereal.external().withSchema(ExternalSchema.of(Album.class, Image.class));

        assertThatThrownBy(() -> fewer.deserialize(compact.serialize(album()), Album.class))
                .isInstanceOf(SKCerealException.class)
                .hasMessageContaining("registered schema");
    }

    @Test
    void generatedCodeReadsACompactDocumentThroughThePublishedSchemaMessage() throws Exception {
        Schema schema = Schema.parseFrom(SCHEMA.toBytes());
        Document document = Document.parseFrom(compact.serialize(album()));

        assertThat(schema.getId()).isEqualTo(SCHEMA.id()).isEqualTo(document.getSchema());
        assertThat(document.getTypesCount()).isZero();
        assertThat(schema.getTypesList()).extracting(TypeInfo::getName)
                .containsExactly(Album.class.getName(), Image.class.getName(), Size.class.getName());
        assertThat(schema.getTypes(1).getMembersList()).containsExactly("uri", "title", "width", "height", "size");
        ObjectValue root = document.getRoot().getObjectValue();
        assertThat(schema.getTypes(root.getType()).getName()).isEqualTo(Album.class.getName());
        ObjectValue cover = root.getFields(1).getListValue().getItems(0).getObjectValue();
        assertThat(root.getFields(2).hasRef()).as("the cover is the first image, written once").isTrue();
        assertThat(schema.getTypes(cover.getType()).getName()).isEqualTo(Image.class.getName());
        assertThat(cover.getFields(0).getStringValue()).isEqualTo("http://javaone.com/keynote_large.jpg");
        EnumValue size = cover.getFields(4).getEnumValue();
        assertThat(schema.getTypes(size.getType()).getMembers(size.getConstant())).isEqualTo("LARGE");
    }

    @Test
    void theIdIsTheDigestThatValueProtoDescribes() throws Exception {
        Schema published = Schema.parseFrom(SCHEMA.toBytes());
        byte[] typesOnly = published.toBuilder().clearId().build().toByteArray();

        byte[] digest = MessageDigest.getInstance("SHA-256").digest(typesOnly);
        long expected = ByteBuffer.wrap(digest, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();

        assertThat(SCHEMA.id()).isEqualTo(expected == 0 ? 1 : expected);
        assertThat(published.toByteArray()).isEqualTo(SCHEMA.toBytes());
    }

    @Test
    void aCompactDocumentBuiltWithGeneratedCodeReadsIntoRecords() {
        Document document = Document.newBuilder()
                .setSchema(SCHEMA.id())
                .setRoot(Value.newBuilder().setObjectValue(ObjectValue.newBuilder().setType(1)
                        .addFields(Value.newBuilder().setStringValue("u"))
                        .addFields(Value.newBuilder().setStringValue("t"))
                        .addFields(Value.newBuilder().setInt64Value(3))
                        .addFields(Value.newBuilder().setInt64Value(4))
                        .addFields(Value.newBuilder().setEnumValue(EnumValue.newBuilder().setType(2).setConstant(1)))))
                .build();

        assertThat(compact.deserialize(document.toByteArray(), Image.class))
                .isEqualTo(new Image("u", "t", 3, 4, Size.LARGE));
    }

    @Test
    void aTypeIndexBeyondSchemaAndDocumentTablesIsRefused() {
        byte[] bytes = Document.newBuilder().setSchema(SCHEMA.id())
                .setRoot(Value.newBuilder().setObjectValue(ObjectValue.newBuilder().setType(3)))
                .build().toByteArray();

        assertThatThrownBy(() -> compact.deserialize(bytes)).isInstanceOf(SKCerealException.class)
                .hasMessageContaining("type index 3");
    }

    @Test
    void onlyRecordsClassesAndEnumsCanBeRegisteredEachOnce() {
        assertThatThrownBy(() -> ExternalSchema.of(Image.class, Image.class))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("twice");
        assertThatThrownBy(() -> ExternalSchema.of(List.class))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(List.class.getName());
        assertThatThrownBy(() -> ExternalSchema.of(String.class))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("typed object");
        assertThatThrownBy(() -> ExternalSchema.of(int[].class)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ExternalSchema.of(Image.class, null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void withSchemaNullGivesBackASelfDescribingCodecAndLimitsAreKept() {
        ExternalCereal limited = SKCereal.external().withLimits(ExternalCereal.Limits.defaults().withMaxDepth(7))
                .withSchema(SCHEMA);

        assertThat(limited.limits().maxDepth()).isEqualTo(7);
        assertThat(limited.withLimits(ExternalCereal.Limits.defaults()).schema()).contains(SCHEMA);
        ExternalCereal plain = limited.withSchema(null);
        assertThat(plain.schema()).isEmpty();
        assertThat(new String(plain.serialize(album()), StandardCharsets.ISO_8859_1)).contains(Image.class.getName());
    }

    @Test
    void compactDocumentsAreReadConcurrentlyByManyThreads() throws Exception {
        byte[] bytes = compact.serialize(album());
        List<Thread> threads = new ArrayList<>();
        List<Throwable> failures = java.util.Collections.synchronizedList(new ArrayList<>());
        for (int t = 0; t < 4; t++) {
            threads.add(Thread.ofPlatform().start(() -> {
                try {
                    for (int i = 0; i < 2_000; i++) {
                        if (!compact.deserialize(bytes, Album.class).equals(album())) {
                            failures.add(new AssertionError("different album"));
                        }
                        compact.serialize(album());
                    }
                } catch (RuntimeException e) {
                    failures.add(e);
                }
            }));
        }
        for (Thread thread : threads) {
            thread.join(60_000);
            assertThat(thread.isAlive()).isFalse();
        }
        assertThat(failures).isEmpty();
    }
}
