package dev.suitkaise.thread;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.concurrent.CountDownLatch;

import static org.assertj.core.api.Assertions.assertThat;

/** The threads() snapshot: names, roles, kinds, states, current tasks and failures. */
class MonitoringTest {

    private final SKThreader threader = Waits.threader("monitor");
    private final CountDownLatch release = new CountDownLatch(1);

    @AfterEach
    void closeThreader() {
        release.countDown();
        Waits.closeAndCheck(threader);
    }

    private ThreadInfo info(String name) {
        return threader.threads().stream().filter(i -> i.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no live thread " + name));
    }

    @Test
    void aRunningThreadIsListedWithItsKindStateComponentAndCurrentTask() {
        CountDownLatch started = new CountDownLatch(1);
        threader.start("listed", ThreadSpec.builder().kind(ThreadKind.PLATFORM).component("ui").build(), () -> {
            started.countDown();
            Waits.awaitIgnoringInterrupts(release);
            return null;
        });
        Waits.await(started);

        ThreadInfo i = info("listed");
        assertThat(i.role()).isEqualTo(ThreadInfo.Role.THREAD);
        assertThat(i.kind()).isEqualTo(ThreadKind.PLATFORM);
        assertThat(i.component()).isEqualTo("ui");
        assertThat(i.state()).isEqualTo(ThreadState.RUNNING);
        assertThat(i.currentTask()).contains("body");
        assertThat(i.failures()).isZero();
        assertThat(i.uptime()).isPositive();
    }

    @Test
    void aWorkerIsListedWithItsRunningTaskPendingCountAndFailures() throws Exception {
        SKWorker w = threader.worker("busy");
        w.submit("fails", () -> {
            throw new IllegalStateException("x");
        });
        CountDownLatch running = new CountDownLatch(1);
        w.submit("long-task", () -> {
            running.countDown();
            Waits.awaitIgnoringInterrupts(release);
            return null;
        });
        w.submit(() -> 1);
        w.submit(() -> 2);
        Waits.await(running);

        ThreadInfo i = info("busy");
        assertThat(i.role()).isEqualTo(ThreadInfo.Role.WORKER);
        assertThat(i.currentTask()).contains("'long-task'");
        assertThat(i.pending()).isEqualTo(2);
        assertThat(i.failures()).isEqualTo(1);
        assertThat(i.lastFailure()).get().isInstanceOf(IllegalStateException.class);
    }

    @Test
    void anInitializerIsShownAsTheCurrentTaskWhileItRuns() {
        CountDownLatch inInit = new CountDownLatch(1);
        threader.onThreadStart("slow-init", 0, () -> {
            inInit.countDown();
            Waits.awaitIgnoringInterrupts(release);
            return null;
        });
        threader.start("starting", () -> null);
        Waits.await(inInit);

        ThreadInfo i = info("starting");
        assertThat(i.state()).isEqualTo(ThreadState.NEW);
        assertThat(i.currentTask()).contains("initializer slow-init");
    }

    @Test
    void endedThreadsLeaveTheSnapshotAndTheRegistry() throws Exception {
        SKThread<Integer> t = threader.start("short", () -> 1);
        t.result();
        Waits.join(t);

        assertThat(threader.threads()).extracting(ThreadInfo::name).doesNotContain("short");
        assertThat(threader.liveCount()).isZero();
    }
}
