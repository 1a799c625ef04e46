package dev.suitkaise.reg.internal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/** Finds the keys closest to a missing one, for error messages. Stateless and thread-safe. */
public final class Suggestions {

    private Suggestions() {
    }

    /**
     * Up to {@code limit} candidates close to {@code wanted}: those within an edit distance of a
     * third of its length (at least 2), or that contain it or are contained in it, ignoring case;
     * closest first, then alphabetically.
     *
     * @param wanted the missing key
     * @param candidates the existing keys
     * @param limit the most suggestions to return
     * @return the suggestions
     */
    public static List<String> closest(String wanted, Collection<String> candidates, int limit) {
        String w = wanted.toLowerCase(Locale.ROOT);
        int threshold = Math.max(2, w.length() / 3);
        record Scored(String key, int distance) {
        }
        List<Scored> scored = new ArrayList<>();
        for (String c : candidates) {
            String lc = c.toLowerCase(Locale.ROOT);
            int d = distance(w, lc, threshold + 1);
            if (d <= threshold || (!w.isEmpty() && (lc.contains(w) || w.contains(lc)))) {
                scored.add(new Scored(c, d));
            }
        }
        scored.sort(Comparator.comparingInt(Scored::distance).thenComparing(Scored::key));
        return scored.stream().limit(limit).map(Scored::key).toList();
    }

    /** Levenshtein distance, giving up (returning {@code cap}) once it exceeds {@code cap}. */
    static int distance(String a, String b, int cap) {
        if (Math.abs(a.length() - b.length()) >= cap) {
            return cap;
        }
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            int rowMin = cur[0];
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
                rowMin = Math.min(rowMin, cur[j]);
            }
            if (rowMin >= cap) {
                return cap;
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return Math.min(prev[b.length()], cap);
    }
}
