package dev.suitkaise.process;

import dev.suitkaise.reg.Domain;
import dev.suitkaise.reg.SKGlobal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A spawn or a pool start whose thread is interrupted while the children run their init
 * functions kills them, throws {@link SKProcessStartException} and leaves no child behind.
 */
@ExtendWith(NoOrphans.class)
class InterruptedStartTest {

    private final SKProcessManager manager = SKProcessManager.of(Domain.INTERNAL);

    /** An init function: counts itself in a global, then waits (up to a minute) until the test opens a gate. */
    static int countAndWaitForGate(String key) {
        SKGlobal.<Integer>value(Domain.GLOBAL, key).accumulateAndGet(1, Integer::sum);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!"open".equals(SKGlobal.<String>value(Domain.GLOBAL, key + "-gate").get()) && System.nanoTime() < deadline) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
        }
        return 0;
    }

    private static ProcessSpec gated(String name, String key) {
        return ProcessSpec.builder(name).init(() -> countAndWaitForGate(key)).startTimeout(Children.BOUND).build();
    }

    private static Set<Long> childPids() {
        return ProcessHandle.current().children().filter(ProcessHandle::isAlive).map(ProcessHandle::pid).collect(Collectors.toSet());
    }

    private List<SKProcess> processesNamed(String prefix) {
        return manager.processes().stream().filter(p -> p.name().startsWith(prefix)).toList();
    }

    /**
     * Runs {@code start} on a new thread, interrupts it once {@code inits} init functions are
     * running, opens the gate, and returns what the thread threw (an error if it returned, or if
     * its interrupt flag was not set again).
     */
    private static Throwable interruptedWhileInitsRun(String key, int inits, Supplier<Object> start) throws Exception {
        CompletableFuture<Throwable> outcome = new CompletableFuture<>();
        Thread caller = Thread.ofPlatform().name("interrupted-starter").start(() -> {
            try {
                Object started = start.get();
                outcome.complete(new AssertionError("the start returned " + started));
            } catch (RuntimeException e) {
                outcome.complete(Thread.currentThread().isInterrupted() ? e : new AssertionError("interrupt flag not set", e));
            }
        });
        Children.until(inits + " init function(s) running", Children.BOUND,
                () -> Integer.valueOf(inits).equals(SKGlobal.value(Domain.GLOBAL, key).get()));

        caller.interrupt();

        Throwable thrown = Children.await(outcome);
        SKGlobal.<String>value(Domain.GLOBAL, key + "-gate").set("open"); // a child still running would now become ready
        caller.join(Children.BOUND);
        return thrown;
    }

    @Test
    void anInterruptedPoolStartStopsTheChildrenItStartedAndThrows() throws Exception {
        String key = "ipool-" + UUID.randomUUID();
        Set<Long> before = childPids();

        Throwable thrown = interruptedWhileInitsRun(key, 2, () -> manager.pool(gated("ipool", key), 2));

        assertThat(thrown).isInstanceOf(SKProcessStartException.class).hasMessageContaining("Interrupted")
                .hasMessageContaining("ipool");
        Children.until("no child of the pool is starting", Children.BOUND,
                () -> processesNamed("ipool-").stream().noneMatch(p -> p.state() == ProcessState.STARTING));
        assertThat(processesNamed("ipool-")).as("processes left by the pool that failed to start").isEmpty();
        Children.until("the pool's child JVMs are gone", Children.BOUND, () -> before.containsAll(childPids()));
    }

    @Test
    void anInterruptedSpawnKillsItsStartingChildAndThrowsAStartException() throws Exception {
        String key = "ispawn-" + UUID.randomUUID();
        Set<Long> before = childPids();

        Throwable thrown = interruptedWhileInitsRun(key, 1, () -> manager.spawn(gated("ispawn", key)));

        assertThat(thrown).isInstanceOf(SKProcessStartException.class).hasMessageContaining("Interrupted")
                .hasMessageContaining("it is killed");
        assertThat(manager.get("ispawn")).isEmpty();
        Children.until("the spawn's child JVM is gone", Children.BOUND, () -> before.containsAll(childPids()));
    }
}
