package dev.suitkaise.bench;

import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class PeerReportTest {

    private static final String PKG = "dev.suitkaise.bench.reg.RegistryGetBenchmark.";
    private static final String PLAIN = PKG + "plainMapGet";
    private static final String CHECKED = PKG + "internalGet";
    private static final String OPEN = PKG + "openAndGet";

    /** checkedGet: peer plainMapGet, goal 3x; openAndGet: peer plainMapGet, no goal. */
    private static final Function<String, Optional<PeerSpec>> DECLARED = name -> switch (name) {
        case CHECKED -> Optional.of(new PeerSpec(CHECKED, PLAIN, OptionalDouble.of(3.0), "checked get within 3x"));
        case OPEN -> Optional.of(new PeerSpec(OPEN, PLAIN, OptionalDouble.empty(), ""));
        default -> Optional.empty();
    };

    private static Measurement ns(String benchmark, double score, double error) {
        return Measurement.of(benchmark, score, error, "ns/op");
    }

    private static Comparison onlyRowFor(PeerReport report, String benchmark) {
        return report.comparisons().stream().filter(c -> c.subject().benchmark().equals(benchmark))
                .findFirst().orElseThrow();
    }

    @Test
    void a_benchmark_is_paired_with_its_peer_and_the_ratio_is_its_time_over_the_peer_time() {
        PeerReport report = PeerReport.of(List.of(ns(CHECKED, 25.0, 1.0), ns(PLAIN, 10.0, 0.5)), DECLARED);

        Comparison row = onlyRowFor(report, CHECKED);
        assertThat(row.peer()).map(Measurement::benchmark).contains(PLAIN);
        assertThat(row.ratio()).isCloseTo(2.5, within(1e-9));
    }

    @Test
    void a_result_that_only_serves_as_a_peer_gets_no_row_of_its_own() {
        PeerReport report = PeerReport.of(
                List.of(ns(CHECKED, 25.0, 1.0), ns(OPEN, 900.0, 10.0), ns(PLAIN, 10.0, 0.5)), DECLARED);

        assertThat(report.comparisons()).extracting(c -> c.subject().benchmark()).containsExactly(CHECKED, OPEN);
    }

    @Test
    void a_ratio_below_the_goal_meets_it() {
        PeerReport report = PeerReport.of(List.of(ns(CHECKED, 20.0, 0.1), ns(PLAIN, 10.0, 0.1)), DECLARED);

        assertThat(onlyRowFor(report, CHECKED).verdict()).isEqualTo(Comparison.Verdict.MET);
        assertThat(report.missedGoals()).isEmpty();
    }

    @Test
    void a_ratio_exactly_at_the_goal_meets_it() {
        PeerReport report = PeerReport.of(List.of(ns(CHECKED, 30.0, Double.NaN), ns(PLAIN, 10.0, Double.NaN)), DECLARED);

        assertThat(onlyRowFor(report, CHECKED).verdict()).isEqualTo(Comparison.Verdict.MET);
    }

    @Test
    void a_ratio_above_the_goal_misses_it_and_is_listed_among_the_missed_goals() {
        PeerReport report = PeerReport.of(List.of(ns(CHECKED, 31.0, 0.1), ns(PLAIN, 10.0, 0.1)), DECLARED);

        Comparison row = onlyRowFor(report, CHECKED);
        assertThat(row.verdict()).isEqualTo(Comparison.Verdict.MISSED);
        assertThat(report.missedGoals()).containsExactly(row);
    }

    @Test
    void a_benchmark_with_a_peer_but_no_goal_shows_the_ratio_without_a_verdict() {
        PeerReport report = PeerReport.of(List.of(ns(OPEN, 1200.0, 50.0), ns(PLAIN, 10.0, 0.5)), DECLARED);

        Comparison row = onlyRowFor(report, OPEN);
        assertThat(row.ratio()).isCloseTo(120.0, within(1e-9));
        assertThat(row.verdict()).isEqualTo(Comparison.Verdict.NO_GOAL);
        assertThat(row.maxRatio()).isEmpty();
    }

    @Test
    void the_ratio_error_combines_the_relative_errors_of_both_scores() {
        // 10% on each side: the ratio 2.0 carries 2.0 * sqrt(0.1^2 + 0.1^2) = 0.2828...
        PeerReport report = PeerReport.of(List.of(ns(CHECKED, 20.0, 2.0), ns(PLAIN, 10.0, 1.0)), DECLARED);

        assertThat(onlyRowFor(report, CHECKED).ratioError()).isCloseTo(2.0 * Math.sqrt(0.02), within(1e-9));
    }

    @Test
    void a_verdict_whose_interval_spans_the_goal_is_flagged_as_unsure() {
        PeerReport spanning = PeerReport.of(List.of(ns(CHECKED, 28.0, 5.0), ns(PLAIN, 10.0, 1.0)), DECLARED);
        PeerReport clear = PeerReport.of(List.of(ns(CHECKED, 15.0, 0.5), ns(PLAIN, 10.0, 0.2)), DECLARED);

        assertThat(onlyRowFor(spanning, CHECKED).intervalSpansGoal()).isTrue();
        assertThat(onlyRowFor(spanning, CHECKED).verdictText()).isEqualTo("met (interval spans goal)");
        assertThat(onlyRowFor(clear, CHECKED).intervalSpansGoal()).isFalse();
        assertThat(onlyRowFor(clear, CHECKED).verdictText()).isEqualTo("met");
    }

    @Test
    void scores_in_different_units_are_converted_to_time_per_operation_before_dividing() {
        PeerReport microseconds = PeerReport.of(
                List.of(Measurement.of(CHECKED, 2.0, 0.1, "us/op"), ns(PLAIN, 500.0, 5.0)), DECLARED);
        PeerReport throughput = PeerReport.of(
                List.of(ns(CHECKED, 40.0, 1.0), Measurement.of(PLAIN, 0.1, 0.001, "ops/ns")), DECLARED);

        assertThat(onlyRowFor(microseconds, CHECKED).ratio()).isCloseTo(4.0, within(1e-9));
        assertThat(onlyRowFor(throughput, CHECKED).ratio()).isCloseTo(4.0, within(1e-9));
    }

    @Test
    void scores_that_are_not_times_or_throughputs_are_not_compared() {
        PeerReport report = PeerReport.of(
                List.of(Measurement.of(CHECKED, 64.0, 0.0, "B/op"), ns(PLAIN, 10.0, 0.5)), DECLARED);

        Comparison row = onlyRowFor(report, CHECKED);
        assertThat(row.verdict()).isEqualTo(Comparison.Verdict.UNITS_DIFFER);
        assertThat(row.ratio()).isNaN();
    }

    @Test
    void a_benchmark_whose_peer_did_not_run_says_so_instead_of_a_ratio() {
        PeerReport report = PeerReport.of(List.of(ns(CHECKED, 25.0, 1.0)), DECLARED);

        Comparison row = onlyRowFor(report, CHECKED);
        assertThat(row.verdict()).isEqualTo(Comparison.Verdict.PEER_NOT_RUN);
        assertThat(row.peer()).isEmpty();
        assertThat(report.toText()).contains("plainMapGet").contains("peer not run");
    }

    @Test
    void a_benchmark_without_a_peer_is_listed_without_a_ratio() {
        PeerReport report = PeerReport.of(List.of(ns(PKG + "somethingElse", 5.0, 0.1)), DECLARED);

        assertThat(report.comparisons()).singleElement()
                .satisfies(c -> assertThat(c.verdict()).isEqualTo(Comparison.Verdict.NO_PEER))
                .satisfies(c -> assertThat(c.ratio()).isNaN());
    }

    @Test
    void a_parameterized_benchmark_is_paired_with_the_peer_result_of_the_same_parameters() {
        List<Measurement> results = List.of(
                ns(CHECKED, 30.0, 0.1).withParams(Map.of("entries", "16")),
                ns(CHECKED, 60.0, 0.1).withParams(Map.of("entries", "4096")),
                ns(PLAIN, 10.0, 0.1).withParams(Map.of("entries", "16")),
                ns(PLAIN, 40.0, 0.1).withParams(Map.of("entries", "4096")));

        PeerReport report = PeerReport.of(results, DECLARED);

        assertThat(report.comparisons()).extracting(Comparison::ratio)
                .satisfiesExactly(r -> assertThat(r).isCloseTo(3.0, within(1e-9)),
                        r -> assertThat(r).isCloseTo(1.5, within(1e-9)));
        assertThat(report.comparisons().get(1).subject().displayName())
                .isEqualTo("RegistryGetBenchmark.internalGet[entries=4096]");
    }

    @Test
    void the_text_table_puts_score_peer_ratio_goal_and_verdict_on_the_benchmarks_line() {
        PeerReport report = PeerReport.of(List.of(ns(CHECKED, 25.0, 1.0), ns(PLAIN, 10.0, 0.5)), DECLARED);

        String text = report.toText();

        assertThat(text.lines().findFirst()).get().asString()
                .contains("Benchmark", "Score", "Peer", "Peer score", "Ratio", "Goal", "Verdict");
        assertThat(text.lines().filter(l -> l.startsWith("RegistryGetBenchmark.internalGet")).findFirst()).get().asString()
                .contains("25.00 +- 1.000 ns/op", "plainMapGet", "10.00 +- 0.500 ns/op", "2.50x +- 0.16", "<= 3x", "met");
        assertThat(text).contains("Notes:").contains("RegistryGetBenchmark.internalGet: checked get within 3x");
        assertThat(text.chars().allMatch(c -> c < 128)).as("plain ASCII").isTrue();
    }

    @Test
    void the_markdown_table_has_a_header_a_row_per_benchmark_and_the_notes_as_a_list() {
        PeerReport report = PeerReport.of(
                List.of(ns(CHECKED, 25.0, 1.0), ns(OPEN, 1200.0, 50.0), ns(PLAIN, 10.0, 0.5)), DECLARED);

        List<String> lines = report.toMarkdown().lines().toList();

        assertThat(lines.get(0)).isEqualTo("| Benchmark | Score | Peer | Peer score | Ratio | Goal | Verdict |");
        assertThat(lines.get(1)).isEqualTo("|---|---:|---|---:|---:|---|---|");
        assertThat(lines.get(2)).isEqualTo("| RegistryGetBenchmark.internalGet | 25.00 \u00b1 1.000 ns/op | plainMapGet"
                + " | 10.00 \u00b1 0.500 ns/op | 2.50x \u00b1 0.16 | \u2264 3x | met |");
        assertThat(lines.get(3)).isEqualTo("| RegistryGetBenchmark.openAndGet | 1200 \u00b1 50.00 ns/op | plainMapGet"
                + " | 10.00 \u00b1 0.500 ns/op | 120.00x \u00b1 7.81 | - | no goal |");
        assertThat(lines).contains("- RegistryGetBenchmark.internalGet: checked get within 3x");
    }

    @Test
    void declarations_are_read_from_the_peer_and_goal_annotations_of_the_benchmark_methods() {
        String registry = "dev.suitkaise.bench.FakeBenchmarks$Registry.";
        PeerReport report = PeerReport.of(List.of(
                ns(registry + "checkedGet", 40.0, 1.0),
                ns(registry + "plainGet", 10.0, 0.5)));

        Comparison row = onlyRowFor(report, registry + "checkedGet");
        assertThat(row.ratio()).isCloseTo(4.0, within(1e-9));
        assertThat(row.maxRatio()).isEqualTo(OptionalDouble.of(3.0));
        assertThat(row.verdict()).isEqualTo(Comparison.Verdict.MISSED);
    }
}
