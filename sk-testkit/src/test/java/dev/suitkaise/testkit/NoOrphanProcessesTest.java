package dev.suitkaise.testkit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The sweep of {@link NoOrphanProcesses}; its {@code afterAll} (owners' shutdown first) runs after every test class
 * of sk-process and sk-cycle that starts child processes.
 */
class NoOrphanProcessesTest {

    @Test
    void aLeftoverChildProcessIsKilledAndFailsTheSweep() throws Exception {
        Process child = new ProcessBuilder("sleep", "600").start();
        assertThat(child.isAlive()).isTrue();

        assertThatThrownBy(() -> NoOrphanProcesses.killLeftovers("a leaky test"))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("still alive after a leaky test")
                .hasMessageContaining(Long.toString(child.pid()));
        assertThat(child.waitFor(10, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void theSweepPassesWhenNoChildProcessIsLeft() throws Exception {
        Process child = new ProcessBuilder("true").start();
        assertThat(child.waitFor(10, TimeUnit.SECONDS)).isTrue();

        assertThatCode(() -> NoOrphanProcesses.killLeftovers("a tidy test")).doesNotThrowAnyException();
    }

    @Test
    void anOrphanCarryingThisTreesMarkerIsFoundThoughItIsNoDescendantAnyMore(@TempDir Path dir) throws Exception {
        String tree = System.getProperty(NoOrphanProcesses.TREE_PROPERTY);
        assertThat(tree).as("the build sets %s for the tests", NoOrphanProcesses.TREE_PROPERTY).isNotBlank();
        Path sleeper = dir.resolve("Sleeper.java");
        Files.writeString(sleeper, "class Sleeper { public static void main(String[] a) throws Exception { Thread.sleep(600_000); } }");
        String java = ProcessHandle.current().info().command().orElseThrow();
        // a shell starts the JVM in the background and exits: the JVM is re-parented to init, as an orphan is
        Process shell = new ProcessBuilder("sh", "-c", "\"$0\" \"$1\" \"$2\" >/dev/null 2>&1 & echo $!", java,
                "-D" + NoOrphanProcesses.TREE_PROPERTY + "=" + tree, sleeper.toString()).start();
        long pid;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(shell.getInputStream(), StandardCharsets.UTF_8))) {
            pid = Long.parseLong(out.readLine().trim());
        }
        assertThat(shell.waitFor(10, TimeUnit.SECONDS)).isTrue();
        ProcessHandle orphan = ProcessHandle.of(pid).orElseThrow();
        assertThat(ProcessHandle.current().descendants().map(ProcessHandle::pid)).doesNotContain(pid);

        assertThatThrownBy(() -> NoOrphanProcesses.killLeftovers("an orphaning test"))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("still alive after an orphaning test")
                .hasMessageContaining(Long.toString(pid));
        assertThat(orphan.onExit().get(10, TimeUnit.SECONDS).isAlive()).isFalse();
    }
}
