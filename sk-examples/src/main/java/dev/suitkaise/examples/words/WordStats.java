package dev.suitkaise.examples.words;

import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Counts over a set of text files: how many files, lines, words and bytes, and how often each word
 * occurs. A word is a maximal run of letters and decimal digits ({@link Character#isLetterOrDigit}),
 * lower-cased with the root locale; a line is a run of characters ended by a line feed, or the
 * unterminated rest of a file. Immutable.
 *
 * @param files files counted
 * @param lines lines in them
 * @param words words in them
 * @param bytes their size in bytes
 * @param counts occurrences per word
 */
public record WordStats(long files, long lines, long words, long bytes, Map<String, Long> counts) {

    /** Nothing counted. */
    public static final WordStats EMPTY = new WordStats(0, 0, 0, 0, Map.of());

    /**
     * Copies the counts.
     *
     * @param files files counted
     * @param lines lines in them
     * @param words words in them
     * @param bytes their size in bytes
     * @param counts occurrences per word
     */
    public WordStats {
        counts = Map.copyOf(counts);
    }

    /**
     * Adds two counts.
     *
     * @param other the other counts
     * @return the sum
     */
    public WordStats plus(WordStats other) {
        Map<String, Long> sum = new HashMap<>(counts);
        other.counts.forEach((w, n) -> sum.merge(w, n, Long::sum));
        return new WordStats(files + other.files, lines + other.lines, words + other.words, bytes + other.bytes, sum);
    }

    /**
     * The most frequent words, most frequent first, ties in alphabetical order.
     *
     * @param n how many
     * @return at most n entries
     */
    public List<Map.Entry<String, Long>> top(int n) {
        return counts.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder())
                        .thenComparing(Map.Entry.comparingByKey()))
                .limit(n)
                .toList();
    }
}
