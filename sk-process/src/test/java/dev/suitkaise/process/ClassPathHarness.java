package dev.suitkaise.process;

import dev.suitkaise.process.internal.ProcessServer;
import dev.suitkaise.reg.Domain;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A parent program for {@link ParentDeathTest}, run on the class path in its own JVM: spawns a
 * child, prints one line about it, keeps a warm spare JVM and prints its pid, then waits to be
 * killed (at most two minutes).
 */
public final class ClassPathHarness {

    private ClassPathHarness() {
    }

    /**
     * Runs the harness.
     *
     * @param args ignored
     * @throws Exception if anything fails
     */
    public static void main(String[] args) throws Exception {
        SKProcess child = SKProcessManager.of(Domain.INTERNAL).spawn("cp-child");
        String inChild = child.execute(() -> ProcessHandle.current().pid() + " " + SKProcess.class.getModule().isNamed(),
                Duration.ofSeconds(60));
        System.out.println("CHILD " + inChild + " " + ProcessServer.get().address().substring(0, 4));
        SKProcessManager.of(Domain.INTERNAL).keepWarm(1);
        SKProcessManager.of(Domain.INTERNAL).awaitWarmSpares(1, Duration.ofSeconds(60));
        System.out.println("SPARE " + ProcessHandle.current().children().mapToLong(ProcessHandle::pid)
                .filter(pid -> pid != child.pid()).findFirst().orElse(-1));
        System.out.flush();
        new CountDownLatch(1).await(120, TimeUnit.SECONDS);
        SKProcessManager.of(Domain.INTERNAL).shutdownAll(Duration.ofSeconds(5));
    }
}
