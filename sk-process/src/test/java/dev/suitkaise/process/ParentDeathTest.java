package dev.suitkaise.process;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A parent running on the class path (with the loopback TCP fallback) spawns children too; when
 * that parent is killed, its child and its warm spare exit by themselves.
 */
@ExtendWith(NoOrphans.class)
class ParentDeathTest {

    @Test
    void aChildAndAWarmSpareOfAClassPathParentOverTcpExitByThemselvesWhenTheParentIsKilled() throws Exception {
        Path testClasses = classDirectoryOf(ClassPathHarness.class);
        List<String> classPath = new ArrayList<>();
        classPath.add(testClasses.toString());
        for (String property : List.of("jdk.module.path", "java.class.path")) {
            for (String entry : System.getProperty(property, "").split(File.pathSeparator)) {
                if (!entry.isEmpty()) {
                    classPath.add(entry);
                }
            }
        }
        // on the class path, Suitkaise's own jars and the module's class directories are named INTERNAL explicitly
        List<String> internal = classPath.stream().filter(e -> e.contains("dev" + File.separator + "suitkaise")
                || new File(e).isDirectory()).toList();
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xshare:auto", "-Dsuitkaise.process.transport=tcp",
                "-Dsuitkaise.domain.internal=" + String.join(",", internal),
                "-cp", String.join(File.pathSeparator, classPath), ClassPathHarness.class.getName());
        Process harness = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(harness.getInputStream(), StandardCharsets.UTF_8));
            String line = readLine(out);
            String spareLine = readLine(out);
            assertThat(line).as("the harness's report").startsWith("CHILD ");
            String[] parts = line.split(" ");
            long childPid = Long.parseLong(parts[1]);
            assertThat(parts[2]).as("sk-process is in a named module in the child").isEqualTo("false");
            assertThat(parts[3]).as("transport").isEqualTo("tcp:");
            assertThat(ProcessHandle.of(childPid).flatMap(ProcessHandle::parent).map(ProcessHandle::pid)).contains(harness.pid());

            assertThat(spareLine).as("the harness's warm spare").startsWith("SPARE ");
            long sparePid = Long.parseLong(spareLine.substring("SPARE ".length()));
            assertThat(sparePid).as("a warm spare JVM beside the child").isPositive().isNotEqualTo(childPid);

            harness.destroyForcibly();

            // each notices by itself (a thread of its own must get a processor): no fixed time is asserted
            assertThat(Children.goneWithin(childPid, Children.BOUND)).as("child %d exited after its parent died", childPid).isTrue();
            assertThat(Children.goneWithin(sparePid, Children.BOUND)).as("warm spare %d exited after its parent died", sparePid)
                    .isTrue();
        } finally {
            harness.destroyForcibly();
            harness.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static String readLine(BufferedReader out) throws Exception {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return out.readLine();
            } catch (java.io.IOException e) {
                return "read failed: " + e;
            }
        }).get(Children.BOUND.toSeconds(), TimeUnit.SECONDS);
    }

    private static Path classDirectoryOf(Class<?> type) throws URISyntaxException {
        String resource = type.getName().replace('.', '/') + ".class";
        var url = type.getClassLoader().getResource(resource);
        assertThat(url).as("location of %s", resource).isNotNull();
        Path file = Path.of(url.toURI());
        Path dir = file;
        for (int i = 0; i < type.getName().split("\\.").length; i++) {
            dir = dir.getParent();
        }
        return dir;
    }
}
