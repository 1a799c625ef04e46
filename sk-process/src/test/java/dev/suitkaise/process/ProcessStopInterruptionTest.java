package dev.suitkaise.process;

import dev.suitkaise.reg.Domain;
import dev.suitkaise.reg.SKGlobal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An interrupt of the thread that stops or kills a process cuts no wait short: the child still
 * gets its grace, the call returns once the JVM has exited, and the interrupt status is kept.
 */
@ExtendWith(NoOrphans.class)
class ProcessStopInterruptionTest {

    private static boolean alive(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    @Test
    void stopCalledWithTheInterruptFlagSetStillLetsTheChildExitByItselfAndKeepsTheFlag() {
        SKProcess p = SKProcessManager.of(Domain.INTERNAL).spawn("stopint-before");
        long pid = p.pid();
        int code;
        boolean flagKept;
        Thread.currentThread().interrupt();
        try {
            code = p.stop(Duration.ofSeconds(30));
        } finally {
            flagKept = Thread.interrupted();
        }

        assertThat(code).as("exit code of a child that exited by itself, not terminated").isZero();
        assertThat(flagKept).as("interrupt status after stop returned").isTrue();
        assertThat(alive(pid)).isFalse();
        assertThat(p.state()).isEqualTo(ProcessState.STOPPED);
    }

    @Test
    void shutdownAllCalledWithTheInterruptFlagSetStillStopsEveryChildAndKeepsTheFlag() {
        SKProcessManager manager = SKProcessManager.of(Domain.INTERNAL);
        SKProcess first = manager.spawn("stopint-all-1");
        SKProcess second = manager.spawn("stopint-all-2");
        boolean flagKept;
        Thread.currentThread().interrupt();
        try {
            manager.shutdownAll(Duration.ofSeconds(30));
        } finally {
            flagKept = Thread.interrupted();
        }

        assertThat(flagKept).as("interrupt status after shutdownAll returned").isTrue();
        assertThat(alive(first.pid())).as("first child alive after shutdownAll returned").isFalse();
        assertThat(alive(second.pid())).as("second child alive after shutdownAll returned").isFalse();
        assertThat(first.state()).isEqualTo(ProcessState.STOPPED);
        assertThat(second.state()).isEqualTo(ProcessState.STOPPED);
    }

    @Test
    void anInterruptDuringTheGraceDoesNotCutItShort() throws Exception {
        SKProcess p = SKProcessManager.of(Domain.INTERNAL).spawn("stopint-during");
        String started = "stopint-started-" + UUID.randomUUID();
        String release = "stopint-release-" + UUID.randomUUID();
        CompletableFuture<String> running = p.submit(() -> {
            SKGlobal.<Boolean>value(Domain.GLOBAL, started).set(true);
            long bound = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!SKGlobal.<Boolean>value(Domain.GLOBAL, release).isSet() && System.nanoTime() < bound) {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
            }
            return "finished";
        });
        Children.until("the task runs in the child", Children.BOUND, () -> SKGlobal.<Boolean>value(Domain.GLOBAL, started).isSet());
        CompletableFuture<Integer> stopped = new CompletableFuture<>();
        CompletableFuture<Boolean> flagKept = new CompletableFuture<>();
        Thread stopper = Thread.ofPlatform().name("test-stopper").start(() -> {
            try {
                stopped.complete(p.stop(Duration.ofSeconds(60)));
            } catch (Throwable t) {
                stopped.completeExceptionally(t);
            } finally {
                flagKept.complete(Thread.interrupted());
            }
        });
        Children.until("the stopper waits for the child to exit", Children.BOUND,
                () -> stopper.getState() == Thread.State.TIMED_WAITING && p.state() == ProcessState.STOPPING);

        stopper.interrupt();
        Children.until("the interrupt is taken", Children.BOUND, () -> !stopper.isInterrupted()
                && stopper.getState() == Thread.State.TIMED_WAITING || stopped.isDone());
        SKGlobal.<Boolean>value(Domain.GLOBAL, release).set(true);

        assertThat(Children.await(stopped)).as("exit code of a child that finished its task and exited by itself").isZero();
        assertThat(running).isCompletedWithValue("finished");
        assertThat(Children.await(flagKept)).as("interrupt status after stop returned").isTrue();
    }

    @Test
    void killCalledWithTheInterruptFlagSetReturnsOnceTheJvmHasExitedAndKeepsTheFlag() {
        SKProcess p = SKProcessManager.of(Domain.INTERNAL).spawn("stopint-kill");
        long pid = p.pid();
        boolean flagKept;
        Thread.currentThread().interrupt();
        try {
            p.kill();
        } finally {
            flagKept = Thread.interrupted();
        }

        assertThat(alive(pid)).as("the JVM %d is alive after kill() returned", pid).isFalse();
        assertThat(flagKept).as("interrupt status after kill returned").isTrue();
        assertThat(p.state()).isEqualTo(ProcessState.STOPPED);
        assertThat(p.onExit()).isCompletedWithValue(p);
    }
}
