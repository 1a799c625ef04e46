package dev.suitkaise.process;

import dev.suitkaise.reg.Domain;
import dev.suitkaise.reg.GlobalValue;
import dev.suitkaise.reg.SKGlobal;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Cancelling a task's future with {@code cancel(true)}, from a process or a pool, or interrupting
 * a caller blocked in {@code execute} or a pool's map, interrupts the task in the child; the child
 * reports what happened through a global.
 */
@ExtendWith(NoOrphans.class)
class TaskCancelTest {

    private static SKProcess child;

    @BeforeAll
    static void spawn() {
        child = SKProcessManager.of(Domain.INTERNAL).spawn("cancel-target");
    }

    @AfterAll
    static void stop() {
        child.stop(Duration.ofSeconds(5));
    }

    /**
     * In a child: says it started, waits up to a minute, and records how it ended. The interrupt
     * may come while "started" is still on its way (the parent sees it before the child has the
     * answer), so an interrupted global call counts too.
     */
    static String waitForCancel(String report) throws InterruptedException {
        GlobalValue<String> state = SKGlobal.value(Domain.GLOBAL, report);
        try {
            state.set("started");
            new CountDownLatch(1).await(60, TimeUnit.SECONDS);
            state.set("not interrupted");
            return "not interrupted";
        } catch (InterruptedException | SKProcessException e) {
            if (!(e instanceof InterruptedException) && !(e.getCause() instanceof InterruptedException)) {
                throw e;
            }
            Thread.interrupted(); // clear the flag, so that the report can reach the parent
            state.set("interrupted");
            throw new InterruptedException("cancelled");
        }
    }

