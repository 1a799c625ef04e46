package dev.suitkaise.bench.root;

import dev.suitkaise.bench.Goal;
import dev.suitkaise.bench.Peer;
import dev.suitkaise.root.SKPath;
import dev.suitkaise.root.SKRoot;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Listing every file of a project of about 20,000 files with {@link SKRoot#files()}, which
 * honours the {@code .gitignore} file of every directory, beside a plain
 * {@link Files#walk(Path, java.nio.file.FileVisitOption...)} over the same tree that keeps the
 * regular files and honours no ignore file.
 *
 * <h2>The tree</h2>
 * Created once per trial (so once per forked JVM) in a new temporary directory, and deleted
 * after the trial:
 * <ul>
 *   <li>at the top, a {@code pom.xml} and a {@code .gitignore} with {@code gen*} and
 *       {@code **}{@code /tmp/};</li>
 *   <li>{@value #MODULES} directories {@code mod00}..{@code mod39}, each with a
 *       {@code .gitignore} holding {@code *.log}, {@code /pkg9/} and {@code !keep.log}, and
 *       {@value #PACKAGES} subdirectories {@code pkg0}..{@code pkg9}, except that in every
 *       eighth directory ({@code mod03}, {@code mod11}, ...) {@code pkg4} is named {@code tmp};</li>
 *   <li>{@value #FILES} empty files in each subdirectory: {@code keep.log}, then
 *       {@code FileNN.java}, where every seventh file ends in {@code .log} instead and every
 *       tenth (NN ending in 5) starts with {@code gen} instead of {@code File}.</li>
 * </ul>
 * That is 20,042 regular files ({@value #MODULES} x {@value #PACKAGES} x {@value #FILES}, the
 * 41 {@code .gitignore} files and the {@code pom.xml}), which {@link #filesWalk()} counts.
 * {@link #skRootFiles()} counts 13,887: it skips every {@code pkg9} and {@code tmp} directory
 * without reading it (5 x 50 + 40 x 50 files) and, in the 355 directories it reads, the 11 of 50
 * files per directory that {@code *.log} or {@code gen*} ignore; {@code keep.log} is
 * re-included. So {@code files()} returns fewer files than the walk, and the ratio compares the
 * cost of listing <em>a project's files as git sees them</em> with that of listing all of them;
 * the walk does not read the ignore files or match any pattern, but it does read the ignored
 * directories. {@link #createTree()} checks both counts (and the glob's) once before measuring,
 * and fails the trial with a message if they differ from the ones above.
 *
 * <h2>What is measured</h2>
 * One operation is one complete listing, consumed by {@link Stream#count()} (which cannot skip
 * the elements of either stream, since neither knows its size): for {@code files()}, reading each
 * directory, one attribute read per entry, sorting each directory by name, reading and parsing
 * the 41 {@code .gitignore} files, matching every entry against the rules in force, and making an
 * {@link SKPath} per file; for the walk, reading each directory, the attribute reads of
 * {@link Files#walk} and the extra one of {@link Files#isRegularFile}. Mode is average time per
 * listing, in milliseconds.
 *
 * <p>The OS page cache is warm: the tree was just written in setup, and every operation reads
 * the same directories and inodes, so after the first iteration (if not before) no operation
 * touches the disk. This measures the CPU and system-call cost of a listing of a cached tree,
 * which is what a tool that lists the project repeatedly pays; a first listing after a reboot is
 * dominated by disk reads, which both forms pay alike (the walk more, as it also reads the
 * ignored directories).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class ProjectFilesBenchmark {

    /** Directories at the top of the tree. */
    static final int MODULES = 40;

    /** Subdirectories in each top directory. */
    static final int PACKAGES = 10;

    /** Files in each subdirectory. */
    static final int FILES = 50;

    /** The glob of {@link #skRootFilesGlob()}. */
    static final String GLOB = "**/*.log";

    private static final String TOP_GITIGNORE = "gen*\n**/tmp/\n";
    private static final String MODULE_GITIGNORE = "*.log\n/pkg9/\n!keep.log\n";
    private static final String POM = """
            <project xmlns="http://maven.apache.org/POM/4.0.0">
              <modelVersion>4.0.0</modelVersion>
              <groupId>bench</groupId>
              <artifactId>project-files</artifactId>
              <version>1</version>
            </project>
            """;

    private Path dir;
    private SKRoot root;

    /**
     * Creates the tree described in the class description in a new temporary directory, opens
     * the root on it, and checks once that the walk, {@code files()} and the glob count the
     * expected files, {@code files()} fewer than the walk and more than zero.
     *
     * @throws IOException if the tree cannot be created
     * @throws IllegalStateException if a count differs from the expected one
     */
    @Setup(Level.Trial)
    public void createTree() throws IOException {
        dir = Files.createTempDirectory("sk-bench-project-files-");
        try {
            Files.writeString(dir.resolve("pom.xml"), POM, StandardCharsets.UTF_8);
            Files.writeString(dir.resolve(".gitignore"), TOP_GITIGNORE, StandardCharsets.UTF_8);
            long expectedAll = 2;
            long expectedListed = 2;
            long expectedGlob = 0;
            for (int m = 0; m < MODULES; m++) {
                Path module = Files.createDirectory(dir.resolve(moduleName(m)));
                Files.writeString(module.resolve(".gitignore"), MODULE_GITIGNORE, StandardCharsets.UTF_8);
                expectedAll++;
                expectedListed++;
                for (int p = 0; p < PACKAGES; p++) {
                    String packageName = packageName(m, p);
                    boolean packageIgnored = packageName.equals("pkg9") || packageName.equals("tmp");
                    Path pkg = Files.createDirectory(module.resolve(packageName));
                    for (int f = 0; f < FILES; f++) {
                        String name = fileName(f);
                        Files.createFile(pkg.resolve(name));
                        expectedAll++;
                        boolean fileIgnored = name.startsWith("gen") || (name.endsWith(".log") && !name.equals("keep.log"));
                        if (!packageIgnored && !fileIgnored) {
                            expectedListed++;
                            if (name.endsWith(".log")) {
                                expectedGlob++;
                            }
                        }
                    }
                }
            }
            root = SKRoot.of(dir);
            check(expectedAll, expectedListed, expectedGlob);
        } catch (IOException | RuntimeException e) {
            try {
                deleteTree();
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    private void check(long expectedAll, long expectedListed, long expectedGlob) throws IOException {
        long walked = filesWalk();
        long listed = skRootFiles();
        long globbed = skRootFilesGlob();
        if (listed <= 0 || listed >= walked) {
            throw new IllegalStateException("SKRoot.files() must list fewer files than Files.walk and more than zero"
                    + " (the tree's .gitignore files exclude some), but it listed " + listed + " of the " + walked
                    + " regular files under " + dir + "; the benchmark would not measure a listing that honours"
                    + " the ignore files.");
        }
        if (walked != expectedAll || listed != expectedListed || globbed != expectedGlob) {
            throw new IllegalStateException("Unexpected file counts under " + dir + ": Files.walk counted " + walked
                    + " regular files (expected " + expectedAll + "), SKRoot.files() " + listed + " (expected "
                    + expectedListed + "), SKRoot.files(\"" + GLOB + "\") " + globbed + " (expected " + expectedGlob
                    + "). Either the tree was not created as described or sk-root does not apply the .gitignore"
                    + " rules (gen*, **/tmp/, *.log, /pkg9/, !keep.log) as git does.");
        }
    }

    /**
     * Deletes the tree.
     *
     * @throws IOException if a file or directory cannot be deleted
     */
    @TearDown(Level.Trial)
    public void deleteTree() throws IOException {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        Files.walkFileTree(dir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                if (e != null) {
                    throw e;
                }
                Files.delete(d);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    static String moduleName(int m) {
        return String.format("mod%02d", m);
    }

    static String packageName(int m, int p) {
        return p == 4 && m % 8 == 3 ? "tmp" : "pkg" + p;
    }

    static String fileName(int f) {
        if (f == 0) {
            return "keep.log";
        }
        return (f % 10 == 5 ? "gen" : "File") + String.format("%02d", f) + (f % 7 == 0 ? ".log" : ".java");
    }

    /**
     * The peer: {@code Files.walk} over the tree, counting the regular files (20,042). Honours no
     * ignore file, so it reads and counts the ignored directories and files too.
     *
     * @return the number of regular files
     * @throws IOException if the tree cannot be walked
     */
    @Benchmark
    public long filesWalk() throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).count();
        }
    }

    /**
     * {@code SKRoot.files()} over the same tree, counting the files it lists (13,887): the
     * ignored directories are not read, and the ignored files of the directories it reads are
     * matched and skipped.
     *
     * @return the number of files listed
     */
    @Benchmark
    @Peer("filesWalk")
    @Goal(maxRatio = 2.0, note = "SKRoot.files() on a tree of 20,042 files within 2x of a plain Files.walk over"
            + " the same tree; files() honours every .gitignore (41 of them, patterns at two levels, a negation),"
            + " so it lists 13,887 files and skips the ignored directories unread, while the walk lists and stats"
            + " everything. Warm OS cache: a listing of a cached tree.")
    public long skRootFiles() {
        try (Stream<SKPath> s = root.files()) {
            return s.count();
        }
    }

    /**
     * {@code SKRoot.files("**}{@code /*.log")} over the same tree, counting the files it lists
     * (355, the {@code keep.log} files that {@code !keep.log} re-includes): {@code files()} plus
     * a glob match of every listed file's relative path.
     *
     * @return the number of files listed
     */
    @Benchmark
    @Peer("filesWalk")
    public long skRootFilesGlob() {
        try (Stream<SKPath> s = root.files(GLOB)) {
            return s.count();
        }
    }

    /**
     * A stricter peer: {@code Files.find} reading each entry's attributes once (the walk above
     * reads them twice, once in the walk and once in {@code isRegularFile}), counting regular
     * files (20,042).
     *
     * @return the number of regular files in the tree
     * @throws IOException if the tree cannot be read
     */
    @Benchmark
    public long filesFind() throws IOException {
        try (Stream<Path> s = Files.find(dir, Integer.MAX_VALUE, (p, attributes) -> attributes.isRegularFile())) {
            return s.count();
        }
    }

    /**
     * {@code SKRoot.files()} again, measured against the stricter {@link #filesFind} peer, so the
     * table shows both comparisons.
     *
     * @return the number of files {@code files()} lists
     */
    @Benchmark
    @Peer("filesFind")
    public long skRootFilesVsFind() {
        try (Stream<SKPath> s = root.files()) {
            return s.count();
        }
    }
}
