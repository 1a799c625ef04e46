package dev.suitkaise.cereal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.suitkaise.cereal.ExternalCereal.Limits;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExternalStreamsTest {
    private final ExternalCereal cereal = SKCereal.external();

    record Note(String title, List<String> lines) {
    }

    @Test
    void aValueWrittenToAFileReadsBackFromIt(@TempDir Path dir) throws IOException {
        Note note = new Note("todo", List.of("tests", "report"));
        Path file = dir.resolve("note.pb");

        try (OutputStream out = Files.newOutputStream(file)) {
            cereal.serialize(note, out);
        }
        Note back;
        try (InputStream in = Files.newInputStream(file)) {
            back = cereal.deserialize(in, Note.class);
        }

        assertThat(back).isEqualTo(note);
        assertThat(Files.readAllBytes(file)).isEqualTo(cereal.serialize(note));
    }

    @Test
    void aStreamLongerThanMaxBytesIsRefused(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("big.pb");
        Files.write(file, cereal.serialize("z".repeat(500)));
        ExternalCereal small = cereal.withLimits(Limits.defaults().withMaxBytes(100));

        try (InputStream in = Files.newInputStream(file)) {
            assertThatThrownBy(() -> small.deserialize(in, String.class))
                    .isInstanceOf(SKCerealException.class)
                    .hasMessageContaining("more than maxBytes=100");
        }
    }

    @Test
    void aFailingStreamGivesAnSKCerealException(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("closed.pb");
        Files.write(file, cereal.serialize(1));
        InputStream closedIn = Files.newInputStream(file);
        closedIn.close();
        OutputStream closedOut = Files.newOutputStream(dir.resolve("out.pb"));
        closedOut.close();

        assertThatThrownBy(() -> cereal.deserialize(closedIn, Integer.class))
                .isInstanceOf(SKCerealException.class)
                .hasMessageContaining("Cannot read a document from the stream");
        assertThatThrownBy(() -> cereal.serialize(1, closedOut))
                .isInstanceOf(SKCerealException.class)
                .hasMessageContaining("Cannot write the document for a java.lang.Integer to the stream");
    }
}
