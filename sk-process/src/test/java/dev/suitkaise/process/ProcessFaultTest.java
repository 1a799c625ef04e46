package dev.suitkaise.process;

import dev.suitkaise.reg.Domain;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

/** A child that dies fails its pending tasks with the exit code; a restart policy brings it back. */
@ExtendWith(NoOrphans.class)
class ProcessFaultTest {

    @Test
    void aJvmOptionTheJvmRejectsFailsTheStartWithTheExitCodeAndTheJvmsOwnWords() {
        // the JVM may die before or after its connection line is written to its stdin: each start
        // can go either way, and both must read alike
        for (int attempt = 1; attempt <= 5; attempt++) {
            assertThatThrownBy(() -> SKProcessManager.of(Domain.INTERNAL).spawn(ProcessSpec.builder("fault-bogus")
                    .jvmOptions("-Xbogus")
                    .build()))
                    .as("attempt %d", attempt)
                    .isInstanceOf(SKProcessStartException.class)
                    .hasMessageStartingWith("The JVM of 'fault-bogus' (pid ")
                    .hasMessageMatching("(?s).*exited with code [1-9][0-9]* before it connected back\\..*")
                    .hasMessageContaining("Unrecognized option: -Xbogus")
                    .hasMessageNotContaining("Stream closed")
                    .hasMessageNotContaining("Broken pipe");
        }
    }

    @Test
    void killMinus9OfABusyChildFailsAllItsPendingFuturesWithTheExitCodeAndTheRestartPolicyBringsItBack() throws Exception {
        SKProcess p = SKProcessManager.of(Domain.INTERNAL).spawn(ProcessSpec.builder("fault-kill9")
                .restartPolicy(RestartPolicy.onCrash(2, Duration.ofMillis(50)))
                .build());
        try {
            long firstPid = p.pid();
            List<CompletableFuture<String>> pending = List.of(p.submit(ChildState::block), p.submit(ChildState::block),
                    p.submit(ChildState::block));
            assertThat(p.state()).isEqualTo(ProcessState.BUSY);

            Children.signal("KILL", firstPid);

            for (CompletableFuture<String> f : pending) {
                Throwable failure = Children.failureOf(f);
                assertThat(failure).isInstanceOf(SKProcessCrashedException.class).hasMessageContaining("fault-kill9");
                SKProcessCrashedException crash = (SKProcessCrashedException) failure;
                assertThat(crash.exitCode()).isEqualTo(137);
                assertThat(crash.pid()).isEqualTo(firstPid);
                assertThat(crash.processName()).isEqualTo("fault-kill9");
            }
            long newPid = Children.await(p.submit(() -> ProcessHandle.current().pid()));
            assertThat(newPid).isNotEqualTo(firstPid).isEqualTo(p.pid());
            assertThat(p.state()).isEqualTo(ProcessState.READY);
            assertThat(p.stats().restarts()).isEqualTo(1);
            assertThat(p.onExit()).isNotDone();
        } finally {
            p.stop(Duration.ofSeconds(5));
        }
    }

