package dev.suitkaise.root;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static dev.suitkaise.root.TestTrees.touch;
import static dev.suitkaise.root.TestTrees.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RootDetectionTest {

    @TempDir
    Path tmp;

    private Path real() throws IOException {
        return tmp.toRealPath();
    }

    @Test
    void aSingleModuleMavenProjectIsFoundFromItsSourceDirectory() throws IOException {
        Path project = real().resolve("app");
        touch(project, "pom.xml", "src/main/java/com/acme/App.java");

        SKRoot root = SKRoot.detect(project.resolve("src/main/java/com/acme"));

        assertThat(root.path()).isEqualTo(project);
        assertThat(root.detection()).isEqualTo(RootDetection.BUILD_MARKER);
    }

    @Test
    void aMavenMultiModuleProjectResolvesToItsTopDirectoryFromADeepSubmodule() throws IOException {
        Path project = real().resolve("multi");
        touch(project, ".git/", "pom.xml", "core/pom.xml", "core/impl/pom.xml",
                "core/impl/deep/pom.xml", "core/impl/deep/src/main/java/x/Y.java");

        SKRoot root = SKRoot.detect(project.resolve("core/impl/deep/src/main/java/x"));

        assertThat(root.path()).isEqualTo(project);
        assertThat(root.detection()).isEqualTo(RootDetection.BUILD_MARKER);
    }

    @Test
    void aStartFileIsTreatedAsItsDirectory() throws IOException {
        Path project = real().resolve("p");
        touch(project, "pom.xml", "sub/pom.xml", "sub/file.txt");

        assertThat(SKRoot.detect(project.resolve("sub/file.txt")).path()).isEqualTo(project);
    }

    @Test
    void aStartThatDoesNotExistYetStartsFromItsNearestExistingParent() throws IOException {
        Path project = real().resolve("p");
        touch(project, "pom.xml", "src/");

        assertThat(SKRoot.detect(project.resolve("src/not/created/yet")).path()).isEqualTo(project);
    }

    @Test
    void aGradleBuildWithSettingsAndKotlinScriptsIsFound() throws IOException {
        Path project = real().resolve("gradle");
        touch(project, "settings.gradle.kts", "build.gradle.kts", "lib/build.gradle.kts", "lib/src/main/kotlin/A.kt",
                "app/build.gradle", "app/src/main/java/B.java");

        assertThat(SKRoot.detect(project.resolve("lib/src/main/kotlin")).path()).isEqualTo(project);
        assertThat(SKRoot.detect(project.resolve("app/src/main/java")).path()).isEqualTo(project);
    }

    @Test
    void anAntBuildXmlCountsAsABuildMarker() throws IOException {
        Path project = real().resolve("ant");
        touch(project, "build.xml", "src/A.java");

        assertThat(SKRoot.detect(project.resolve("src")).path()).isEqualTo(project);
    }

    @Test
    void aNestedGitRepositoryStopsTheWalkAtItsOwnBoundary() throws IOException {
        Path outer = real().resolve("outer");
        touch(outer, ".git/", "pom.xml", "vendor/inner/.git/", "vendor/inner/pom.xml", "vendor/inner/mod/pom.xml",
                "vendor/inner/mod/src/A.java");

        SKRoot root = SKRoot.detect(outer.resolve("vendor/inner/mod/src"));

        assertThat(root.path()).isEqualTo(outer.resolve("vendor/inner"));
    }

    @Test
    void aGitFileAsInWorktreesAndSubmodulesIsAVersionControlBoundary() throws IOException {
        Path outer = real().resolve("outer");
        touch(outer, ".git/", "pom.xml", "sub/pom.xml", "sub/src/A.java");
        write(outer, "sub/.git", "gitdir: ../.git/modules/sub\n");

        assertThat(SKRoot.detect(outer.resolve("sub/src")).path()).isEqualTo(outer.resolve("sub"));
    }

    @Test
    void withoutBuildFilesTheVersionControlBoundaryIsTheRoot() throws IOException {
        Path repo = real().resolve("repo");
        touch(repo, ".hg/", "docs/notes/readme.txt");

        SKRoot root = SKRoot.detect(repo.resolve("docs/notes"));

        assertThat(root.path()).isEqualTo(repo);
        assertThat(root.detection()).isEqualTo(RootDetection.VCS_BOUNDARY);
    }

    @Test
    void aSkrootMarkerWinsOverBuildFilesAndRepositories() throws IOException {
        Path repo = real().resolve("repo");
        touch(repo, ".git/", "pom.xml", "tools/gen/.skroot", "tools/gen/pom.xml", "tools/gen/deep/x/file.txt");

        SKRoot root = SKRoot.detect(repo.resolve("tools/gen/deep/x"));

        assertThat(root.path()).isEqualTo(repo.resolve("tools/gen"));
        assertThat(root.detection()).isEqualTo(RootDetection.SKROOT_MARKER);
    }

    @Test
    void aSkrootMarkerAboveTheRepositoryStillWins() throws IOException {
        Path top = real().resolve("top");
        touch(top, ".skroot", "repo/.git/", "repo/pom.xml", "repo/src/A.java");

        assertThat(SKRoot.detect(top.resolve("repo/src")).path()).isEqualTo(top);
    }

    @Test
    void noMarkersFailsWithAnErrorThatListsWhatWasLookedForWhere() throws IOException {
        Path plain = real().resolve("plain/a/b");
        Files.createDirectories(plain);

        assertThatThrownBy(() -> SKRoot.detect(plain))
                .isInstanceOf(SKRootException.class)
                .hasMessageContaining(".skroot")
                .hasMessageContaining("pom.xml")
                .hasMessageContaining("build.gradle.kts")
                .hasMessageContaining(".git")
                .hasMessageContaining(plain.toString())
                .hasMessageContaining(real().resolve("plain").toString())
                .hasMessageContaining("SUITKAISE_ROOT");
    }

    @Test
    void aSymlinkedStartDirectoryFindsTheRealProject() throws IOException {
        Path project = real().resolve("real-project");
        touch(project, ".git/", "pom.xml", "module/pom.xml", "module/src/A.java");
        Path link = Files.createSymbolicLink(real().resolve("link-to-module"), project.resolve("module"));

        SKRoot root = SKRoot.detect(link.resolve("src"));

        assertThat(root.path()).isEqualTo(project);
        assertThat(SKRoot.detect(link).path()).isEqualTo(project);
    }

    @Test
    void aSymlinkedProjectDirectoryIsNamedByItsRealCanonicalPath() throws IOException {
        Path project = real().resolve("real");
        touch(project, "pom.xml", "src/A.java");
        Path link = Files.createSymbolicLink(real().resolve("alias"), project);

        assertThat(SKRoot.detect(link).path()).isEqualTo(project);
        assertThat(SKRoot.of(link).path()).isEqualTo(project);
        assertThat(SKRoot.of(link).pathOf(link.resolve("src/A.java")).relative()).isEqualTo("src/A.java");
    }

    @Test
    void pathsWithSpacesAndNonAsciiNamesAreDetectedAndNamed() throws IOException {
        Path project = real().resolve("Mes projets/Projet ä ü 数据");
        touch(project, "pom.xml", "módulo uno/pom.xml", "módulo uno/src/Ünïcode Näme.java");

        SKRoot root = SKRoot.detect(project.resolve("módulo uno/src"));

        assertThat(root.path()).isEqualTo(project);
        SKPath file = root.pathOf(project.resolve("módulo uno/src/Ünïcode Näme.java"));
        assertThat(file.relative()).isEqualTo("módulo uno/src/Ünïcode Näme.java");
        assertThat(root.files().map(SKPath::relative))
                .containsExactly("módulo uno/pom.xml", "módulo uno/src/Ünïcode Näme.java", "pom.xml");
    }

    @Test
    void ofRejectsAMissingDirectoryAndAFileWithAHelpfulMessage() throws IOException {
        Path file = write(real(), "file.txt", "x");

        assertThatThrownBy(() -> SKRoot.of(real().resolve("missing")))
                .isInstanceOf(SKRootException.class).hasMessageContaining("does not exist").hasMessageContaining("missing");
        assertThatThrownBy(() -> SKRoot.of(file))
                .isInstanceOf(SKRootException.class).hasMessageContaining("not a directory");
    }

    @Test
    void ofUsesTheDirectoryAsGivenWithoutDetection() throws IOException {
        Path project = real().resolve("p");
        touch(project, "pom.xml", "sub/pom.xml");

        SKRoot root = SKRoot.of(project.resolve("sub"));

        assertThat(root.path()).isEqualTo(project.resolve("sub"));
        assertThat(root.detection()).isEqualTo(RootDetection.EXPLICIT);
        assertThat(root).isEqualTo(SKRoot.of(project.resolve("sub/.")));
    }
}
