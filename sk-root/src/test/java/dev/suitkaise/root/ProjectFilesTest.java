package dev.suitkaise.root;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static dev.suitkaise.root.TestTrees.touch;
import static dev.suitkaise.root.TestTrees.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ProjectFilesTest {

    @TempDir
    Path tmp;

    private Path project() throws IOException {
        Path p = tmp.toRealPath().resolve("project");
        touch(p, "pom.xml", "README.md", "src/main/java/a/App.java", "src/main/java/a/Util.java",
                "src/test/java/a/AppTest.java", "target/classes/a/App.class", "docs/guide.md", "notes.log");
        write(p, ".gitignore", "target/\n*.log\n");
        return p;
    }

    private static List<String> relative(Stream<SKPath> paths) {
        try (paths) {
            return paths.map(SKPath::relative).toList();
        }
    }

    @Test
    void filesListsEveryNonIgnoredFileInNameOrder() throws IOException {
        SKRoot root = SKRoot.of(project());

        assertThat(relative(root.files())).containsExactly(".gitignore", "README.md", "docs/guide.md", "pom.xml",
                "src/main/java/a/App.java", "src/main/java/a/Util.java", "src/test/java/a/AppTest.java");
    }

    @Test
    void anInterruptedThreadGetsAnExceptionInsteadOfFilesItsIgnoreFilesExclude() throws IOException {
        SKRoot root = SKRoot.of(project());

        Thread.currentThread().interrupt();
        try {
            assertThatThrownBy(() -> relative(root.files())).isInstanceOf(SKRootException.class)
                    .hasMessageContaining(".gitignore").hasMessageContaining("interrupted")
                    .hasMessageContaining("interrupt status is kept");
            assertThat(Thread.currentThread().isInterrupted()).as("interrupt status kept").isTrue();
            assertThatThrownBy(() -> root.tree(3)).isInstanceOf(SKRootException.class).hasMessageContaining("interrupted");
            assertThat(Thread.currentThread().isInterrupted()).as("interrupt status kept").isTrue();
        } finally {
            Thread.interrupted();
        }
        assertThat(relative(root.files())).as("listed again from a thread that is not interrupted")
                .doesNotContain("notes.log", "target/classes/a/App.class").contains("pom.xml");
    }

    @Test
    void anIgnoreFileInASubdirectoryReadOnAnInterruptedThreadEndsTheStreamAsItAdvances() throws IOException {
        Path p = project();
        write(p, "src/.gitignore", "*.java\n");
        SKRoot root = SKRoot.of(p);
        List<String> before = new ArrayList<>();
        Iterator<SKPath> it = root.files().iterator();

        try {
            assertThatThrownBy(() -> {
                while (it.hasNext()) {
                    String next = it.next().relative();
                    before.add(next);
                    if (next.equals("pom.xml")) {
                        Thread.currentThread().interrupt(); // before src/ is opened and its .gitignore read
                    }
                }
            }).isInstanceOf(SKRootException.class).hasMessageContaining("src").hasMessageContaining(".gitignore");
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
        } finally {
            Thread.interrupted();
        }
        assertThat(before).as("nothing under src/ was listed without its ignore file").noneMatch(f -> f.startsWith("src/"));
    }

    @Test
    void aRootInsideAZipFileSystemListsItsFilesAndHonoursItsIgnoreFiles() throws IOException {
        Path zip = tmp.resolve("project.zip");
        try (java.nio.file.FileSystem fs = java.nio.file.FileSystems.newFileSystem(zip, java.util.Map.of("create", "true"))) {
            Path p = fs.getPath("/project");
            touch(p, "pom.xml", "src/App.java", "target/App.class", "notes.log", "src/gen/Gen.java");
            write(p, ".gitignore", "target/\n*.log\n");
            write(p, "src/.gitignore", "gen/\n");
            SKRoot root = SKRoot.of(p);

            assertThat(relative(root.files())).containsExactly(".gitignore", "pom.xml", "src/.gitignore", "src/App.java");
        }
    }

    @Test
    void filesWithAGlobFiltersByNameOrByRelativePath() throws IOException {
        SKRoot root = SKRoot.of(project());

        assertThat(relative(root.files("*.java"))).containsExactly("src/main/java/a/App.java",
                "src/main/java/a/Util.java", "src/test/java/a/AppTest.java");
        assertThat(relative(root.files("src/main/**/*.java"))).containsExactly("src/main/java/a/App.java",
                "src/main/java/a/Util.java");
        assertThat(relative(root.files("/*.md"))).containsExactly("README.md");
        assertThat(relative(root.files("**/*Test.java"))).containsExactly("src/test/java/a/AppTest.java");
        assertThat(relative(root.files("*.class"))).isEmpty();
    }

    @Test
    void aMalformedGlobIsRefusedWithWhatIsWrongInsteadOfMatchingNothing() throws IOException {
        Path p = project();
        touch(p, "[x].txt", "x", "7.md");
        SKRoot root = SKRoot.of(p);

        assertThatThrownBy(() -> root.files("[x")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'[x'").hasMessageContaining("no ']' closes");
        assertThatThrownBy(() -> root.files("[[:nope:]]*")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'[[:nope:]]*'").hasMessageContaining("[:nope:]").hasMessageContaining("not a character class");
        assertThatThrownBy(() -> root.files("src/**/[!a")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no ']' closes");
        assertThatThrownBy(() -> root.files("x\\")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("lone '\\'");
        assertThat(relative(root.files("\\[x].txt"))).containsExactly("[x].txt");
        assertThat(relative(root.files("[x]"))).containsExactly("x");
        assertThat(relative(root.files("[[:digit:]].md"))).containsExactly("7.md");
        assertThat(relative(root.files("[]x]"))).containsExactly("x");
    }

    @Test
    void aSkignoreExcludesLikeAGitignoreAndWinsOverTheGitignoreOfItsDirectory() throws IOException {
        Path p = project();
        write(p, ".skignore", "docs/\n!notes.log\n");
        write(p, "src/.skignore", "test/\n");

        assertThat(relative(SKRoot.of(p).files())).containsExactly(".gitignore", ".skignore", "README.md", "notes.log",
                "pom.xml", "src/.skignore", "src/main/java/a/App.java", "src/main/java/a/Util.java");
    }

    @Test
    void versionControlDirectoriesAreNeverListed() throws IOException {
        Path p = project();
        touch(p, ".git/config", ".git/objects/ab/cdef", ".hg/store/data", "sub/.git/HEAD");

        assertThat(relative(SKRoot.of(p).files())).noneMatch(r -> r.startsWith(".git/") || r.startsWith(".hg/")
                || r.startsWith("sub/.git")).contains("pom.xml");
    }

    @Test
    void symbolicLinksAreListedButNeverFollowed() throws IOException {
        Path p = project();
        Files.createSymbolicLink(p.resolve("link-to-src"), p.resolve("src"));
        Files.createSymbolicLink(p.resolve("link-to-readme"), p.resolve("README.md"));

        List<String> files = relative(SKRoot.of(p).files());

        assertThat(files).contains("link-to-src", "link-to-readme").noneMatch(r -> r.startsWith("link-to-src/"));
    }

    @Test
    void aDirectoryReplacedByASymbolicLinkDuringTheWalkIsNotFollowedOutOfTheRoot() throws IOException {
        Path base = tmp.toRealPath();
        Path p = base.resolve("swapped");
        touch(p, "pom.xml", "a.txt", "b/inside.txt");
        touch(base, "outside/secret.txt");
        List<String> seen = new ArrayList<>();
        try (Stream<SKPath> files = SKRoot.of(p).files()) {
            Iterator<SKPath> it = files.iterator();
            seen.add(it.next().relative());
            assertThat(seen).containsExactly("a.txt");
            // the walk has listed the root, not yet b: b becomes a link to a directory outside the root
            Files.delete(p.resolve("b/inside.txt"));
            Files.delete(p.resolve("b"));
            Files.createSymbolicLink(p.resolve("b"), base.resolve("outside"));
            it.forEachRemaining(x -> seen.add(x.relative()));
        }

        assertThat(seen).containsExactly("a.txt", "pom.xml");
    }

    @Test
    void aDirectoryReplacedByAnotherRealDirectoryDuringTheWalkIsWalked() throws IOException {
        Path base = tmp.toRealPath();
        Path p = base.resolve("recreated");
        touch(p, "a.txt", "b/old.txt", "pom.xml");
        List<String> seen = new ArrayList<>();
        try (Stream<SKPath> files = SKRoot.of(p).files()) {
            Iterator<SKPath> it = files.iterator();
            seen.add(it.next().relative());
            assertThat(seen).containsExactly("a.txt");
            // like a build's clean or a branch switch: b is made again, a real directory with another inode
            touch(base, "staging/new.txt");
            Files.delete(p.resolve("b/old.txt"));
            Files.delete(p.resolve("b"));
            Files.move(base.resolve("staging"), p.resolve("b"));
            it.forEachRemaining(x -> seen.add(x.relative()));
        }

        assertThat(seen).containsExactly("a.txt", "b/new.txt", "pom.xml");
    }

    @Test
    void aDirectoryWhoseParentWasReplacedByASymbolicLinkDuringTheWalkIsNotFollowedOutOfTheRoot() throws IOException {
        Path base = tmp.toRealPath();
        Path p = base.resolve("swapped-parent");
        touch(p, "a.txt", "b/a.txt", "b/c/inside.txt", "pom.xml");
        touch(base, "outside/c/secret.txt");
        List<String> seen = new ArrayList<>();
        try (Stream<SKPath> files = SKRoot.of(p).files()) {
            Iterator<SKPath> it = files.iterator();
            seen.add(it.next().relative());
            seen.add(it.next().relative());
            assertThat(seen).containsExactly("a.txt", "b/a.txt");
            // b has been listed, b/c not yet opened: b becomes a link to a directory outside the root
            Files.move(p.resolve("b"), base.resolve("moved-away"));
            Files.createSymbolicLink(p.resolve("b"), base.resolve("outside"));
            it.forEachRemaining(x -> seen.add(x.relative()));
        }

        assertThat(seen).containsExactly("a.txt", "b/a.txt", "pom.xml");
    }

    @Test
    void filesAgreesWithFilesWalkOnALargerTreeWithoutIgnoreFiles() throws IOException {
        Path p = tmp.toRealPath().resolve("big");
        for (int d = 0; d < 20; d++) {
            for (int f = 0; f < 50; f++) {
                touch(p, "dir" + d + "/sub" + (f % 5) + "/file" + f + ".txt");
            }
        }
        Set<String> walked;
        try (Stream<Path> walk = Files.walk(p)) {
            walked = walk.filter(Files::isRegularFile).map(x -> p.relativize(x).toString().replace('\\', '/'))
                    .collect(Collectors.toCollection(TreeSet::new));
        }

        List<String> listed = relative(SKRoot.of(p).files());

        assertThat(listed).hasSize(1000);
        assertThat(new TreeSet<>(listed)).isEqualTo(walked);
    }

    @Test
    void treePrintsAnIndentedTreeDownToTheDepthLimit() throws IOException {
        SKRoot root = SKRoot.of(project());

        SKTree tree = root.tree(2);

        assertThat(tree).hasToString("""
                project/
                  .gitignore
                  README.md
                  docs/
                    guide.md
                  pom.xml
                  src/
                    main/ ...
                    test/ ...
                """);
        assertThat(tree.directory()).isTrue();
        assertThat(tree.path().relative()).isEmpty();
        assertThat(tree.stream().filter(SKTree::truncated).map(t -> t.path().relative())).containsExactly("src/main", "src/test");
    }

    @Test
    void aFullDepthTreeHoldsEveryListedFile() throws IOException {
        SKRoot root = SKRoot.of(project());

        SKTree tree = root.tree(Integer.MAX_VALUE);

        List<SKPath> inTree = tree.stream().filter(t -> !t.directory()).map(SKTree::path).toList();
        assertThat(inTree).containsExactlyElementsOf(root.files().toList());
        assertThat(tree.stream().noneMatch(SKTree::truncated)).isTrue();
        assertThat(root.tree(0)).hasToString("project/ ...\n");
        assertThatThrownBy(() -> root.tree(-1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void resolveNamesPathsRelativeToTheRoot() throws IOException {
        SKRoot root = SKRoot.of(project());

        SKPath app = root.resolve("src/main/java/a/App.java");

        assertThat(app.absolute()).isEqualTo(root.path().resolve("src/main/java/a/App.java"));
        assertThat(app.exists()).isTrue();
        assertThat(root.resolve("not/yet/there.txt").relative()).isEqualTo("not/yet/there.txt");
    }

    @Test
    void resourcePrefersAFileUnderTheRoot() throws IOException {
        Path p = project();
        write(p, "sk-root-test/greeting.txt", "hello from the project");
        SKRoot root = SKRoot.of(p);

        SKResource r = root.resource("/sk-root-test/greeting.txt").orElseThrow();

        assertThat(r.origin()).isEqualTo(SKResource.Origin.ROOT);
        assertThat(read(r)).isEqualTo("hello from the project");
    }

    @Test
    void resourceFallsBackToTheClassPath() throws IOException {
        SKRoot root = SKRoot.of(project());

        SKResource r = root.resource("sk-root-test/greeting.txt").orElseThrow();

        assertThat(r.origin()).isNotEqualTo(SKResource.Origin.ROOT);
        assertThat(read(r)).isEqualTo("hello from the class path\n");
    }

    @Test
    void resourceFallsBackToResourcesOfNamedModules() throws IOException {
        SKRoot root = SKRoot.of(project());

        SKResource viaLoaders = root.resource("dev/suitkaise/root/fixture/fixture-data.txt").orElseThrow();
        SKResource viaAnchor = root.resource("dev/suitkaise/root/fixture/fixture-data.txt", ProjectFilesTest.class)
                .orElseThrow();

        assertThat(viaLoaders.origin()).isNotEqualTo(SKResource.Origin.ROOT);
        assertThat(read(viaLoaders)).isEqualTo("encapsulated fixture data\n");
        assertThat(viaAnchor.origin()).isEqualTo(SKResource.Origin.MODULE);
        assertThat(read(viaAnchor)).isEqualTo("encapsulated fixture data\n");
    }

    @Test
    void resourceReadsEncapsulatedResourcesOfBootLayerModulesThatNoClassLoaderHandsOut() throws IOException {
        SKRoot root = SKRoot.of(project());
        String name = "sun/net/www/content-types.properties";
        assertThat(ClassLoader.getSystemResource(name)).as("encapsulated in java.base").isNull();

        SKResource r = root.resource(name).orElseThrow();

        assertThat(r.origin()).isEqualTo(SKResource.Origin.MODULE);
        assertThat(r.url().getProtocol()).isEqualTo("jrt");
        assertThat(read(r)).isNotBlank();
    }

    @Test
    void aMissingResourceIsEmpty() throws IOException {
        SKRoot root = SKRoot.of(project());

        assertThat(root.resource("no/such/resource.txt")).isEmpty();
        assertThat(root.resource("/")).isEmpty();
    }

    @Test
    void listingARootThatNoLongerExistsFailsWithThePathAndWhatToCheck() throws IOException {
        Path gone = tmp.toRealPath().resolve("gone");
        touch(gone, "pom.xml");
        SKRoot root = SKRoot.of(gone);
        Files.delete(gone.resolve("pom.xml"));
        Files.delete(gone);

        assertThatThrownBy(root::files)
                .isInstanceOf(SKRootException.class)
                .hasMessageContaining(gone.toString())
                .hasMessageContaining("exists and is readable");
    }

    private static String read(SKResource r) throws IOException {
        try (InputStream in = r.open()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
