package dev.suitkaise.process;

import dev.suitkaise.reg.Domain;
import dev.suitkaise.testkit.NoOrphanProcesses;

import java.time.Duration;

/**
 * After a test class: shuts both managers down, then kills whatever descendant process is
 * still alive and fails the class if there was any.
 */
final class NoOrphans extends NoOrphanProcesses {

    @Override
    protected void shutDownOwners() {
        SKProcessManager.of(Domain.INTERNAL).shutdownAll(Duration.ofSeconds(5));
        SKProcessManager.of(Domain.EXTERNAL).shutdownAll(Duration.ofSeconds(5));
    }
}
