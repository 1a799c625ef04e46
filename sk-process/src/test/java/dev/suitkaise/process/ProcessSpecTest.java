package dev.suitkaise.process;

import dev.suitkaise.reg.Domain;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A spec's JVM options, heap, environment and system properties reach the child. */
@ExtendWith(NoOrphans.class)
class ProcessSpecTest {

    @Test
    void jvmOptionsHeapEnvironmentAndSystemPropertiesReachTheChild() throws Exception {
        SKProcess p = SKProcessManager.of(Domain.INTERNAL).spawn(ProcessSpec.builder("spec-worker")
                .jvmOptions("-XX:ActiveProcessorCount=1")
                .maxHeap("96m")
                .environment("SK_PROCESS_TEST_ENV", "from-the-spec")
                .systemProperty("sk.process.test.prop", "also-from-the-spec")
                .build());
        try {
            List<Object> seen = Children.await(p.submit(() -> List.of(Runtime.getRuntime().availableProcessors(),
                    Runtime.getRuntime().maxMemory(), String.valueOf(System.getenv("SK_PROCESS_TEST_ENV")),
                    String.valueOf(System.getProperty("sk.process.test.prop")), String.valueOf(System.getProperty("suitkaise.process.name")))));

            assertThat(seen.get(0)).isEqualTo(1);
            assertThat((Long) seen.get(1)).isLessThanOrEqualTo(96L * 1024 * 1024).isGreaterThan(48L * 1024 * 1024);
            assertThat(seen.subList(2, 5)).containsExactly("from-the-spec", "also-from-the-spec", "spec-worker");
        } finally {
            p.stop(Duration.ofSeconds(5));
        }
    }

    @Test
    void invalidNamesHeapsAndTimeoutsAreRefusedWithTheReason() {
        assertThatThrownBy(() -> ProcessSpec.builder("no spaces").build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'no spaces'");
        assertThatThrownBy(() -> ProcessSpec.builder("w").maxHeap("lots").build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'lots'");
        assertThatThrownBy(() -> ProcessSpec.builder("w").heartbeat(Duration.ofSeconds(2), Duration.ofSeconds(1)).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unresponsiveAfter");
    }

    @Test
    void restartBackoffDoublesUpToItsCap() {
        RestartPolicy policy = new RestartPolicy(5, Duration.ofMillis(100), Duration.ofMillis(300));

        assertThat(List.of(policy.delayBefore(1), policy.delayBefore(2), policy.delayBefore(3), policy.delayBefore(4)))
                .containsExactly(Duration.ofMillis(100), Duration.ofMillis(200), Duration.ofMillis(300), Duration.ofMillis(300));
    }
}