    /** In a child: says it started, waits for a gate global (polling, not interruptible by design), then records it finished. */
    static String waitForGate(String report) {
        GlobalValue<String> state = SKGlobal.value(Domain.GLOBAL, report);
        state.set("started");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!"open".equals(SKGlobal.<String>value(Domain.GLOBAL, report + "-gate").get()) && System.nanoTime() < deadline) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
        }
        state.set(Thread.currentThread().isInterrupted() ? "finished, interrupted" : "finished");
        return "finished";
    }

    private static void awaitState(String report, String expected) {
        GlobalValue<String> state = SKGlobal.value(Domain.GLOBAL, report);
        Children.until(report + " becomes '" + expected + "' (it is '" + state.get() + "')", Children.BOUND,
                () -> expected.equals(state.get()));
    }

    @Test
    void cancellingTheFutureWithInterruptInterruptsTheTaskInTheChild() throws Exception {
        String report = "cancel-" + UUID.randomUUID();
        CompletableFuture<String> task = child.submit(() -> waitForCancel(report));
        awaitState(report, "started");

        assertThat(task.cancel(true)).isTrue();

        awaitState(report, "interrupted");
        assertThat(task).isCancelled();
        assertThatThrownBy(task::join).isInstanceOf(CancellationException.class);
        Children.until("the process is READY again", Children.BOUND, () -> child.state() == ProcessState.READY);
        assertThat(Children.await(child.submit(() -> "still works"))).isEqualTo("still works");
    }

    @Test
    void interruptingACallerBlockedInExecuteInterruptsItsTaskInTheChild() throws Exception {
        String report = "execute-" + UUID.randomUUID();
        CompletableFuture<Throwable> outcome = new CompletableFuture<>();
        Thread caller = Thread.ofPlatform().name("blocked-caller").start(() -> {
            try {
                child.execute(() -> waitForCancel(report), Children.BOUND);
                outcome.complete(null);
            } catch (RuntimeException e) {
                outcome.complete(Thread.currentThread().isInterrupted() ? e : new AssertionError("interrupt flag not set", e));
            }
        });
        awaitState(report, "started");

        caller.interrupt();

        assertThat(Children.await(outcome)).isInstanceOf(SKProcessException.class).hasMessageContaining("cancelled");
        awaitState(report, "interrupted");
        caller.join(Children.BOUND);
    }

    @Test
    void cancellingWithoutInterruptForgetsTheTaskButLetsItFinishInTheChild() throws Exception {
        String report = "forget-" + UUID.randomUUID();
        CompletableFuture<String> task = child.submit(() -> waitForGate(report));
        awaitState(report, "started");

        assertThat(task.cancel(false)).isTrue();
        SKGlobal.<String>value(Domain.GLOBAL, report + "-gate").set("open");

        awaitState(report, "finished");
        assertThat(task).isCancelled();
    }

    @Test
    void cancellingAPoolTaskInterruptsItInItsChildAndAQueuedOneIsDropped() throws Exception {
        String report = "pool-cancel-" + UUID.randomUUID();
        String second = "pool-second-" + UUID.randomUUID();
        String queued = "pool-queued-" + UUID.randomUUID();
        try (SKPool pool = SKProcessManager.of(Domain.INTERNAL).pool(ProcessSpec.builder("cancel-pool").build(), 1)) {
            CompletableFuture<String> running = pool.submit(() -> waitForCancel(report));
            CompletableFuture<String> alsoRunning = pool.submit(() -> waitForCancel(second));
            // the child holds two tasks at a time: this one waits in the pool's queue
            CompletableFuture<String> waiting = pool.submit(() -> waitForCancel(queued));
            awaitState(report, "started");
            awaitState(second, "started");

            assertThat(waiting.cancel(true)).isTrue();
            assertThat(running.cancel(true)).isTrue();

            awaitState(report, "interrupted");
            assertThatThrownBy(running::join).isInstanceOf(CancellationException.class);
            assertThatThrownBy(waiting::join).isInstanceOf(CancellationException.class);
            assertThat(alsoRunning).isNotDone();
            assertThat(alsoRunning.cancel(true)).isTrue();
            awaitState(second, "interrupted");
            // the freed places take new work; the cancelled queued task never reached the child
            assertThat(Children.await(pool.submit(() -> SKGlobal.<String>value(Domain.GLOBAL, queued).get()))).isNull();
        }
    }

    /** Runs a map-like call on a new thread, interrupts it once its first two tasks run, and returns what it threw. */
    private static Throwable interruptedWhileTasksRun(String prefix, Runnable call) throws Exception {
        CompletableFuture<Throwable> outcome = new CompletableFuture<>();
        Thread caller = Thread.ofPlatform().name("blocked-pool-caller").start(() -> {
            try {
                call.run();
                outcome.complete(new AssertionError("the call returned"));
            } catch (RuntimeException e) {
                outcome.complete(Thread.currentThread().isInterrupted() ? e : new AssertionError("interrupt flag not set", e));
            }
        });
        awaitState(prefix + 1, "started");
        awaitState(prefix + 2, "started");

        caller.interrupt();

        Throwable thrown = Children.await(outcome);
        caller.join(Children.BOUND);
        return thrown;
    }

    @Test
    void interruptingACallerBlockedInAPoolMapCancelsTheMapsTasks() throws Exception {
        String prefix = "map-cancel-" + UUID.randomUUID() + "-";
        try (SKPool pool = SKProcessManager.of(Domain.INTERNAL).pool(ProcessSpec.builder("cancel-map-pool").build(), 1)) {
            // the child holds two tasks at a time: the third waits in the pool's queue
            Throwable thrown = interruptedWhileTasksRun(prefix,
                    () -> pool.map(x -> waitForCancel(prefix + x), java.util.List.of(1, 2, 3), Children.BOUND));

            assertThat(thrown).isInstanceOf(SKProcessException.class).hasMessageContaining("Interrupted")
                    .hasMessageContaining("3 unfinished task(s) were cancelled");
            awaitState(prefix + 1, "interrupted");
            awaitState(prefix + 2, "interrupted");
            assertThat(Children.await(pool.submit(() -> SKGlobal.<String>value(Domain.GLOBAL, prefix + 3).get())))
                    .as("the queued task never reached the child").isNull();
        }
    }

    @Test
    void interruptingACallerBlockedOnAnUnorderedImapCancelsItsTasks() throws Exception {
        String prefix = "imap-cancel-" + UUID.randomUUID() + "-";
        try (SKPool pool = SKProcessManager.of(Domain.INTERNAL).pool(ProcessSpec.builder("cancel-imap-pool").build(), 1)) {
            Throwable thrown = interruptedWhileTasksRun(prefix,
                    () -> pool.unorderedImap(x -> waitForCancel(prefix + x), java.util.List.of(1, 2, 3), Children.BOUND).toList());

            assertThat(thrown).isInstanceOf(SKProcessException.class).hasMessageContaining("Interrupted")
                    .hasMessageContaining("3 unfinished task(s) were cancelled");
            awaitState(prefix + 1, "interrupted");
            awaitState(prefix + 2, "interrupted");
            assertThat(Children.await(pool.submit(() -> SKGlobal.<String>value(Domain.GLOBAL, prefix + 3).get())))
                    .as("the queued task never reached the child").isNull();
        }
    }
}
