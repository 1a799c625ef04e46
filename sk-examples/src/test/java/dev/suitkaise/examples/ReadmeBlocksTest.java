package dev.suitkaise.examples;

import dev.suitkaise.examples.focused.FocusedExamples;
import dev.suitkaise.examples.words.WordTour;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's runnable Java blocks are verbatim regions of examples that tests compile and run
 * (see {@link ReadmeBlocks} for the marker convention), so the README cannot drift from working code.
 */
class ReadmeBlocksTest {

    private static final Path MODULE = Path.of(System.getProperty("user.dir")).toAbsolutePath();
    private static final Path REPOSITORY = MODULE.getParent();
    private static final Path README = REPOSITORY.resolve("README.md");

    /** The sources a README block may quote: the focused examples (FocusedExamplesTest) and the tour (TourTest). */
    static Set<String> runByTests() {
        Set<String> sources = new TreeSet<>();
        List<Class<?>> classes = new ArrayList<>(FocusedExamples.ALL);
        classes.addAll(List.of(Tour.class, CerealDemo.class, FunctionDemo.class, CycleDemo.class, WordTour.class));
        for (Class<?> c : classes) {
            sources.add("sk-examples/src/main/java/" + c.getName().replace('.', '/') + ".java");
        }
        return sources;
    }

    @Test
    void everyJavaBlockOfTheReadmeIsMarkedAndEqualsARegionOfATestedExample() throws IOException {
        List<ReadmeBlocks.Block> blocks = ReadmeBlocks.blocks(Files.readAllLines(README));

        assertThat(ReadmeBlocks.check(README, REPOSITORY, true, runByTests())).as("README.md blocks").isEmpty();
        assertThat(blocks.stream().filter(b -> b.example() != null).map(b -> b.example().group(1)).distinct())
                .as("examples quoted by the README").hasSizeGreaterThanOrEqualTo(FocusedExamples.ALL.size());
    }

    @Test
    void everyRegionMarkerInTheExamplesIsBalanced() throws IOException {
        List<String> problems = new ArrayList<>();
        int regions = 0;
        for (String source : runByTests()) {
            regions += ReadmeBlocks.regions(Files.readAllLines(REPOSITORY.resolve(source)), source, problems).size();
        }

        assertThat(problems).isEmpty();
        assertThat(regions).isGreaterThanOrEqualTo(FocusedExamples.ALL.size());
    }

    @Test
    void theCheckReportsDriftMissingRegionsUnmarkedJavaBlocksAndUntestedSources(@TempDir Path dir) throws IOException {
        Path source = dir.resolve("src/Demo.java");
        Files.createDirectories(source.getParent());
        Files.write(source, List.of(
                "class Demo {",
                "    void run() {",
                "        // begin:outer",
                "        int a = 1;",
                "        // begin:inner",
                "        int b = 2;",
                "        // end:inner",
                "        // end:outer",
                "    }",
                "}"));
        Path markdown = dir.resolve("README.md");
        Files.write(markdown, List.of(
                "# Demo",
                "<!-- example: src/Demo.java#outer -->",
                "```java",
                "int a = 1;",
                "int b = 2;",
                "```",
                "<!-- example: src/Demo.java#inner -->",
                "```java",
                "int b = 3;",
                "```",
                "<!-- example: src/Demo.java#gone -->",
                "```java",
                "int c;",
                "```",
                "```java",
                "unmarked();",
                "```",
                "<!-- not-runnable: a fragment -->",
                "```java",
                "fragment();",
                "```",
                "```sh",
                "./mvnw verify",
                "```",
                "<!-- example: src/Other.java#x -->",
                "```java",
                "x();",
                "```"));
        Set<String> tested = Set.of("src/Demo.java");

        List<String> strict = ReadmeBlocks.check(markdown, dir, true, tested);
        List<String> lenient = ReadmeBlocks.check(markdown, dir, false, tested);

        assertThat(strict).containsExactly(
                "README.md:8: block drifted from src/Demo.java#inner: line 1 of the block is \"int b = 3;\" but the region has"
                        + " \"int b = 2;\"; copy the region into the block again",
                "README.md:12: src/Demo.java has no region 'gone' (a '// begin:gone' ... '// end:gone' pair); its regions:"
                        + " [inner, outer]",
                "README.md:15: ```java block is not marked: put <!-- example: PATH#REGION --> (a region of a tested example)"
                        + " or <!-- not-runnable: why --> on the line before it; it starts with: unmarked();",
                "README.md:26: src/Other.java is not an example that a test runs; runnable blocks may quote only [src/Demo.java]",
                "README.md:26: no such source file: src/Other.java");
        assertThat(lenient).hasSize(strict.size() - 1).noneMatch(p -> p.contains("not marked"));
    }

    @Test
    void unbalancedRegionMarkersAreReportedWithTheirLines() {
        List<String> problems = new ArrayList<>();

        ReadmeBlocks.regions(List.of("// begin:a", "x", "// end:b", "// begin:c", "// end:c", "// begin:c", "// end:c"),
                "Demo.java", problems);

        assertThat(problems).containsExactly(
                "Demo.java:3: '// end:b' without a '// begin:b' before it",
                "Demo.java:6: region 'c' begins a second time; region names are unique per file",
                "Demo.java:7: '// end:c' without a '// begin:c' before it",
                "Demo.java:1: region 'a' has no '// end:a'");
    }
}
