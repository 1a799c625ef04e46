package dev.suitkaise.root;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static dev.suitkaise.root.TestTrees.touch;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SKPathTest {

    @TempDir
    Path tmp;

    private SKRoot project(String name) throws IOException {
        Path dir = tmp.toRealPath().resolve(name);
        touch(dir, "pom.xml", "src/main/java/com/acme/App.java", "docs/Read Me.md");
        return SKRoot.of(dir);
    }

    @Test
    void theNormalizedFormUsesForwardSlashesAndHasNoDotSegments() throws IOException {
        SKRoot root = project("p");

        SKPath path = root.pathOf("src/./main/../main/java//com/acme/App.java");

        assertThat(path.relative()).isEqualTo("src/main/java/com/acme/App.java");
        assertThat(path.absolute()).isEqualTo(root.path().resolve("src/main/java/com/acme/App.java"));
        assertThat(path.isOutsideRoot()).isFalse();
        assertThat(path.name()).isEqualTo("App.java");
        assertThat(path.exists()).isTrue();
    }

    @Test
    void theRootItselfHasAnEmptyRelativeFormAndPrintsAsDot() throws IOException {
        SKRoot root = project("p");

        SKPath self = root.pathOf(root.path());

        assertThat(self.relative()).isEmpty();
        assertThat(self).hasToString(".");
        assertThat(self.id()).isEqualTo("!");
        assertThat(SKPath.fromId(root, "!")).isEqualTo(self);
    }

    @Test
    void equalityAndHashingUseTheNormalizedFormAcrossRoots() throws IOException {
        SKRoot here = project("machine-a");
        SKRoot there = project("machine-b/elsewhere");

        SKPath a = here.pathOf("src/main/java/com/acme/App.java");
        SKPath b = there.pathOf(there.path().resolve("src/main/java/com/acme/App.java"));

        assertThat(a.absolute()).isNotEqualTo(b.absolute());
        assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
        assertThat(a).isNotEqualTo(here.pathOf("src/main/java/com/acme"));
        Map<SKPath, String> map = new HashMap<>();
        map.put(a, "found");
        assertThat(map).containsEntry(b, "found");
    }

    @Test
    void aPathTravelsAsItsRelativeFormAndIsReRootedOnTheReceiver() throws IOException {
        SKRoot sender = project("sender");
        SKRoot receiver = project("receiver");
        SKPath sent = sender.pathOf("docs/Read Me.md");

        SKPath received = SKPath.onRoot(receiver, sent.relative());

        assertThat(received).isEqualTo(sent);
        assertThat(received.absolute()).isEqualTo(receiver.path().resolve("docs/Read Me.md"));
        assertThat(received.root()).isEqualTo(receiver.path());
        assertThat(sent.reroot(receiver).absolute()).isEqualTo(received.absolute());
    }

    @Test
    void theIdIsReversibleAndAValidFileNameForAwkwardNames() throws IOException {
        SKRoot root = project("p");
        List<String> names = List.of("src/Main.java", "docs/Read Me.md", "a/b_c~d!e.txt", "ü/数据/ÉCOLE.txt",
                ".hidden/.config", "trailing.", "UPPER/lower/MiXeD", "x%y#z");
        for (String name : names) {
            SKPath path = root.pathOf(name);

            String id = path.id();

            assertThat(id).as(name).matches("[a-z0-9.~_!-]+").doesNotStartWith(".").doesNotEndWith(".");
            assertThat(SKPath.fromId(root, id)).as(name).isEqualTo(path);
            assertThat(SKPath.fromId(root, id).absolute()).isEqualTo(path.absolute());
            Path asFile = Files.createFile(tmp.resolve(id));
            assertThat(asFile).exists();
        }
        assertThat(root.pathOf("src/Main.java").id()).isEqualTo("src~_main.java");
        assertThat(root.pathOf("Main.java").id()).isNotEqualTo(root.pathOf("main.java").id());
    }

    @Test
    void aMalformedIdIsRejectedWithAnExplanation() throws IOException {
        SKRoot root = project("p");

        assertThatThrownBy(() -> SKPath.fromId(root, "ab/c")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not an SKPath id");
        assertThatThrownBy(() -> SKPath.fromId(root, "")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void anIdWhoseBytesAreNotUtf8OrNotAPathHereIsRejectedNamingTheId() throws IOException {
        SKRoot root = project("p");

        assertThatThrownBy(() -> SKPath.fromId(root, "!ff")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'!ff'").hasMessageContaining("not valid UTF-8");
        assertThatThrownBy(() -> SKPath.fromId(root, "src~!c3")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'src~!c3'").hasMessageContaining("not valid UTF-8");
        assertThatThrownBy(() -> SKPath.fromId(root, "!00")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'!00'").hasMessageContaining("not a valid path");
        assertThat(SKPath.fromId(root, "!c3!bc.txt").relative()).isEqualTo("\u00fc.txt");
    }

    @Test
    void anIdThatIsNoPathHereIsRejectedOnceNamingTheIdItsFormAndTheRoot() throws IOException {
        SKRoot root = project("p");

        assertThatThrownBy(() -> SKPath.fromId(root, "a~!00"))
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("SKPath id 'a~!00' names no path under root " + root.path())
                .hasMessageContaining("decodes to 'a/\0'").hasMessageContaining("Send ids")
                .cause().isInstanceOf(InvalidPathException.class);
    }

    @Test
    void resolvingTextThatIsNoPathHereFailsLikePathOfNamingTheText() throws IOException {
        SKRoot root = project("p");
        SKPath docs = root.pathOf("docs");

        assertThatThrownBy(() -> root.pathOf("x\0y")).isInstanceOf(SKRootException.class);
        assertThatThrownBy(() -> docs.resolve("x\0y")).isInstanceOf(SKRootException.class)
                .hasMessageContaining("'x\0y'").hasMessageContaining("docs").hasMessageContaining("not a valid path");
    }

    @Test
    void anIdWhoseNamesClimbOutOfTheRootIsRejectedInsteadOfNamingAPathInsideIt() throws IOException {
        SKRoot root = project("a/b/p");

        assertThatThrownBy(() -> SKPath.fromId(root, "..~..~..~secret.txt")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'..~..~..~secret.txt'").hasMessageContaining("'..'")
                .hasMessageContaining("SKPath.onRoot");
        for (String id : List.of("!2e!2e~secret.txt", "src~..~..~x", "src~.~x", "src~~x", "src~", "~..~etc~passwd")) {
            assertThatThrownBy(() -> SKPath.fromId(root, id)).as(id).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("not an SKPath id");
        }
        SKPath up = SKPath.onRoot(root, "../../../secret.txt");
        assertThat(up.isOutsideRoot()).isTrue();
        assertThat(SKPath.fromId(root, up.id())).isEqualTo(up);
        assertThat(SKPath.fromId(root, up.id()).isOutsideRoot()).isTrue();
    }

    @Test
    void pathsOutsideTheRootAreAllowedAndSaySo() throws IOException {
        SKRoot root = project("p");
        Path outside = tmp.toRealPath().resolve("elsewhere/data.bin");

        SKPath path = root.pathOf(outside);

        assertThat(path.isOutsideRoot()).isTrue();
        assertThat(path.isUnder(root)).isFalse();
        assertThat(path.relative()).startsWith("/").endsWith("/elsewhere/data.bin");
        assertThat(path.absolute()).isEqualTo(outside);
        assertThat(root.pathOf("../elsewhere/data.bin")).isEqualTo(path);
        assertThat(SKPath.onRoot(root, path.relative()).absolute()).isEqualTo(outside);
        assertThat(SKPath.fromId(root, path.id()).absolute()).isEqualTo(outside);
    }

    @Test
    void isUnderComparesWithRootsAndDirectories() throws IOException {
        SKRoot root = project("p");
        SKRoot other = project("q");
        SKPath file = root.pathOf("src/main/java/com/acme/App.java");

        assertThat(file.isUnder(root)).isTrue();
        assertThat(file.isUnder(other)).isFalse();
        assertThat(file.isUnder(root.pathOf("src/main"))).isTrue();
        assertThat(file.isUnder(root.pathOf("src/mai"))).isFalse();
        assertThat(root.contains(Path.of("src"))).isTrue();
        assertThat(root.contains(tmp)).isFalse();
    }

    @Test
    void factoriesAcceptStringsPathsFilesAndUrisOnTheCurrentRoot() throws IOException {
        SKRoot root = project("p");
        Path app = root.path().resolve("src/main/java/com/acme/App.java");
        try (RootOverride override = SKRoot.override(root)) {
            assertThat(SKRoot.current()).isEqualTo(override.root());
            SKPath expected = root.pathOf("src/main/java/com/acme/App.java");

            assertThat(SKPath.of("src", "main", "java/com/acme", "App.java")).isEqualTo(expected);
            assertThat(SKPath.of("src/main/java/com/acme/App.java")).isEqualTo(expected);
            assertThat(SKPath.of(app)).isEqualTo(expected);
            assertThat(SKPath.of(Path.of("src/main/java/com/acme/App.java"))).isEqualTo(expected);
            assertThat(SKPath.of(app.toFile())).isEqualTo(expected);
            assertThat(SKPath.of(new File("src/main/java/com/acme/App.java"))).isEqualTo(expected);
            assertThat(SKPath.of(app.toUri())).isEqualTo(expected);
            assertThat(SKPath.of(URI.create("jar:" + app.getParent().resolve("lib.jar").toUri() + "!/a/B.class")))
                    .isEqualTo(root.pathOf("src/main/java/com/acme/lib.jar"));
            assertThat(SKPath.fromId(expected.id())).isEqualTo(expected);
        }
    }

    @Test
    void aNonFileUriIsRejectedWithWhatToDo() throws IOException {
        SKRoot root = project("p");

        assertThatThrownBy(() -> root.pathOf(URI.create("https://example.com/x.txt")))
                .isInstanceOf(SKRootException.class)
                .hasMessageContaining("https://example.com/x.txt")
                .hasMessageContaining("file:");
    }

    @Test
    void conversionsBackToPathFileAndUriKeepTheAbsoluteLocation() throws IOException {
        SKRoot root = project("p");
        SKPath path = root.pathOf("docs/Read Me.md");

        assertThat(path.toPath()).isEqualTo(root.path().resolve("docs/Read Me.md"));
        assertThat(path.toFile()).isEqualTo(root.path().resolve("docs/Read Me.md").toFile());
        assertThat(Path.of(path.toUri())).isEqualTo(path.toPath());
        assertThat(path.resolve("../x.txt")).isEqualTo(root.pathOf("docs/x.txt"));
    }

    @Test
    void aFileReachedThroughASymlinkedDirectoryIsNamedByItsRealLocation() throws IOException {
        SKRoot root = project("p");
        Path link = Files.createSymbolicLink(root.path().resolve("shortcut"), root.path().resolve("src/main/java"));

        SKPath path = root.pathOf(link.resolve("com/acme/App.java"));

        assertThat(path.relative()).isEqualTo("src/main/java/com/acme/App.java");
        assertThat(root.pathOf("shortcut/com/acme/Missing.java").relative())
                .isEqualTo("src/main/java/com/acme/Missing.java");
    }

    @Test
    void pathsOrderByTheirNormalizedForm() throws IOException {
        SKRoot root = project("p");

        assertThat(List.of(root.pathOf("b"), root.pathOf("a/z"), root.pathOf("a")).stream().sorted().map(SKPath::relative))
                .containsExactly("a", "a/z", "b");
    }
}
