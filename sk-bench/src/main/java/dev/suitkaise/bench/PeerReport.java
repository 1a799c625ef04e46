package dev.suitkaise.bench;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Pairs benchmark results with their {@linkplain Peer peers}, computes the ratios, judges the
 * {@linkplain Goal goals} and renders the table as plain text or Markdown.
 *
 * <p>Every result gets a row except results that serve only as a peer: those appear in the peer
 * columns of the rows that name them. Rows keep the order of the results.
 */
public final class PeerReport {

    private static final String[] HEADERS = {"Benchmark", "Score", "Peer", "Peer score", "Ratio", "Goal", "Verdict"};

    private final List<Comparison> comparisons;

    private PeerReport(List<Comparison> comparisons) {
        this.comparisons = List.copyOf(comparisons);
    }

    /**
     * Builds the report, reading each benchmark's {@link Peer} and {@link Goal} from its method.
     *
     * @param results the results, in the order the rows should have
     * @return the report
     * @throws IllegalArgumentException if a declaration is wrong (see {@link PeerSpec#declaredOn(String)})
     */
    public static PeerReport of(List<Measurement> results) {
        return of(results, PeerSpec::declaredOn);
    }

    /**
     * Builds the report with the given declarations.
     *
     * @param results the results, in the order the rows should have
     * @param declarations the declaration of each benchmark by its fully qualified name
     * @return the report
     */
    public static PeerReport of(List<Measurement> results, Function<String, Optional<PeerSpec>> declarations) {
        Objects.requireNonNull(results, "results");
        Objects.requireNonNull(declarations, "declarations");
        Map<String, Optional<PeerSpec>> specs = new HashMap<>();
        for (Measurement m : results) {
            specs.computeIfAbsent(m.benchmark(), declarations);
        }
        Set<String> peersOnly = new HashSet<>();
        specs.values().forEach(s -> s.ifPresent(p -> peersOnly.add(p.peer())));
        specs.forEach((name, spec) -> {
            if (spec.isPresent()) {
                peersOnly.remove(name);
            }
        });
        List<Comparison> rows = new ArrayList<>();
        for (Measurement m : results) {
            if (!peersOnly.contains(m.benchmark())) {
                rows.add(compare(m, specs.get(m.benchmark()), results));
            }
        }
        return new PeerReport(rows);
    }

    private static Comparison compare(Measurement subject, Optional<PeerSpec> spec, List<Measurement> results) {
        if (spec.isEmpty()) {
            return new Comparison(subject, spec, Optional.empty(), Double.NaN, Double.NaN, Comparison.Verdict.NO_PEER);
        }
        Optional<Measurement> peer = results.stream()
                .filter(r -> r.benchmark().equals(spec.get().peer()) && sameSharedParams(subject, r))
                .findFirst();
        if (peer.isEmpty()) {
            return new Comparison(subject, spec, peer, Double.NaN, Double.NaN, Comparison.Verdict.PEER_NOT_RUN);
        }
        double ratio = subject.nanosPerOp() / peer.get().nanosPerOp();
        if (!Double.isFinite(ratio)) {
            return new Comparison(subject, spec, peer, Double.NaN, Double.NaN, Comparison.Verdict.UNITS_DIFFER);
        }
        double ratioError = ratio * Math.hypot(subject.relativeError(), peer.get().relativeError());
        Comparison.Verdict verdict;
        if (spec.get().maxRatio().isEmpty()) {
            verdict = Comparison.Verdict.NO_GOAL;
        } else {
            verdict = ratio <= spec.get().maxRatio().getAsDouble() ? Comparison.Verdict.MET : Comparison.Verdict.MISSED;
        }
        return new Comparison(subject, spec, peer, ratio, ratioError, verdict);
    }

    private static boolean sameSharedParams(Measurement subject, Measurement candidate) {
        for (var e : candidate.params().entrySet()) {
            String mine = subject.params().get(e.getKey());
            if (mine != null && !mine.equals(e.getValue())) {
                return false;
            }
        }
        return true;
    }

    /**
     * The rows of the report.
     *
     * @return an immutable list, in the order of the results
     */
    public List<Comparison> comparisons() {
        return comparisons;
    }

    /**
     * The rows whose goal was missed.
     *
     * @return an immutable list, possibly empty
     */
    public List<Comparison> missedGoals() {
        return comparisons.stream().filter(c -> c.verdict() == Comparison.Verdict.MISSED).toList();
    }

