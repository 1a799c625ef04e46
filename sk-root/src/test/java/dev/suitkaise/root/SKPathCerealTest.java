package dev.suitkaise.root;

import dev.suitkaise.cereal.SKCereal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** SKPath through sk-cereal's internal codec: the relative form travels and the receiver re-roots it. */
@SuppressWarnings("try") // scoped root overrides are closed, not referenced
class SKPathCerealTest {

    @TempDir
    Path temp;

    @Test
    void aPathSerializedUnderOneRootArrivesAtTheSameRelativePlaceUnderTheReceiversRoot() throws Exception {
        SKRoot sender = SKRoot.of(Files.createDirectories(temp.resolve("sender machine/project")));
        SKRoot receiver = SKRoot.of(Files.createDirectories(temp.resolve("receiver/checkout")));
        SKPath sent = sender.resolve("src/main/java/Main.java");

        byte[] bytes;
        try (RootOverride ignored = SKRoot.override(sender)) {
            bytes = SKCereal.internal().serialize(sent);
        }
        SKPath arrived;
        try (RootOverride ignored = SKRoot.override(receiver)) {
            arrived = SKCereal.internal().deserialize(bytes, SKPath.class);
        }

        assertThat(arrived.relative()).isEqualTo("src/main/java/Main.java");
        assertThat(arrived.root()).isEqualTo(receiver.path());
        assertThat(arrived.absolute()).isEqualTo(receiver.path().resolve("src/main/java/Main.java"));
        assertThat(arrived).isEqualTo(sent);
        assertThat(new String(bytes, java.nio.charset.StandardCharsets.ISO_8859_1)).doesNotContain("sender machine");
    }

    @Test
    void pathsInsideAGraphAndPathsOutsideTheRootTravelToo() throws Exception {
        SKRoot root = SKRoot.of(Files.createDirectories(temp.resolve("project")));
        Path outside = Files.createDirectories(temp.resolve("elsewhere")).resolve("data.csv");
        List<SKPath> paths;
        try (RootOverride ignored = SKRoot.override(root)) {
            SKPath inside = root.resolve("docs/guide.md");
            SKPath external = root.pathOf(outside);
            byte[] bytes = SKCereal.internal().serialize(List.of(inside, external, inside));
            @SuppressWarnings("unchecked")
            List<SKPath> back = (List<SKPath>) SKCereal.internal().deserialize(bytes);
            paths = back;
        }
        assertThat(paths).extracting(SKPath::relative)
                .containsExactly("docs/guide.md", outside.getParent().toRealPath().resolve("data.csv").toString(), "docs/guide.md");
        assertThat(paths.get(1).isOutsideRoot()).isTrue();
        assertThat(paths.get(1).absolute()).isEqualTo(outside.getParent().toRealPath().resolve("data.csv"));
    }
}
