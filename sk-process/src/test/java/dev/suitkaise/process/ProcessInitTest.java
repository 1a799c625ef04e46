package dev.suitkaise.process;

import dev.suitkaise.reg.Domain;
import dev.suitkaise.reg.GlobalValue;
import dev.suitkaise.reg.SKGlobal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Init functions run in every new child, in priority order, before it accepts work, and again after a restart. */
@ExtendWith(NoOrphans.class)
class ProcessInitTest {

    @Test
    void initFunctionsRunOnceInPriorityOrderBeforeTheChildAcceptsWork() throws Exception {
        String tag = "order-" + UUID.randomUUID() + "-";
        SKProcessManager manager = SKProcessManager.of(Domain.EXTERNAL);
        manager.onProcessInit(() -> ChildState.record(tag + "manager-low"), 1);
        manager.onProcessInit(() -> ChildState.record(tag + "manager-high"), 10);
        SKProcess p = manager.spawn(ProcessSpec.builder("init-order")
                .init(() -> ChildState.record(tag + "spec-mid"), 5)
                .init(() -> ChildState.record(tag + "spec-low"), 1)
                .build());
        try {
            assertThat(Children.await(p.submit(() -> ChildState.inits(tag))))
                    .containsExactly(tag + "manager-high", tag + "spec-mid", tag + "manager-low", tag + "spec-low");
        } finally {
            p.stop(Duration.ofSeconds(5));
        }
    }

    @Test
    void initFunctionsRunAgainInTheNewJvmAfterACrashRestart() throws Exception {
        String tag = "restart-" + UUID.randomUUID() + "-";
        String runs = "init-runs-" + UUID.randomUUID();
        SKProcess p = SKProcessManager.of(Domain.INTERNAL).spawn(ProcessSpec.builder("init-restart")
                .init(() -> ChildState.record(tag + "first"), 2)
                .init(() -> SKGlobal.<Integer>value(Domain.GLOBAL, runs).accumulateAndGet(1, Integer::sum), 1)
                .restartPolicy(RestartPolicy.onCrash(1, Duration.ofMillis(50)))
                .build());
        try {
            long firstPid = p.pid();
            assertThat(Children.await(p.submit(() -> ChildState.inits(tag)))).containsExactly(tag + "first");

            CompletableFuture<String> blocked = p.submit(ChildState::block);
            Children.signal("KILL", firstPid);
            assertThat(Children.failureOf(blocked)).isInstanceOf(SKProcessCrashedException.class);

            List<Object> after = Children.await(p.submit(() -> List.of(ProcessHandle.current().pid(), ChildState.inits(tag))));
            assertThat(after.get(0)).isNotEqualTo(firstPid);
            assertThat(after.get(1)).isEqualTo(List.of(tag + "first"));
            GlobalValue<Integer> count = SKGlobal.value(Domain.GLOBAL, runs);
            assertThat(count.get()).isEqualTo(2);
            assertThat(p.stats().restarts()).isEqualTo(1);
        } finally {
            p.stop(Duration.ofSeconds(5));
        }
    }

    @Test
    void aFailingInitFunctionFailsTheSpawnWithTheChildsErrorAndLeavesNothingRunning() {
        SKProcessManager manager = SKProcessManager.of(Domain.INTERNAL);
        int runningBefore = SKProcessCommander.current().running(Domain.INTERNAL);

        assertThatThrownBy(() -> manager.spawn(ProcessSpec.builder("init-fails")
                .init(() -> {
                    throw new IllegalStateException("no configuration found");
                })
                .build()))
                .isInstanceOf(SKProcessStartException.class)
                .hasMessageContaining("init-fails")
                .hasMessageContaining("IllegalStateException: no configuration found");

        assertThat(manager.get("init-fails")).isEmpty();
        assertThat(SKProcessCommander.current().running(Domain.INTERNAL)).isEqualTo(runningBefore);
        assertThat(ProcessHandle.current().children().filter(ProcessHandle::isAlive).count()).isEqualTo(
                manager.processes().size() + SKProcessManager.of(Domain.EXTERNAL).processes().size());
    }
}
