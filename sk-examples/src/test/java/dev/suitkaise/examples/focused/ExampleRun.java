package dev.suitkaise.examples.focused;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Runs an example's {@code main} in a fresh JVM, the way a user runs it: this JVM's java, its module
 * path (or class path), the user-code domain property, and a unique marker property that every child
 * JVM of the example inherits. After the example exits, no process carrying the marker may be alive.
 *
 * @param stdout what the example printed on standard output
 * @param stderr what it printed on standard error (logging)
 * @param exitCode its exit code
 */
public record ExampleRun(String stdout, String stderr, int exitCode) {

    /** The bound of one example run (generous: two shared cores, child JVMs). */
    static final Duration BOUND = Duration.ofSeconds(120);

    /**
     * Runs an example's main without arguments.
     *
     * @param example the class with the main method
     * @return what it printed and its exit code (asserted zero)
     * @throws IOException if the output files cannot be used
     * @throws InterruptedException if interrupted while waiting
     */
    public static ExampleRun of(Class<?> example) throws IOException, InterruptedException {
        return of(example, new String[0]);
    }

    /**
     * Runs an example's main with arguments.
     *
     * @param example the class with the main method
     * @param args its arguments
     * @return what it printed and its exit code (asserted zero)
     * @throws IOException if the output files cannot be used
     * @throws InterruptedException if interrupted while waiting
     */
    public static ExampleRun of(Class<?> example, String... args) throws IOException, InterruptedException {
        String marker = "-Dsuitkaise.example.run=" + UUID.randomUUID();
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add(marker);
        cmd.add("-Dsuitkaise.domain.external=module:dev.suitkaise.examples");
        cmd.add("-Dkryo.unsafe=false");
        // as launched by surefire: the module path, plus the class path for jars that are not modules
        String classPath = System.getProperty("java.class.path", "");
        if (!classPath.isEmpty()) {
            cmd.add("-cp");
            cmd.add(classPath);
        }
        String modulePath = System.getProperty("jdk.module.path", "");
        if (!modulePath.isEmpty()) {
            cmd.add("--module-path");
            cmd.add(modulePath);
            cmd.add("--module");
            cmd.add("dev.suitkaise.examples/" + example.getName());
        } else {
            cmd.add(example.getName());
        }
        cmd.addAll(List.of(args));
        Path out = Files.createTempFile("sk-example-", ".out");
        Path err = Files.createTempFile("sk-example-", ".err");
        try {
            Process process = new ProcessBuilder(cmd)
                    .directory(new File(System.getProperty("user.dir")))
                    .redirectOutput(out.toFile())
                    .redirectError(err.toFile())
                    .start();
            if (!process.waitFor(BOUND.toSeconds(), TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                fail(example.getSimpleName() + " did not finish within " + BOUND + "; it printed:%n%s%nand on stderr:%n%s",
                        Files.readString(out), Files.readString(err));
            }
            ExampleRun run = new ExampleRun(Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8), process.exitValue());
            List<ProcessHandle> left = ProcessHandle.allProcesses()
                    .filter(ProcessHandle::isAlive)
                    .filter(h -> h.info().commandLine().orElse("").contains(marker))
                    .toList();
            left.forEach(ProcessHandle::destroyForcibly);
            assertThat(left).as("processes of %s still alive after it exited", example.getSimpleName()).isEmpty();
            assertThat(run.exitCode()).as("exit code of %s; stderr:%n%s", example.getSimpleName(), run.stderr()).isZero();
            return run;
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    /**
     * The printed lines.
     *
     * @return the lines of standard output
     */
    public List<String> lines() {
        return stdout.lines().toList();
    }

    /**
     * The one printed line that starts with a prefix.
     *
     * @param prefix the start of the line
     * @return the line
     */
    public String line(String prefix) {
        List<String> found = lines().stream().filter(l -> l.startsWith(prefix)).toList();
        assertThat(found).as("lines starting with '%s' in:%n%s", prefix, stdout).hasSize(1);
        return found.getFirst();
    }
}
