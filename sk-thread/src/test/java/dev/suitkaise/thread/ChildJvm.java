package dev.suitkaise.thread;

import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/** Runs {@link HookProbe} in a child JVM with this test run's classes on its class path. */
final class ChildJvm {

    /** What a child JVM printed. */
    record Result(int exit, String out, String err) {
    }

    private ChildJvm() {
    }

    private static String childClassPath() throws URISyntaxException {
        Set<String> entries = new LinkedHashSet<>();
        Path probe = Path.of(HookProbe.class.getResource("HookProbe.class").toURI());
        entries.add(probe.getParent().getParent().getParent().getParent().toString()); // test-classes
        for (String property : List.of("jdk.module.path", "java.class.path")) {
            String value = System.getProperty(property);
            if (value != null && !value.isEmpty()) {
                entries.addAll(List.of(value.split(File.pathSeparator)));
            }
        }
        return String.join(File.pathSeparator, entries);
    }

    /**
     * Runs the probe and waits for the child to exit, at most {@link Waits#BOUND}.
     *
     * @param mode the probe's mode
     * @param grace the process threader's shutdown grace, ISO-8601
     */
    static Result run(String mode, String grace) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>(List.of(java, "-D" + SKThreader.GRACE_PROPERTY + "=" + grace,
                "-cp", childClassPath(), HookProbe.class.getName(), mode));
        Path out = Files.createTempFile("hook-probe", ".out");
        Path err = Files.createTempFile("hook-probe", ".err");
        try {
            Process p = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            if (!p.waitFor(Waits.BOUND.toSeconds(), TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("child JVM (" + mode + ") did not exit within " + Waits.BOUND
                        + "; stderr: " + Files.readString(err, StandardCharsets.UTF_8));
            }
            return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            delete(out);
            delete(err);
        }
    }

    private static void delete(Path p) throws IOException {
        Files.deleteIfExists(p);
    }
}
