package dev.suitkaise.root;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * Each case builds a real tree with real ignore files, asks {@code git check-ignore --no-index}
 * which files git ignores, checks that against the rule of gitignore(5) the case illustrates, and
 * checks that {@link SKRoot#files()} lists exactly the files git does not ignore.
 */
class GitignoreConformanceTest {

    @TempDir
    Path tmp;

    /**
     * One conformance case.
     *
     * @param rule the gitignore(5) rule illustrated
     * @param ignoreFiles ignore file path (".gitignore", "sub/.gitignore", ".git/info/exclude") to content
     * @param files the files of the tree (ignore files are added automatically)
     * @param ignored the files git is expected to ignore
     */
    record Case(String rule, Map<String, String> ignoreFiles, List<String> files, Set<String> ignored) {
        @Override
        public String toString() {
            return rule;
        }
    }

    private static Case c(String rule, String gitignore, String files, String ignored) {
        return new Case(rule, Map.of(".gitignore", gitignore), split(files), new TreeSet<>(split(ignored)));
    }

    private static Case nested(String rule, Map<String, String> ignoreFiles, String files, String ignored) {
        return new Case(rule, ignoreFiles, split(files), new TreeSet<>(split(ignored)));
    }

    private static List<String> split(String s) {
        return s.isEmpty() ? List.of() : Arrays.asList(s.split("\\|"));
    }

    private static Map<String, String> files(String... pairs) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            m.put(pairs[i], pairs[i + 1]);
        }
        return m;
    }

    static Stream<Case> cases() {
        return Stream.of(
                c("a blank line matches no files", "\n\n", "a.txt|b/c.txt", ""),
                c("a line starting with # is a comment", "#comment\n# a.txt\n", "#comment|a.txt", ""),
                c("a backslash before # makes it a literal hash", "\\#hash\n", "#hash|hash", "#hash"),
                c("trailing spaces are ignored", "foo   \n", "foo|bar", "foo"),
                c("a trailing space escaped with backslash is kept", "bar\\ \n", "bar |bar", "bar "),
                c("leading spaces are part of the pattern", " lead\n", " lead|lead", " lead"),
                c("an optional ! negates and re-includes a file", "*.log\n!keep.log\n", "a.log|keep.log|b/c.log|b/keep.log",
                        "a.log|b/c.log"),
                c("a backslash before ! makes it a literal exclamation mark", "\\!important\n",
                        "!important|important", "!important"),
                c("a file under an excluded directory cannot be re-included", "build/\n!build/keep.txt\n",
                        "build/keep.txt|build/other.txt|keep.txt", "build/keep.txt|build/other.txt"),
                c("excluding a directory's contents with /* lets a file be re-included", "build/*\n!build/keep.txt\n",
                        "build/keep.txt|build/other.txt", "build/other.txt"),
                c("a trailing slash matches directories only", "logs/\n", "logs/a.txt|sub/logs|sub/dir/logs/b.txt",
                        "logs/a.txt|sub/dir/logs/b.txt"),
                c("without a trailing slash a pattern matches files and directories", "logs\n",
                        "a/logs|b/logs/x.txt|logsx", "a/logs|b/logs/x.txt"),
                c("a leading slash anchors the pattern to the .gitignore directory", "/root.txt\n",
                        "root.txt|sub/root.txt", "root.txt"),
                c("a slash in the middle anchors the pattern too", "doc/frotz\n",
                        "doc/frotz|a/doc/frotz|frotz", "doc/frotz"),
                c("doc/frotz/ with a trailing slash matches the directory doc/frotz", "doc/frotz/\n",
                        "doc/frotz/f.txt|a/doc/frotz/f.txt", "doc/frotz/f.txt"),
                c("a pattern without a slash matches at any level", "frotz\n",
                        "frotz|a/frotz|a/b/frotz|frotzz", "frotz|a/frotz|a/b/frotz"),
                c("an asterisk matches anything except a slash", "doc/*.txt\n",
                        "doc/a.txt|doc/sub/b.txt|c.txt", "doc/a.txt"),
                c("an asterisk matches within a name at any level", "*.o\n", "a.o|x/y/b.o|c.oo|d.o.txt", "a.o|x/y/b.o"),
                c("a question mark matches one character except a slash", "file?.txt\n",
                        "file1.txt|file10.txt|file.txt|d/fileX.txt", "file1.txt|d/fileX.txt"),
                c("a question mark does not match a slash", "a?b\n", "a/b|axb", "axb"),
                c("a range [a-z] matches one character in the range", "log[0-9].txt\n",
                        "log5.txt|logx.txt|log55.txt", "log5.txt"),
                c("a set [!a] matches any one character but the listed ones", "[!a]*.c\n", "a.c|b.c|ab.c|cc.c",
                        "b.c|cc.c"),
                c("a set [^a] is the same as [!a]", "x[^0-9]\n", "x1|xa|xb", "xa|xb"),
                c("a bracket set never matches a slash", "a[/]b\n", "a/b|axb", ""),
                c("a character class [[:digit:]] matches digits", "v[[:digit:]]\n", "v1|va|v10", "v1"),
                c("a leading **/ matches in all directories", "**/foo\n", "foo|a/foo|a/b/foo|foox", "foo|a/foo|a/b/foo"),
                c("**/foo/bar matches bar directly under any foo", "**/foo/bar\n",
                        "foo/bar|x/foo/bar|foo/x/bar", "foo/bar|x/foo/bar"),
                c("a trailing /** matches everything inside", "abc/**\n",
                        "abc/x|abc/d/y|x/abc/y|abcd/z", "abc/x|abc/d/y"),
                c("a slash, two asterisks and a slash match zero or more directories", "a/**/b\n",
                        "a/b|a/x/b|a/x/y/b|a/bb|c/a/b", "a/b|a/x/b|a/x/y/b"),
                c("other consecutive asterisks are ordinary asterisks", "foo**bar\n",
                        "foobar|fooxbar|foo/bar|d/fooxxbar", "foobar|fooxbar|d/fooxxbar"),
                c("doc/**/*.pdf matches pdfs at any depth under doc", "doc/**/*.pdf\n",
                        "doc/a.pdf|doc/x/b.pdf|doc/x/y/c.pdf|d.pdf|doc/e.txt", "doc/a.pdf|doc/x/b.pdf|doc/x/y/c.pdf"),
                c("within one file the last matching pattern wins", "!a.txt\n*.txt\n", "a.txt|b.txt", "a.txt|b.txt"),
                c("a negation after the pattern re-includes", "*.txt\n!a.txt\n", "a.txt|b.txt", "b.txt"),
                c("a wildcard directory pattern matches directories only", "tmp*/\n",
                        "tmp1/x|tmpdir/y/z|tmpfile", "tmp1/x|tmpdir/y/z"),
                c("everything except one nested path, from the gitignore(5) example", "/*\n!/foo\n/foo/*\n!/foo/bar\n",
                        "a.txt|foo/bar/x.txt|foo/baz/y.txt|foo/z.txt|other/w.txt",
                        ".gitignore|a.txt|foo/baz/y.txt|foo/z.txt|other/w.txt"),
                c("a backslash escapes an asterisk and a question mark", "\\*star\n\\?q\n", "*star|xstar|?q|xq",
                        "*star|?q"),
                c("two asterisks alone match everything", "**\n", "a|b/c|d/e/f", ".gitignore|a|b/c|d/e/f"),
                c("a trailing /**/ matches directories inside", "a/**/\n", "a/f|a/b/c|a/b/d/e", "a/b/c|a/b/d/e"),
                c("a trailing slash on a file name does not match the file", "file.txt/\n", "file.txt|d/file.txt", ""),
                c("matching is case-sensitive", "README\n", "README|readme|Readme", "README"),
                c("a negated directory pattern re-includes that directory", "out*/\n!out-keep/\n",
                        "out1/x|out-keep/y|out-keep/z/w", "out1/x"),
                c("a */ pattern matches every directory", "*/\n", "top.txt|a/b.txt|c/d/e.txt", "a/b.txt|c/d/e.txt"),
                c("non-ASCII names match literally and with wildcards", "äpfel*\n数据/\n",
                        "äpfel.txt|apfel.txt|数据/x.txt|d/äpfelmus", "äpfel.txt|数据/x.txt|d/äpfelmus"),
                c("names with spaces match literally", "my file.txt\n*copy 2*\n",
                        "my file.txt|my-file.txt|d/report copy 2.doc", "my file.txt|d/report copy 2.doc"),
                c("lines may end with CRLF", "a.txt\r\nb/\r\n", "a.txt|b/c.txt|c.txt", "a.txt|b/c.txt"),
                nested("a deeper .gitignore takes precedence over a shallower one",
                        files(".gitignore", "*.txt\n", "sub/.gitignore", "!keep.txt\n"),
                        "keep.txt|sub/keep.txt|sub/other.txt", "keep.txt|sub/other.txt"),
                nested("a deeper .gitignore can ignore what the root re-includes",
                        files(".gitignore", "*.log\n!important.log\n", "sub/.gitignore", "important.log\n"),
                        "important.log|sub/important.log|sub/x.log", "sub/important.log|sub/x.log"),
                nested("a leading slash anchors to the directory of its .gitignore",
                        files("sub/.gitignore", "/only-here\n"),
                        "only-here|sub/only-here|sub/x/only-here", "sub/only-here"),
                nested("a middle slash pattern is relative to its .gitignore directory",
                        files("sub/.gitignore", "a/b\n"),
                        "a/b|sub/a/b|sub/x/a/b", "sub/a/b"),
                nested("**/ in a nested .gitignore matches only below that directory",
                        files("sub/.gitignore", "**/gen\n"),
                        "gen|sub/gen|sub/a/gen|other/gen", "sub/gen|sub/a/gen"),
                nested("a basename pattern in a nested .gitignore matches only below that directory",
                        files("sub/.gitignore", "*.tmp\n"),
                        "a.tmp|sub/b.tmp|sub/deep/c.tmp", "sub/b.tmp|sub/deep/c.tmp"),
                nested("a directory ignored by a parent hides the .gitignore inside it",
                        files(".gitignore", "vendor/\n", "vendor/.gitignore", "!*\n"),
                        "vendor/lib.js|app.js", "vendor/.gitignore|vendor/lib.js"),
                nested(".git/info/exclude applies with lower precedence than .gitignore",
                        files(".git/info/exclude", "*.bak\nsecret\n", ".gitignore", "!keep.bak\n"),
                        "a.bak|keep.bak|secret|d/secret|open.txt", "a.bak|secret|d/secret")
        );
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void filesListsExactlyWhatGitDoesNotIgnore(Case c) throws IOException {
        Path dir = tmp.toRealPath().resolve("case");
        Files.createDirectories(dir);
        TestTrees.Result init = TestTrees.git(dir, null, "init", "-q");
        assertThat(init.exitCode()).as(init.stderr()).isZero();
        for (String f : c.files()) {
            TestTrees.write(dir, f, "x\n");
        }
        for (Map.Entry<String, String> e : c.ignoreFiles().entrySet()) {
            TestTrees.write(dir, e.getKey(), e.getValue());
        }

        List<String> all;
        try (Stream<Path> walk = Files.walk(dir)) {
            all = walk.filter(Files::isRegularFile)
                    .map(p -> dir.relativize(p).toString().replace('\\', '/'))
                    .filter(r -> !r.startsWith(".git/"))
                    .sorted()
                    .collect(Collectors.toCollection(ArrayList::new));
        }
        byte[] stdin = (String.join("\0", all) + "\0").getBytes(StandardCharsets.UTF_8);
        TestTrees.Result check = TestTrees.git(dir, stdin, "check-ignore", "--no-index", "--stdin", "-z");
        assertThat(check.exitCode()).as("git check-ignore failed: " + check.stderr()).isIn(0, 1);
        Set<String> gitIgnored = Arrays.stream(check.stdout().split("\0"))
                .filter(s -> !s.isEmpty()).collect(Collectors.toCollection(TreeSet::new));

        assertThat(gitIgnored).as("what git ignores, illustrating: " + c.rule()).isEqualTo(c.ignored());

        Set<String> expected = new TreeSet<>(all);
        expected.removeAll(gitIgnored);
        Set<String> listed;
        try (Stream<SKPath> files = SKRoot.of(dir).files()) {
            listed = files.map(SKPath::relative).collect(Collectors.toCollection(TreeSet::new));
        }
        assertThat(listed).as("files() compared with git, for: " + c.rule()).isEqualTo(expected);
    }

    @Test
    void aGitignoreThatIsASymbolicLinkIsNotAppliedJustAsGitRefusesIt() throws IOException {
        Path base = tmp.toRealPath();
        Path dir = base.resolve("linked");
        TestTrees.touch(dir, "a.txt", "b.log", "sub/c.txt", "sub/d.log");
        TestTrees.write(base, "outside.ignore", "*.txt\n");
        TestTrees.write(base, "outside-sub.ignore", "*.log\n");
        Files.createSymbolicLink(dir.resolve(".gitignore"), base.resolve("outside.ignore"));
        Files.createSymbolicLink(dir.resolve("sub/.gitignore"), base.resolve("outside-sub.ignore"));
        TestTrees.Result init = TestTrees.git(dir, null, "init", "-q");
        assertThat(init.exitCode()).as(init.stderr()).isZero();

        TestTrees.Result git = TestTrees.git(dir, null, "ls-files", "-z", "--others", "--exclude-standard");
        assertThat(git.exitCode()).as(git.stderr()).isZero();
        Set<String> gitListed = Arrays.stream(git.stdout().split("\0"))
                .filter(s -> !s.isEmpty()).collect(Collectors.toCollection(TreeSet::new));
        assertThat(gitListed).as("git refuses a symbolically linked .gitignore")
                .containsExactly(".gitignore", "a.txt", "b.log", "sub/.gitignore", "sub/c.txt", "sub/d.log");

        assertThat(listed(dir)).isEqualTo(gitListed);
    }

    @Test
    void aLinkedInfoExcludeIsFollowedAsByGit() throws IOException {
        Path base = tmp.toRealPath();
        Path dir = base.resolve("excluded");
        TestTrees.touch(dir, "a.txt", "b.log");
        TestTrees.Result init = TestTrees.git(dir, null, "init", "-q");
        assertThat(init.exitCode()).as(init.stderr()).isZero();
        TestTrees.write(base, "outside.exclude", "*.txt\n");
        Files.createDirectories(dir.resolve(".git/info"));
        Files.deleteIfExists(dir.resolve(".git/info/exclude"));
        Files.createSymbolicLink(dir.resolve(".git/info/exclude"), base.resolve("outside.exclude"));

        TestTrees.Result git = TestTrees.git(dir, null, "ls-files", "-z", "--others", "--exclude-standard");
        assertThat(git.exitCode()).as(git.stderr()).isZero();
        assertThat(git.stdout().split("\0")).containsExactly("b.log");

        assertThat(listed(dir)).containsExactly("b.log");
    }

    @Test
    void aDanglingLinkedInfoExcludeIsSkippedWithoutAWarningAsByGit() throws IOException {
        Path base = tmp.toRealPath();
        Path dir = base.resolve("dangling");
        TestTrees.touch(dir, "a.txt", "b.log");
        TestTrees.Result init = TestTrees.git(dir, null, "init", "-q");
        assertThat(init.exitCode()).as(init.stderr()).isZero();
        Files.createDirectories(dir.resolve(".git/info"));
        Files.deleteIfExists(dir.resolve(".git/info/exclude"));
        Files.createSymbolicLink(dir.resolve(".git/info/exclude"), base.resolve("no-such.exclude"));

        TestTrees.Result git = TestTrees.git(dir, null, "ls-files", "-z", "--others", "--exclude-standard");
        assertThat(git.exitCode()).as(git.stderr()).isZero();
        assertThat(git.stderr()).isEmpty();
        assertThat(git.stdout().split("\0")).containsExactly("a.txt", "b.log");

        // slf4j-simple writes to the current System.err: capture what this walk logs
        PrintStream original = System.err;
        ByteArrayOutputStream logged = new ByteArrayOutputStream();
        Set<String> listed;
        try {
            System.setErr(new PrintStream(logged, true, StandardCharsets.UTF_8));
            listed = listed(dir);
        } finally {
            System.setErr(original);
        }

        assertThat(listed).containsExactly("a.txt", "b.log");
        assertThat(logged.toString(StandardCharsets.UTF_8)).doesNotContain(dir.resolve(".git").toString());
    }

    @Test
    void aFifoNamedGitignoreIsSkippedInsteadOfBlockingTheWalk() throws Exception {
        Path dir = tmp.toRealPath().resolve("fifo");
        TestTrees.touch(dir, "pom.xml", "sub/a.txt");
        Path fifo = dir.resolve("sub/.gitignore");
        TestTrees.Result mkfifo = TestTrees.run(new ProcessBuilder("mkfifo", fifo.toString()), null);
        assertThat(mkfifo.exitCode()).as(mkfifo.stderr()).isZero();

        Set<String> listed = assertTimeoutPreemptively(Duration.ofSeconds(30), () -> listed(dir),
                "files() blocked on opening a FIFO named .gitignore");

        assertThat(listed).containsExactly("pom.xml", "sub/.gitignore", "sub/a.txt");
    }

    @Test
    void anIgnoreFileLargerThanTheLimitIsSkippedInsteadOfExhaustingMemory() throws IOException {
        Path dir = tmp.toRealPath().resolve("huge");
        TestTrees.touch(dir, "pom.xml", "a.txt", "b.txt");
        TestTrees.write(dir, ".gitignore", "a.txt\n");
        try (RandomAccessFile f = new RandomAccessFile(dir.resolve(".gitignore").toFile(), "rw")) {
            f.setLength(3L << 30); // sparse: 3 GiB that take no disk space
        }
        TestTrees.write(dir, "sub/.gitignore", "*.txt\n");
        try (RandomAccessFile f = new RandomAccessFile(dir.resolve("sub/.gitignore").toFile(), "rw")) {
            f.setLength((8L << 20) + 1); // one byte over the 8 MiB limit
        }
        TestTrees.touch(dir, "sub/c.txt");

        assertThat(listed(dir)).containsExactly(".gitignore", "a.txt", "b.txt", "pom.xml", "sub/.gitignore", "sub/c.txt");
    }

    private static Set<String> listed(Path dir) {
        try (Stream<SKPath> files = SKRoot.of(dir).files()) {
            return files.map(SKPath::relative).collect(Collectors.toCollection(TreeSet::new));
        }
    }

    @Test
    void thereAreAtLeastFortyCases() {
        assertThat(cases().count()).isGreaterThanOrEqualTo(40);
    }
}
