package dev.suitkaise.cycle;

import dev.suitkaise.process.SKProcessManager;
import dev.suitkaise.reg.Domain;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * After a test class: shuts both process managers down, then kills whatever descendant process is
 * still alive and fails the class if there was any.
 */
final class NoOrphans implements AfterAllCallback {

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        SKProcessManager.of(Domain.INTERNAL).shutdownAll(Duration.ofSeconds(5));
        SKProcessManager.of(Domain.EXTERNAL).shutdownAll(Duration.ofSeconds(5));
        List<ProcessHandle> left = ProcessHandle.current().descendants().filter(ProcessHandle::isAlive).toList();
        for (ProcessHandle h : left) {
            h.destroyForcibly();
            h.onExit().get(10, TimeUnit.SECONDS);
        }
        assertThat(left).as("descendant processes still alive after %s", context.getDisplayName()).isEmpty();
    }
}
