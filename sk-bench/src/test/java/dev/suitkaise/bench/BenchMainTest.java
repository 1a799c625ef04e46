package dev.suitkaise.bench;

import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class BenchMainTest {

    @Test
    void the_forked_jvms_get_the_benchmark_classes_as_internal_roots() {
        assertThat(BenchMain.forkJvmArgs("/work/sk-bench/target/classes"))
                .contains("-Dsuitkaise.domain.internal=/work/sk-bench/target/classes");
    }

    @Test
    void the_markdown_file_starts_with_a_title_and_the_run_settings_before_the_table() {
        PeerReport report = PeerReport.of(
                List.of(Measurement.of("dev.suitkaise.bench.x.SomeBenchmark.alone", 5.0, 0.1, "ns/op")),
                name -> Optional.empty());

        List<String> lines = BenchMain.markdown(report, "Run on a test; quick mode.").lines().toList();

        assertThat(lines.get(0)).isEqualTo("# Suitkaise benchmarks");
        assertThat(lines.get(2)).isEqualTo("Run on a test; quick mode.");
        assertThat(lines).contains("| SomeBenchmark.alone | 5.000 \u00b1 0.100 ns/op | - | - | - | - | no peer |");
    }

    @Test
    void run_times_read_in_seconds_or_minutes_and_seconds() {
        assertThat(BenchMain.humanTime(Duration.ofMillis(41_400))).isEqualTo("41 s");
        assertThat(BenchMain.humanTime(Duration.ofSeconds(185))).isEqualTo("3 min 5 s");
    }
}
