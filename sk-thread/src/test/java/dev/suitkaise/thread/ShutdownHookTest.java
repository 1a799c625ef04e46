package dev.suitkaise.thread;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The process threader's JVM shutdown hook, in real child JVMs. */
class ShutdownHookTest {

    @Test
    void atJvmExitTheHookAsksThreadsToStopOnce() throws Exception {
        ChildJvm.Result c = ChildJvm.run("polite", "PT5S");

        assertThat(c.exit()).as("exit code; stderr: %s", c.err()).isZero();
        assertThat(c.out()).containsSubsequence("main returns", "polite-child saw the stop request");
        assertThat(c.out().split("saw the stop request", -1)).as("stop seen exactly once").hasSize(2);
    }

    @Test
    void aThreadIgnoringStopAndInterruptsDoesNotHangJvmExitAndIsNamedInAnErrorLog() throws Exception {
        ChildJvm.Result c = ChildJvm.run("stubborn", "PT0.2S");

        assertThat(c.out()).contains("main returns");
        assertThat(c.err()).contains("ERROR").contains("stubborn-child").contains("did not finish");
    }

    @Test
    void theHookWaitsForAShutdownWithALongerGraceAtMostAboutTwiceItsOwnGrace() throws Exception {
        // hook grace 0.2 s, the user's shutdown 60 s: ChildJvm.run fails unless the child exits within its 20 s bound
        ChildJvm.Result c = ChildJvm.run("long-user-shutdown", "PT0.2S");

        assertThat(c.out()).contains("main returns");
        assertThat(c.err()).contains("WARN").contains("JVM shutdown hook waited").contains("user-shutdown")
                .contains("[stubborn-child]");
    }
}
