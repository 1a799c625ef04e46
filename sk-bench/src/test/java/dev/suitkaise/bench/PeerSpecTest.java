package dev.suitkaise.bench;

import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

import java.util.OptionalDouble;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class PeerSpecTest {

    private static final String REGISTRY = "dev.suitkaise.bench.FakeBenchmarks$Registry.";
    private static final String BROKEN = "dev.suitkaise.bench.FakeBenchmarks$Broken.";

    @Test
    void a_peer_named_by_method_is_looked_up_in_the_same_class_and_carries_the_goal() {
        PeerSpec spec = PeerSpec.declaredOn(REGISTRY + "checkedGet").orElseThrow();

        assertThat(spec.benchmark()).isEqualTo(REGISTRY + "checkedGet");
        assertThat(spec.peer()).isEqualTo(REGISTRY + "plainGet");
        assertThat(spec.maxRatio()).isEqualTo(OptionalDouble.of(3.0));
        assertThat(spec.note()).isEqualTo("checked get within 3x");
    }

    @Test
    void a_peer_without_a_goal_declares_no_ratio() {
        PeerSpec spec = PeerSpec.declaredOn(REGISTRY + "openAndGet").orElseThrow();

        assertThat(spec.peer()).isEqualTo(REGISTRY + "plainGet");
        assertThat(spec.maxRatio()).isEmpty();
        assertThat(spec.note()).isEmpty();
    }

    @Test
    void a_benchmark_without_a_peer_declares_nothing() {
        assertThat(PeerSpec.declaredOn(REGISTRY + "plainGet")).isEmpty();
    }

    @Test
    void a_fully_qualified_peer_in_another_class_is_found_even_when_named_with_dots_as_jmh_names_nested_classes() {
        PeerSpec spec = PeerSpec.declaredOn("dev.suitkaise.bench.FakeBenchmarks.Registry.globalGet").orElseThrow();

        assertThat(spec.peer()).isEqualTo("dev.suitkaise.bench.FakeBenchmarks.Jdk.hashMapGet");
        assertThat(spec.maxRatio()).isEqualTo(OptionalDouble.of(1.5));
    }

    @Test
    void a_goal_without_a_peer_is_rejected() {
        assertThatThrownBy(() -> PeerSpec.declaredOn(BROKEN + "goalWithoutPeer"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("goalWithoutPeer")
                .hasMessageContaining("has a @Goal but no @Peer");
    }

    @Test
    void a_peer_that_names_no_method_is_rejected_with_the_name() {
        assertThatThrownBy(() -> PeerSpec.declaredOn(BROKEN + "peerMissing"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("noSuchMethod")
                .hasMessageContaining("declares 0");
    }

    @Test
    void a_goal_that_is_not_a_positive_ratio_is_rejected() {
        assertThatThrownBy(() -> PeerSpec.declaredOn(BROKEN + "goalNotPositive"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxRatio = 0.0")
                .hasMessageContaining("positive");
    }

    @Test
    void a_benchmark_cannot_be_its_own_peer() {
        assertThatThrownBy(() -> PeerSpec.declaredOn(BROKEN + "peerIsItself"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("names the benchmark itself");
    }

    @Test
    void a_benchmark_in_a_class_that_is_not_there_is_reported_by_class_name() {
        assertThatThrownBy(() -> PeerSpec.declaredOn("dev.suitkaise.bench.NoSuchBenchmark.get"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("dev.suitkaise.bench.NoSuchBenchmark")
                .hasMessageContaining("not on the class path");
    }
}
