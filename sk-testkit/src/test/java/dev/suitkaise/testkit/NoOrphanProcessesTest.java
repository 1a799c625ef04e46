package dev.suitkaise.testkit;

import org.junit.jupiter.api.Test;

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
}