    /**
     * The report as an aligned plain-text table followed by the goals' notes, for a console.
     * Uses only ASCII, so it reads the same in any console encoding.
     *
     * @return the text, ending with a line break
     */
    public String toText() {
        List<String[]> cells = cells("+-", "<=");
        int[] widths = new int[HEADERS.length];
        for (String[] row : cells) {
            for (int i = 0; i < row.length; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        StringBuilder out = new StringBuilder();
        for (int r = 0; r < cells.size(); r++) {
            String[] row = cells.get(r);
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.length; i++) {
                boolean numeric = i == 1 || i == 3 || i == 4;
                String cell = numeric && r > 0 ? padLeft(row[i], widths[i]) : padRight(row[i], widths[i]);
                line.append(cell).append(i < row.length - 1 ? "  " : "");
            }
            out.append(line.toString().stripTrailing()).append('\n');
            if (r == 0) {
                int total = 0;
                for (int w : widths) {
                    total += w + 2;
                }
                out.append("-".repeat(total - 2)).append('\n');
            }
        }
        appendNotes(out, "");
        return out.toString();
    }

    /**
     * The report as a Markdown table followed by the goals' notes as a list.
     *
     * @return the Markdown, ending with a line break
     */
    public String toMarkdown() {
        List<String[]> cells = cells("\u00b1", "\u2264");
        StringBuilder out = new StringBuilder();
        for (int r = 0; r < cells.size(); r++) {
            out.append("| ").append(String.join(" | ", escape(cells.get(r)))).append(" |\n");
            if (r == 0) {
                out.append("|---|---:|---|---:|---:|---|---|\n");
            }
        }
        out.append('\n');
        appendNotes(out, "- ");
        return out.toString();
    }

    private static String[] escape(String[] row) {
        String[] escaped = new String[row.length];
        for (int i = 0; i < row.length; i++) {
            escaped[i] = row[i].replace("|", "\\|");
        }
        return escaped;
    }

    private void appendNotes(StringBuilder out, String bullet) {
        boolean any = false;
        for (Comparison c : comparisons) {
            String note = c.spec().map(PeerSpec::note).orElse("");
            if (!note.isEmpty()) {
                if (!any) {
                    out.append(bullet.isEmpty() ? "\nNotes:\n" : "Notes:\n\n");
                    any = true;
                }
                out.append(bullet.isEmpty() ? "  " : bullet).append(c.subject().displayName()).append(": ")
                        .append(note).append('\n');
            }
        }
    }

    private List<String[]> cells(String plusMinus, String atMost) {
        List<String[]> rows = new ArrayList<>();
        rows.add(HEADERS.clone());
        for (Comparison c : comparisons) {
            Measurement s = c.subject();
            String peerName = c.peer().map(p -> peerLabel(s, p))
                    .or(() -> c.spec().map(PeerSpec::peer).map(PeerReport::shortName))
                    .orElse("-");
            rows.add(new String[]{
                s.displayName(),
                score(s, plusMinus),
                peerName,
                c.peer().map(p -> score(p, plusMinus)).orElse("-"),
                Double.isNaN(c.ratio()) ? "-" : ratio(c.ratio(), c.ratioError(), plusMinus),
                c.maxRatio().isPresent() ? atMost + " " + goal(c.maxRatio().getAsDouble()) + "x" : "-",
                c.verdictText(),
            });
        }
        return rows;
    }

    private static String peerLabel(Measurement subject, Measurement peer) {
        String base = peer.className().equals(subject.className()) ? peer.methodName() : shortName(peer.benchmark());
        return base + peer.paramSuffix();
    }

    private static String shortName(String qualified) {
        String cls = qualified.substring(0, qualified.lastIndexOf('.'));
        return cls.substring(cls.lastIndexOf('.') + 1) + qualified.substring(qualified.lastIndexOf('.'));
    }

    private static String score(Measurement m, String plusMinus) {
        String error = Double.isNaN(m.error()) ? "" : " " + plusMinus + " " + number(m.error());
        return number(m.score()) + error + " " + m.unit();
    }

    private static String ratio(double ratio, double error, String plusMinus) {
        String r = String.format(Locale.ROOT, "%.2fx", ratio);
        return Double.isNaN(error) ? r : r + String.format(Locale.ROOT, " %s %.2f", plusMinus, error);
    }

    /**
     * Formats a number with about three significant digits, as scores are read.
     *
     * @param value the number
     * @return the formatted number, or {@code n/a} for NaN
     */
    static String number(double value) {
        if (Double.isNaN(value)) {
            return "n/a";
        }
        double abs = Math.abs(value);
        String pattern = abs >= 1000 ? "%.0f" : abs >= 100 ? "%.1f" : abs >= 10 ? "%.2f" : "%.3f";
        return String.format(Locale.ROOT, pattern, value);
    }

    private static String goal(double maxRatio) {
        return BigDecimal.valueOf(maxRatio).stripTrailingZeros().toPlainString();
    }

    private static String padRight(String s, int width) {
        return s + " ".repeat(width - s.length());
    }

    private static String padLeft(String s, int width) {
        return " ".repeat(width - s.length()) + s;
    }
}
