package dev.suitkaise.thread;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/** Cooperative stop: the flag a body polls, the interrupt that follows, and bounded joins. */
class CooperativeStopTest {

    private final SKThreader threader = Waits.threader("stop");

    @AfterEach
    void closeThreader() {
        Waits.closeAndCheck(threader);
    }

    @Test
    void aBodyPollingStopRequestedSeesTheFlagAndReturnsItsValue() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        SKThread<String> t = threader.start("poller", () -> {
            started.countDown();
            while (!SKThread.stopRequested()) {
                Thread.onSpinWait();
            }
            return "stopped cleanly";
        });
        Waits.await(started);
        assertThat(t.join(Duration.ZERO)).as("still running before the request").isFalse();

        t.requestStop();

        assertThat(t.result(Waits.BOUND)).isEqualTo("stopped cleanly");
        assertThat(t.state()).isEqualTo(ThreadState.FINISHED);
    }

    @Test
    void theStopRequestSetsTheFlagBeforeItInterruptsTheThread() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        SKThread<Boolean> t = threader.start("interrupted", () -> {
            started.countDown();
            try {
                new CountDownLatch(1).await();
                return false;
            } catch (InterruptedException e) {
                return SKThread.stopRequested();
            }
        });
        Waits.await(started);
        t.requestStop();

        assertThat(t.result(Waits.BOUND)).as("flag seen by the interrupted body").isTrue();
    }

    @Test
    void stopRequestedIsFalseOnThreadsNoThreaderCreatedAndOnUnstoppedOnes() throws Exception {
        assertThat(SKThread.stopRequested()).isFalse();
        SKThread<Boolean> t = threader.start("asks", SKThread::stopRequested);
        assertThat(t.result(Waits.BOUND)).isFalse();
    }

    @Test
    void joinWaitsOnlyUpToItsTimeoutAndReportsWhetherTheThreadEnded() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        SKThread<Object> t = threader.start("held", () -> {
            Waits.awaitIgnoringInterrupts(release);
            return null;
        });

        assertThat(t.join(Duration.ofMillis(20))).isFalse();
        release.countDown();
        assertThat(t.join(Waits.BOUND)).isTrue();
    }

    @Test
    void aStopRequestOnAPlatformThreadWorksTheSameWay() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        AtomicBoolean sawFlag = new AtomicBoolean();
        SKThread<Object> t = threader.start("platform-poller", ThreadSpec.platform(), () -> {
            started.countDown();
            while (!SKThread.stopRequested()) {
                Thread.onSpinWait();
            }
            sawFlag.set(true);
            return null;
        });
        Waits.await(started);
        t.requestStop();
        Waits.join(t);

        assertThat(sawFlag).isTrue();
        assertThat(t.state()).isEqualTo(ThreadState.FINISHED);
    }
}
