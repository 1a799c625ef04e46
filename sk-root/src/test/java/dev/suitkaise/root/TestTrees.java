package dev.suitkaise.root;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Helpers that build real directory trees and run real git for the tests. */
final class TestTrees {

    private TestTrees() {
    }

    /** Writes a file (creating parent directories); a name ending in '/' makes a directory. */
    static Path write(Path root, String relative, String content) {
        try {
            Path p = root.resolve(relative);
            if (relative.endsWith("/")) {
                return Files.createDirectories(p);
            }
            Files.createDirectories(p.getParent());
            return Files.writeString(p, content, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Creates empty files (or directories, for names ending in '/'). */
    static void touch(Path root, String... relatives) {
        for (String r : relatives) {
            write(root, r, "");
        }
    }

    /** The output of a finished process. */
    record Result(int exitCode, String stdout, String stderr) {
    }

    /** Runs git in a directory with no global or system configuration, waiting at most 60 s. */
    static Result git(Path dir, byte[] stdin, String... args) {
        List<String> command = new ArrayList<>(List.of("git", "-c", "user.name=sk-root tests",
                "-c", "user.email=tests@suitkaise.dev", "-c", "init.defaultBranch=main", "-c", "core.quotePath=false"));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile());
        pb.environment().put("GIT_CONFIG_GLOBAL", "/dev/null");
        pb.environment().put("GIT_CONFIG_NOSYSTEM", "1");
        pb.environment().remove("GIT_DIR");
        pb.environment().remove("GIT_WORK_TREE");
        return run(pb, stdin);
    }

    /** Runs a process, feeding stdin, and waits at most 60 s for it. */
    static Result run(ProcessBuilder pb, byte[] stdin) {
        try {
            Path out = Files.createTempFile("sk-root-proc", ".out");
            Path err = Files.createTempFile("sk-root-proc", ".err");
            try {
                pb.redirectOutput(out.toFile()).redirectError(err.toFile());
                Process p = pb.start();
                try (var in = p.getOutputStream()) {
                    if (stdin != null) {
                        in.write(stdin);
                    }
                }
                if (!p.waitFor(60, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    throw new AssertionError("Process " + pb.command() + " did not finish within 60 s");
                }
                return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                        Files.readString(err, StandardCharsets.UTF_8));
            } finally {
                Files.deleteIfExists(out);
                Files.deleteIfExists(err);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("Interrupted while waiting for " + pb.command(), e);
        }
    }
}
