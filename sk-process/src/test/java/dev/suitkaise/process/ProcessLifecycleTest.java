package dev.suitkaise.process;

import dev.suitkaise.reg.Domain;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Processes are listed by name, stopped gracefully or killed, and shut down all at once. */
@ExtendWith(NoOrphans.class)
class ProcessLifecycleTest {

    @Test
    void stopAsksTheChildToExitWhichItDoesWithCodeZero() throws Exception {
        SKProcessManager manager = SKProcessManager.of(Domain.INTERNAL);
        SKProcess p = manager.spawn("life-stop");
        long pid = p.pid();
        assertThat(manager.get("life-stop")).containsSame(p);
        assertThat(manager.processes()).contains(p);

        // a grace the child needs only a processor to keep (it exits as soon as it has read the request)
        assertThat(p.stop(Children.BOUND)).isZero();

        assertThat(p.state()).isEqualTo(ProcessState.STOPPED);
        assertThat(p.onExit()).isCompletedWithValue(p);
        assertThat(p.pid()).isEqualTo(-1);
        assertThat(ProcessHandle.of(pid).filter(ProcessHandle::isAlive)).isEmpty();
        assertThat(manager.get("life-stop")).isEmpty();
        assertThat(manager.processes()).doesNotContain(p);
        assertThatThrownBy(() -> p.submit(() -> 1)).isInstanceOf(SKProcessException.class).hasMessageContaining("STOPPED");
    }

    @Test
    void stopLetsARunningTaskFinishWithinTheGrace() throws Exception {
        SKProcess p = SKProcessManager.of(Domain.INTERNAL).spawn("life-grace");
        String started = "grace-started-" + java.util.UUID.randomUUID();
        // keeps the task running until the child has the stop request (its grace has begun), however late it comes
        CompletableFuture<String> running = p.submit(() -> {
            dev.suitkaise.reg.SKGlobal.<Boolean>value(Domain.GLOBAL, started).set(true);
            return ChildState.awaitStopRequest() ? "finished" : "the stop request did not reach the child while the task ran";
        });
        Children.until("the task runs in the child", Children.BOUND,
                () -> dev.suitkaise.reg.SKGlobal.<Boolean>value(Domain.GLOBAL, started).isSet());

        p.stop(Duration.ofSeconds(30));

        assertThat(running).isCompletedWithValue("finished");
        assertThat(p.state()).isEqualTo(ProcessState.STOPPED);
    }

    @Test
    void killEndsTheChildAtOnceFailsItsPendingTasksAndIsNotRestarted() throws Exception {
        SKProcess p = SKProcessManager.of(Domain.INTERNAL).spawn(ProcessSpec.builder("life-kill")
                .restartPolicy(RestartPolicy.onCrash(3, Duration.ofMillis(10)))
                .build());
        long pid = p.pid();
        CompletableFuture<String> pending = p.submit(ChildState::block);

        p.kill();

        Throwable failure = Children.failureOf(pending);
        assertThat(failure).isInstanceOf(SKProcessException.class).isNotInstanceOf(SKProcessCrashedException.class)
                .hasMessageContaining("life-kill").hasMessageContaining("stopped");
        assertThat(p.state()).isEqualTo(ProcessState.STOPPED);
        assertThat(p.stats().restarts()).isZero();
        assertThat(ProcessHandle.of(pid).filter(ProcessHandle::isAlive)).isEmpty();
    }

    @Test
    void aSecondLiveProcessWithTheSameNameIsRefused() {
        SKProcessManager manager = SKProcessManager.of(Domain.INTERNAL);
        SKProcess first = manager.spawn("life-twin");
        try {
            assertThatThrownBy(() -> manager.spawn("life-twin")).isInstanceOf(SKProcessException.class)
                    .hasMessageContaining("'life-twin'");
        } finally {
            first.stop(Duration.ofSeconds(5));
        }
    }

    @Test
    void shutdownAllLeavesNoDescendantProcess() throws Exception {
        SKProcessManager manager = SKProcessManager.of(Domain.INTERNAL);
        SKProcess a = manager.spawn("life-all-a");
        SKProcess b = manager.spawn("life-all-b");
        CompletableFuture<String> busy = b.submit(ChildState::block);

        manager.shutdownAll(Duration.ofSeconds(1));

        assertThat(ProcessHandle.current().descendants().filter(ProcessHandle::isAlive).toList()).isEmpty();
        assertThat(manager.processes()).isEmpty();
        assertThat(a.state()).isEqualTo(ProcessState.STOPPED);
        assertThat(b.state()).isEqualTo(ProcessState.STOPPED);
        assertThat(Children.failureOf(busy)).isInstanceOf(SKProcessException.class);
    }

    @Test
    void shutdownAllAlsoEndsTheProcessesThatChildrenSpawned() throws Exception {
        SKProcessManager manager = SKProcessManager.of(Domain.INTERNAL);
        SKProcess child = manager.spawn("life-tree-parent");
        long grandchildPid = Children.await(child.submit(() -> SKProcessManager.of(Domain.INTERNAL).spawn("life-tree-grandchild").pid()));
        assertThat(ProcessHandle.current().descendants().map(ProcessHandle::pid).toList()).contains(child.pid(), grandchildPid);

        manager.shutdownAll(Duration.ofSeconds(5));

        assertThat(ProcessHandle.current().descendants().filter(ProcessHandle::isAlive).toList()).isEmpty();
        assertThat(Children.goneWithin(grandchildPid, Children.BOUND)).as("grandchild %d gone", grandchildPid).isTrue();
        assertThat(SKProcessCommander.current().running(Domain.INTERNAL)).isZero();
    }

    @Test
    void theCommanderShutsDownTheProcessesOfBothDomains() {
        SKProcess internal = SKProcessManager.of(Domain.INTERNAL).spawn("life-tree-int");
        SKProcess external = SKProcessManager.of(Domain.EXTERNAL).spawn("life-tree-ext");

        SKProcessCommander.current().shutdownAll(Duration.ofSeconds(5));

        assertThat(ProcessHandle.current().descendants().filter(ProcessHandle::isAlive).toList()).isEmpty();
        assertThat(List.of(internal.state(), external.state())).containsOnly(ProcessState.STOPPED);
        assertThat(SKProcessCommander.current().running(Domain.INTERNAL)).isZero();
        assertThat(SKProcessCommander.current().running(Domain.EXTERNAL)).isZero();
    }

    @Test
    void thereIsNoProcessManagerForTheGlobalDomain() {
        assertThatThrownBy(() -> SKProcessManager.of(Domain.GLOBAL)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("INTERNAL");
    }
}
