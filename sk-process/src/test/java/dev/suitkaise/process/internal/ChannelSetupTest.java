package dev.suitkaise.process.internal;

import org.junit.jupiter.api.Test;

import java.io.File;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A channel whose setup fails (here: for want of file descriptors, at each of its steps) leaves
 * nothing open: not its socket, not a selector it had opened already.
 */
class ChannelSetupTest {

    @Test
    void aChannelWhoseSetupFailsAtAnyStepLeavesNoDescriptorOpen() throws Exception {
        List<String> classPath = new ArrayList<>();
        classPath.add(classDirectoryOf(ChannelSetupHarness.class).toString());
        classPath.add(classDirectoryOf(Channel.class).toString());
        for (String property : List.of("jdk.module.path", "java.class.path")) {
            for (String entry : System.getProperty(property, "").split(File.pathSeparator)) {
                if (!entry.isEmpty()) {
                    classPath.add(entry);
                }
            }
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        // the shell lowers the limit (soft and hard) so that filling it is quick; the JVM must not raise it
        List<String> command = List.of("sh", "-c", "ulimit -n 256 && exec \"$0\" \"$@\"", java, "-XX:-MaxFDLimit", "-Xshare:auto",
                "-cp", String.join(File.pathSeparator, classPath), ChannelSetupHarness.class.getName());
        Process harness = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            CompletableFuture<String> output = CompletableFuture.supplyAsync(() -> {
                try {
                    return new String(harness.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                } catch (java.io.IOException e) {
                    return "read failed: " + e;
                }
            });
            assertThat(harness.waitFor(120, TimeUnit.SECONDS)).as("the harness finished").isTrue();
            String out = output.get(30, TimeUnit.SECONDS);
            assertThat(harness.exitValue()).as("the harness's exit code; its output:%n%s", out).isZero();
            assertThat(out).as("setups that failed, then leaks").containsPattern("FAILED [1-9][0-9]* LEAKS 0");
            assertThat(out).doesNotContain("LEAK with");
        } finally {
            harness.destroyForcibly();
            harness.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static Path classDirectoryOf(Class<?> type) throws URISyntaxException {
        String resource = type.getName().replace('.', '/') + ".class";
        var url = type.getClassLoader().getResource(resource);
        assertThat(url).as("location of %s", resource).isNotNull();
        Path dir = Path.of(url.toURI());
        for (int i = 0; i < type.getName().split("\\.").length; i++) {
            dir = dir.getParent();
        }
        return dir;
    }
}
