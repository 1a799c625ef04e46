package dev.suitkaise.process;

import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/** Helpers for tests with child JVMs: bounded waits and signals. */
final class Children {

    /** The bound of every wait in these tests (generous: two shared cores). */
    static final Duration BOUND = Duration.ofSeconds(60);

    private Children() {
    }

    static <T> T await(CompletableFuture<T> f) throws Exception {
        return await(f, BOUND);
    }

    static <T> T await(CompletableFuture<T> f, Duration bound) throws Exception {
        try {
            return f.get(bound.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Exception x) {
                throw x;
            }
            throw e;
        }
    }

    /** The exception a future fails with, waiting at most {@link #BOUND}. */
    static Throwable failureOf(CompletableFuture<?> f) throws InterruptedException, TimeoutException {
        try {
            Object v = f.get(BOUND.toSeconds(), TimeUnit.SECONDS);
            return fail("expected the future to fail, but it returned " + v);
        } catch (ExecutionException e) {
            return e.getCause();
        }
    }

    /** Waits for a condition, checking every 10 ms, at most {@code bound} ({@link dev.suitkaise.testkit.Conditions#until}). */
    static void until(String what, Duration bound, BooleanSupplier condition) {
        dev.suitkaise.testkit.Conditions.until(what, bound, condition);
    }

    /**
     * Sends a signal with the shell's built-in {@code kill} ({@code /bin/sh} is on every POSIX
     * machine; a separate {@code kill} program, from Debian's procps, may not be installed).
     */
    static void signal(String signal, long pid) throws IOException, InterruptedException {
        // -1 (a process that has ended) would signal every process this user may signal
        assertThat(pid).as("pid to send SIG%s", signal).isPositive();
        Process kill = new ProcessBuilder("/bin/sh", "-c", "kill -" + signal + " " + pid).inheritIO().start();
        assertThat(kill.waitFor(10, TimeUnit.SECONDS)).as("kill -%s %d finished", signal, pid).isTrue();
        assertThat(kill.exitValue()).as("kill -%s %d", signal, pid).isZero();
    }

    /** Waits until a process (not necessarily a child of this JVM) has gone, at most {@code bound}. */
    static boolean goneWithin(long pid, Duration bound) throws InterruptedException, ExecutionException {
        Optional<ProcessHandle> h = ProcessHandle.of(pid);
        if (h.isEmpty()) {
            return true;
        }
        try {
            h.get().onExit().get(bound.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        }
    }
}
