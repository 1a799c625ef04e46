package dev.suitkaise.it.jdk;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs real processes with a bounded wait, capturing their whole output in files. */
final class Processes {

    /** The longest any process of these tests may run; `mvnw --version` takes a few seconds. */
    static final Duration TIMEOUT = Duration.ofMinutes(3);

    private Processes() {
    }

    /**
     * Runs a command to its end.
     *
     * @param command the command line
     * @param environment the complete environment of the process (nothing is inherited)
     * @param workDir the working directory
     * @param captureDir where to keep the captured output
     * @return the exit code and the complete output
     * @throws AssertionError if the process does not finish within {@link #TIMEOUT}; it is destroyed
     */
    static ProcessResult run(List<String> command, Map<String, String> environment, Path workDir, Path captureDir)
            throws IOException, InterruptedException {
        Files.createDirectories(captureDir);
        Path stdout = Files.createTempFile(captureDir, "stdout-", ".txt");
        Path stderr = Files.createTempFile(captureDir, "stderr-", ".txt");
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(workDir.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(stdout.toFile())
                .redirectError(stderr.toFile());
        builder.environment().clear();
        builder.environment().putAll(environment);
        Process process = builder.start();
        if (!process.waitFor(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
            throw new AssertionError("command " + command + " did not finish within " + TIMEOUT + " and was destroyed"
                    + "\n--- stdout ---\n" + read(stdout) + "\n--- stderr ---\n" + read(stderr));
        }
        return new ProcessResult(List.copyOf(command), process.exitValue(), read(stdout), read(stderr));
    }

    private static String read(Path file) throws IOException {
        return Files.readString(file, StandardCharsets.UTF_8);
    }
}