    @Test
    void aChildKilledWithSigkillAfterSpawningChildrenOfItsOwnLeavesNoSocketDirectoryBehind() throws Exception {
        SKProcess child = SKProcessManager.of(Domain.INTERNAL).spawn("fault-kill9-parent");
        // spawning opens the child's own channel: a socket directory named for its pid
        long grandchild = Children.await(child.submit(() -> SKProcessManager.of(Domain.INTERNAL).spawn("fault-kill9-grandchild").pid()));
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        String glob = "suitkaise-process-" + child.pid() + "-*";
        assertThat(socketDirectories(tmp, glob)).as("the child's socket directory").hasSize(1);

        Children.signal("KILL", child.pid());

        assertThat(child.onExit().get(Children.BOUND.toSeconds(), TimeUnit.SECONDS).state()).isEqualTo(ProcessState.CRASHED);
        // the parent sweeps in the background once it has seen the child end
        Children.until("the killed child's socket directory is removed by its parent", Children.BOUND, () -> {
            try {
                return socketDirectories(tmp, glob).isEmpty();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        assertThat(Children.goneWithin(grandchild, Children.BOUND)).as("grandchild %d gone", grandchild).isTrue();
    }

    /** Sends SIGSTOP to the child's JVM; a JVM that its parent has killed and reaped meanwhile cannot take it. */
    private static void stopUnlessKilled(SKProcess p, long pid) throws IOException, InterruptedException {
        if (pid <= 0) { // no JVM: already killed and its end recorded (kill -STOP -1 would stop every process of this user)
            Children.until("the child without a JVM has ended", Children.BOUND, () -> p.onExit().isDone());
            return;
        }
        Process kill = new ProcessBuilder("/bin/sh", "-c", "kill -STOP " + pid).inheritIO().start();
        assertThat(kill.waitFor(10, TimeUnit.SECONDS)).as("kill -STOP %d finished", pid).isTrue();
        if (kill.exitValue() != 0) {
            Children.until("the child that could not be stopped was killed", Children.BOUND, () -> p.onExit().isDone());
        }
    }

    private static List<Path> socketDirectories(Path tmp, String glob) throws IOException {
        List<Path> found = new ArrayList<>();
        try (DirectoryStream<Path> s = Files.newDirectoryStream(tmp, glob)) {
            s.forEach(found::add);
        }
        return found;
    }

    @Test
    void aChildThatKeepsCrashingStaysDownOnceItsRestartsAreUsedUp() throws Exception {
        SKProcess p = SKProcessManager.of(Domain.INTERNAL).spawn(ProcessSpec.builder("fault-twice")
                .restartPolicy(RestartPolicy.onCrash(1, Duration.ofMillis(10)))
                .build());
        long firstPid = p.pid();
        CompletableFuture<String> first = p.submit(ChildState::block);
        Children.signal("KILL", firstPid);
        assertThat(Children.failureOf(first)).isInstanceOf(SKProcessCrashedException.class);
        long secondPid = Children.await(p.submit(() -> ProcessHandle.current().pid()));
        assertThat(secondPid).isNotEqualTo(firstPid);

        CompletableFuture<String> second = p.submit(ChildState::block);
        Children.signal("KILL", secondPid);

        assertThat(Children.failureOf(second)).isInstanceOf(SKProcessCrashedException.class);
        assertThat(p.onExit().get(Children.BOUND.toSeconds(), TimeUnit.SECONDS).state()).isEqualTo(ProcessState.CRASHED);
        assertThat(p.stats().restarts()).isEqualTo(1);
        assertThat(p.pid()).isEqualTo(-1);
        assertThat(SKProcessManager.of(Domain.INTERNAL).get("fault-twice")).isEmpty();
    }

    @Test
    void aChildThatCallsSystemExitFailsItsTaskWithTheExitCodeAndItsLastStderrLinesAndStaysDownWithoutARestartPolicy()
            throws Exception {
        SKProcess p = SKProcessManager.of(Domain.INTERNAL).spawn("fault-exit");
        String marker = "last words " + UUID.randomUUID();

        Throwable failure = Children.failureOf(p.submit(() -> {
            System.err.println(marker);
            System.exit(42);
            return null;
        }));

        assertThat(failure).isInstanceOf(SKProcessCrashedException.class).hasMessageContaining("exit code 42")
                .hasMessageContaining(marker);
        SKProcessCrashedException crash = (SKProcessCrashedException) failure;
        assertThat(crash.exitCode()).isEqualTo(42);
        assertThat(crash.lastStderr()).contains(marker);
        assertThat(p.onExit().get(Children.BOUND.toSeconds(), TimeUnit.SECONDS)).isSameAs(p);
        assertThat(p.state()).isEqualTo(ProcessState.CRASHED);
        assertThat(SKProcessManager.of(Domain.INTERNAL).get("fault-exit")).isEmpty();
        assertThatThrownBy(() -> p.submit(() -> 1)).isInstanceOf(SKProcessException.class)
                .hasMessageContaining("fault-exit").hasMessageContaining("CRASHED");
    }

    @Test
    void aTaskThatOutlivesItsTimeoutFailsAndIsInterruptedInTheChild() throws Exception {
        SKProcess p = SKProcessManager.of(Domain.INTERNAL).spawn("fault-timeout");
        try {
            // the timeout's clock runs from the send, and a task cancelled before it started never runs (nothing in the
            // child is interrupted then): a child that had no processor to start the task within a timeout gets a longer one
            for (Duration timeout : List.of(Duration.ofSeconds(5), Duration.ofSeconds(15), Duration.ofSeconds(30))) {
                String key = UUID.randomUUID().toString();
                Throwable failure = Children.failureOf(p.submit(() -> ChildState.blockNoting(key), timeout));

                assertThat(failure).isInstanceOf(SKProcessTimeoutException.class).hasMessageContaining("fault-timeout")
                        .hasMessageContaining("interrupted");
                // sent after the cancel, which the child has dealt with by then: a task that begins later is already interrupted
                if (p.execute(() -> ChildState.started(key), Children.BOUND)) {
                    assertThat(p.execute(() -> ChildState.interrupted(key).await(50, TimeUnit.SECONDS), Children.BOUND))
                            .as("the task that outlived its %s timeout was interrupted in the child", timeout).isTrue();
                    assertThat(p.state()).isEqualTo(ProcessState.READY);
                    return;
                }
            }
            fail("The child did not start the task within any of its timeouts (5, 15 and 30 s)");
        } finally {
            p.stop(Duration.ofSeconds(5));
        }
    }

    @Test
    void aChildThatStopsAnsweringHeartbeatsIsKilledAndReported() throws Exception {
        SKProcess p = SKProcessManager.of(Domain.INTERNAL).spawn(ProcessSpec.builder("fault-silent")
                .heartbeat(Duration.ofMillis(200), Duration.ofSeconds(2))
                .build());
        long pid = p.pid();
        CompletableFuture<String> pending = p.submit(ChildState::block);

        // a child already killed for silence (its reader or ours stalled past the 2 s) has shown what is tested: stop only a live one
        stopUnlessKilled(p, pid);

        Throwable failure = Children.failureOf(pending);
        assertThat(failure).isInstanceOf(SKProcessCrashedException.class).hasMessageContaining("did not answer heartbeats");
        assertThat(((SKProcessCrashedException) failure).exitCode()).isEqualTo(137);
        assertThat(p.onExit().get(Children.BOUND.toSeconds(), TimeUnit.SECONDS).state()).isEqualTo(ProcessState.CRASHED);
    }
}
