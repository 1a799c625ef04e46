package dev.suitkaise.thread;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** A body's uncaught exception is captured on its handle and logged exactly once, in a child JVM. */
class FailureLoggingTest {

    @Test
    void aFailingBodysExceptionIsOnTheHandleAndLoggedOnceAtErrorNotByTheDefaultHandler() throws Exception {
        ChildJvm.Result c = ChildJvm.run("fails", "PT5S");

        assertThat(c.exit()).as("exit code; stderr: %s", c.err()).isZero();
        assertThat(c.out()).contains("state FAILED, failure unique-boom-7f3a");
        assertThat(c.err().split("IllegalStateException: unique-boom-7f3a", -1)).as("logged once").hasSize(2);
        assertThat(c.err()).contains("ERROR").contains("failing-child").doesNotContain("Exception in thread");
    }
}
