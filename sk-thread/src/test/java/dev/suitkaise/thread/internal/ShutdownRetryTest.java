package dev.suitkaise.thread.internal;

import dev.suitkaise.thread.StopReport;
import dev.suitkaise.thread.ThreadKind;
import dev.suitkaise.thread.ThreadSpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A shutdown that throws (an Error inside its stopAll) is run again, in full, by a later caller. */
class ShutdownRetryTest {

    /** Far above what any wait here needs on a loaded 2-core machine. */
    private static final long BOUND_SECONDS = 20;

    private final AtomicBoolean failNext = new AtomicBoolean(true);
    /** Its stopAll throws once, after it asked (and so interrupted) every thread, as an Error there would. */
    private final ThreaderCore core = new ThreaderCore("retry", ThreadKind.PLATFORM, () -> {
        if (failNext.getAndSet(false)) {
            throw new OutOfMemoryError("thrown by the test inside the first shutdown");
        }
    });

    @AfterEach
    void stopWhatIsLeft() {
        failNext.set(false);
        assertThat(core.stopAll(Duration.ofSeconds(5)).notFinished()).as("threads left running by the test").isEmpty();
    }

    @Test
    void aLaterShutdownAfterTheFirstThrewRunsTheShutdownItselfAndReportsWhatItStopped() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch firstInterruptSeen = new CountDownLatch(1);
        core.start("ends-on-second-interrupt", ThreadSpec.platform(), () -> {
            started.countDown();
            for (int interrupts = 0; interrupts < 2; ) {
                try {
                    new CountDownLatch(1).await();
                } catch (InterruptedException e) {
                    interrupts++;
                    firstInterruptSeen.countDown();
                }
            }
            return null;
        });
        assertThat(started.await(BOUND_SECONDS, TimeUnit.SECONDS)).isTrue();

        assertThatThrownBy(() -> core.shutdown(Duration.ofSeconds(5))).isInstanceOf(OutOfMemoryError.class)
                .hasMessageContaining("thrown by the test");
        assertThat(firstInterruptSeen.await(BOUND_SECONDS, TimeUnit.SECONDS)).as("the first shutdown's stop request").isTrue();
        StopReport report = core.shutdown(Duration.ofSeconds(5));

        assertThat(report.stoppedByInterrupt()).as("stopped by this call's own stopAll")
                .containsExactly("ends-on-second-interrupt");
        assertThat(report.notFinished()).isEmpty();
        assertThat(core.shutdown(Duration.ofSeconds(5))).as("a third call gets the second's report").isSameAs(report);
        assertThat(core.isShutdown()).isTrue();
    }
}
