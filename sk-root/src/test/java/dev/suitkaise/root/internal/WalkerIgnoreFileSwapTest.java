package dev.suitkaise.root.internal;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * The ignore files a walk applies to a directory are those of the directory it opened and listed,
 * even when the directory's path is made to name something else between the listing and the
 * reading of its ignore files (the walker's seam runs exactly there).
 */
class WalkerIgnoreFileSwapTest {

    @TempDir
    Path tmp;

    @Test
    void aDirectorySwappedForALinkOutOfTheRootAfterItsListingHasItsOwnGitignoreApplied() throws IOException {
        assumeSecureDirectoryStreams();
        Path base = tmp.toRealPath();
        Path root = base.resolve("project");
        write(root.resolve("b/.gitignore"), "*.log\n");
        write(root.resolve("b/a.log"), "");
        write(root.resolve("b/keep.txt"), "");
        write(base.resolve("outside/.gitignore"), "keep.txt\n");

        List<String> walked = walk(root, dir -> {
            if (dir.equals(root.resolve("b"))) {
                // b has been opened, checked and listed: it moves away, a link out of the root takes its place
                move(dir, base.resolve("moved-away"));
                link(dir, base.resolve("outside"));
            }
        });

        assertThat(walked).as("b/.gitignore of the directory listed applies, not outside/.gitignore")
                .containsExactly("b/.gitignore", "b/keep.txt");
    }

    @Test
    void aDirectorySwappedForAnotherRealDirectoryAfterItsListingHasItsOwnGitignoreApplied() throws IOException {
        assumeSecureDirectoryStreams();
        Path base = tmp.toRealPath();
        Path root = base.resolve("project");
        write(root.resolve("b/.gitignore"), "*.log\n");
        write(root.resolve("b/a.log"), "");
        write(root.resolve("b/keep.txt"), "");
        write(base.resolve("staging/.gitignore"), "keep.txt\n");

        List<String> walked = walk(root, dir -> {
            if (dir.equals(root.resolve("b"))) {
                // as by 'mv b old && mv staging b' while the walk is between listing b and reading its .gitignore
                move(dir, base.resolve("old"));
                move(base.resolve("staging"), dir);
            }
        });

        assertThat(walked).as("b/.gitignore of the directory listed applies, not the one moved in")
                .containsExactly("b/.gitignore", "b/keep.txt");
    }

    @Test
    void aGitignoreReplacedByAFifoAfterItsDirectoryWasListedIsSkippedInsteadOfBlockingTheWalk() throws IOException {
        Path root = tmp.toRealPath().resolve("project");
        write(root.resolve("b/.gitignore"), "*.log\n");
        write(root.resolve("b/a.log"), "");

        List<String> walked = assertTimeoutPreemptively(Duration.ofSeconds(30), () -> walk(root, dir -> {
            if (dir.equals(root.resolve("b"))) {
                // listed as a regular file, a FIFO by the time it is read
                try {
                    Files.delete(dir.resolve(".gitignore"));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                mkfifo(dir.resolve(".gitignore"));
            }
        }), "the walk blocked on opening a FIFO named .gitignore");

        assertThat(walked).containsExactly("b/.gitignore", "b/a.log");
    }

    private static List<String> walk(Path root, Consumer<Path> afterListing) {
        List<String> out = new ArrayList<>();
        new ProjectWalker(root, true, false, Integer.MAX_VALUE, afterListing)
                .forEachRemaining(e -> out.add(e.relative()));
        return out;
    }

    /** The swaps through a link or a rename are told apart only where directories open as secure streams. */
    private void assumeSecureDirectoryStreams() throws IOException {
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(tmp)) {
            assumeThat(ds).as("this platform opens directories as SecureDirectoryStream")
                    .isInstanceOf(SecureDirectoryStream.class);
        }
    }

    private static void write(Path file, String content) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, content, StandardCharsets.UTF_8);
    }

    private static void move(Path from, Path to) {
        try {
            Files.move(from, to);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void link(Path link, Path target) {
        try {
            Files.createSymbolicLink(link, target);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void mkfifo(Path path) {
        try {
            Process p = new ProcessBuilder("mkfifo", path.toString()).redirectErrorStream(true).start();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("mkfifo " + path + " did not finish within 60 s");
            }
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.exitValue()).as(output).isZero();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("Interrupted while waiting for mkfifo", e);
        }
    }
}
