package dev.suitkaise.bench;

import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class BenchOptionsTest {

    @Test
    void no_arguments_mean_every_benchmark_in_quick_mode() {
        BenchOptions options = BenchOptions.parse(List.of());

        assertThat(options.include()).isEmpty();
        assertThat(options.full()).isFalse();
        assertThat(options.describe())
                .isEqualTo("quick mode: 1 fork, 2 warmup + 5 measurement iterations of 1 s, 1 thread");
        assertThat(options.output()).isEqualTo(Path.of("target", "benchmark-results.md"));
    }

    @Test
    void full_picks_the_full_defaults_wherever_it_stands() {
        BenchOptions options = BenchOptions.parse(List.of("--forks=2", "--full"));

        assertThat(options.full()).isTrue();
        assertThat(options.forks()).as("an explicit setting wins over the mode").isEqualTo(2);
        assertThat(options.warmupIterations()).isEqualTo(5);
        assertThat(options.measurementIterations()).isEqualTo(5);
        assertThat(options.iterationTime()).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void each_setting_can_be_given_on_its_own() {
        BenchOptions options = BenchOptions.parse(List.of("--warmup=1", "--iterations=10", "--time=500ms",
                "--threads=2", "--prof=gc", "--output=/tmp/r.md"));

        assertThat(options.describe()).isEqualTo(
                "quick mode: 1 fork, 1 warmup + 10 measurement iterations of 500 ms, 2 threads, profilers gc");
        assertThat(options.output()).isEqualTo(Path.of("/tmp/r.md"));
        assertThat(BenchOptions.parse(List.of("--time=3")).iterationTime()).isEqualTo(Duration.ofSeconds(3));
    }

    @Test
    void a_bare_argument_is_the_benchmark_pattern_and_blank_ones_are_ignored() {
        BenchOptions options = BenchOptions.parse(List.of("", "  ", "RegistryGet"));

        assertThat(options.include()).contains("RegistryGet");
        assertThat(options.help()).isFalse();
    }

    @Test
    void help_asks_only_for_the_usage() {
        assertThat(BenchOptions.parse(List.of("--help")).help()).isTrue();
        assertThat(BenchOptions.USAGE).contains("--full", "-Dbench.args=");
    }

    @Test
    void unknown_options_bad_values_and_two_patterns_are_rejected_with_a_reason() {
        assertThatThrownBy(() -> BenchOptions.parse(List.of("--fast=1")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Unknown option --fast=1");
        assertThatThrownBy(() -> BenchOptions.parse(List.of("--fast")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Unknown option --fast");
        assertThatThrownBy(() -> BenchOptions.parse(List.of("--forks")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("needs a value");
        assertThatThrownBy(() -> BenchOptions.parse(List.of("--forks=many")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("whole number");
        assertThatThrownBy(() -> BenchOptions.parse(List.of("--iterations=0")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--iterations must be 1 or more");
        assertThatThrownBy(() -> BenchOptions.parse(List.of("--time=soon")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("duration");
        assertThatThrownBy(() -> BenchOptions.parse(List.of("Registry", "Cereal")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'Registry|Cereal'");
        assertThatThrownBy(() -> BenchOptions.parse(List.of("Registry(")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a valid regular expression");
    }
}
