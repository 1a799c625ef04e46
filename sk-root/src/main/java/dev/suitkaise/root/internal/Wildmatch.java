package dev.suitkaise.root.internal;

import java.util.HashMap;
import java.util.Map;

/**
 * A port of git's {@code wildmatch.c} with {@code WM_PATHNAME} semantics: {@code *} and
 * {@code ?} never match {@code /}; {@code **} matches across directories only when it forms a
 * whole path component ({@code **}{@code /x}, {@code x/**}, {@code x/**}{@code /y}), and is an
 * ordinary {@code *} otherwise; {@code [...]} sets with ranges, {@code !} or {@code ^}
 * negation and {@code [:class:]} names; backslash escapes the next character.
 *
 * <p>Stateless and thread-safe. Repeated {@code **}{@code /} components are answered in time
 * polynomial in the pattern and path lengths (intermediate answers are remembered per call, for
 * the patterns where the same one can be asked twice); patterns matched against many paths are
 * meant to go through {@link #compile} once, which folds consecutive {@code **}{@code /}
 * components into one ({@link #collapse}), so that a pattern repeating them costs no more than
 * one, and decides once whether a match needs that memory.
 */
public final class Wildmatch {

    private static final int MATCH = 0;
    private static final int NOMATCH = 1;
    private static final int ABORT_ALL = -1;
    private static final int ABORT_TO_STARSTAR = -2;

    private Wildmatch() {
    }

    /**
     * Whether {@code text} matches {@code pattern}.
     *
     * @param pattern a glob pattern
     * @param text a slash-separated path
     * @return true on a match
     */
    public static boolean matches(String pattern, String text) {
        return dowild(pattern, 0, text, 0, revisits(pattern) ? new Memo() : null) == MATCH;
    }

    /**
     * The pattern compiled for matching many paths: {@link #collapse}d, and checked once for
     * whether matching it can work out the same intermediate answer twice.
     *
     * @param pattern a glob pattern
     * @return the compiled pattern, which matches what {@code pattern} matches
     */
    public static Glob compile(String pattern) {
        String collapsed = collapse(pattern);
        return new Glob(collapsed, revisits(collapsed));
    }

    /**
     * A pattern compiled by {@link #compile}. Matching it keeps no memory of intermediate answers
     * (no map per matched path) for the common shapes ({@code **}{@code /name}, {@code name/**},
     * {@code a/**}{@code /b}, {@code **}{@code /*.ext}): only a pattern whose match can ask the
     * same intermediate question twice keeps one per match.
     *
     * <p>Immutable and thread-safe; two are equal when their patterns are.
     */
    public static final class Glob {

        private final String pattern;
        private final boolean memoized;

        private Glob(String pattern, boolean memoized) {
            this.pattern = pattern;
            this.memoized = memoized;
        }

        /**
         * The compiled pattern text, with consecutive {@code **}{@code /} components folded.
         *
         * @return the pattern
         */
        public String pattern() {
            return pattern;
        }

        /** Whether a match keeps a memory of intermediate answers (for tests). */
        boolean memoized() {
            return memoized;
        }

        /**
         * Whether {@code text} matches this pattern, as {@link Wildmatch#matches} answers.
         *
         * @param text a slash-separated path
         * @return true on a match
         */
        public boolean matches(String text) {
            return dowild(pattern, 0, text, 0, memoized ? new Memo() : null) == MATCH;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Glob g && g.pattern.equals(pattern);
        }

        @Override
        public int hashCode() {
            return pattern.hashCode();
        }

        @Override
        public String toString() {
            return pattern;
        }
    }

    /**
     * Whether matching the pattern can ask {@code dowild} the same (pattern index, text index)
     * twice once a {@code **} that crosses directories is met, which is when the memo pays. Only
     * star runs that loop over the text ask it anything: not a {@code **} that ends the pattern
     * after a {@code /} (it matches at once), nor a run that does not cross directories and ends
     * the pattern or is followed by {@code /} (it answers at once or skips to the next {@code /}).
     * No question repeats when the looping runs are none, or one {@code **} that crosses
     * directories, alone or followed by one run that does not: the crossing run is reached once
     * (the pattern before it takes one way through the text); it tries each text index once;
     * the pattern up to the next looping run crosses a fixed number of {@code /}s, so each try
     * starts that run in another directory, and a run that does not cross directories tries only
     * indexes up to the {@code /} that ends its own. A pattern with a set the matcher gives up on
     * keeps the memo.
     */
    private static boolean revisits(String p) {
        final int plen = p.length();
        int loopingRuns = 0;
        boolean firstCrosses = false;
        boolean laterCrosses = false;
        for (int pi = 0; pi < plen; pi++) {
            char ch = p.charAt(pi);
            if (ch == '\\') {
                pi++;
            } else if (ch == '[') {
                int end = setEnd(p, pi);
                if (end < 0) {
                    return true;
                }
                pi = end;
            } else if (ch == '*') {
                int end = pi;
                while (end < plen && p.charAt(end) == '*') {
                    end++;
                }
                boolean crosses = end - pi >= 2 && (pi == 0 || p.charAt(pi - 1) == '/')
                        && (end >= plen || p.charAt(end) == '/'
                        || p.charAt(end) == '\\' && end + 1 < plen && p.charAt(end + 1) == '/');
                boolean loops = crosses ? end < plen : end < plen && p.charAt(end) != '/';
                if (loops) {
                    if (loopingRuns == 0) {
                        firstCrosses = crosses;
                    } else if (crosses) {
                        laterCrosses = true;
                    }
                    loopingRuns++;
                }
                pi = end - 1;
            }
        }
        boolean single = loopingRuns == 1 || loopingRuns == 2 && !laterCrosses;
        return !(single && firstCrosses) && (firstCrosses || laterCrosses);
    }

    /**
     * The pattern with consecutive {@code **}{@code /} components folded into one ({@code **}{@code /}
     * matches any run of whole directories, none included, so two in a row match what one does):
     * {@code matches(collapse(p), t) == matches(p, t)} for every pattern and text. Only runs of
     * stars that the matcher treats as crossing directories are folded: not escaped, not inside a
     * {@code [...]} set, at the start of the pattern or after a {@code /}, and followed by
     * {@code /}. Past a set the matcher would give up on (unterminated, or naming an unknown class)
     * the pattern is kept as it is.
     *
     * @param pattern a glob pattern
     * @return an equivalent pattern without repeated {@code **}{@code /} components (the same
     *         instance when there is nothing to fold)
     */
    public static String collapse(String pattern) {
        if (!pattern.contains("**/")) {
            return pattern;
        }
        final String p = pattern;
        final int plen = p.length();
        StringBuilder out = new StringBuilder(plen);
        int pi = 0;
        while (pi < plen) {
            char ch = p.charAt(pi);
            if (ch == '\\') {
                out.append(p, pi, Math.min(pi + 2, plen));
                pi += 2;
            } else if (ch == '[') {
                int end = setEnd(p, pi);
                if (end < 0) {
                    out.append(p, pi, plen);
                    break;
                }
                out.append(p, pi, end + 1);
                pi = end + 1;
            } else if (ch == '*') {
                int run = starRunThenSlash(p, pi);
                boolean crossing = run >= 2 && (pi == 0 || p.charAt(pi - 1) == '/');
                if (crossing) {
                    // a crossing '**/' at pi; drop every directly following one (each starts after a '/')
                    int after = pi + run + 1;
                    int nextRun;
                    while ((nextRun = starRunThenSlash(p, after)) >= 2) {
                        after += nextRun + 1;
                    }
                    out.append(p, pi, pi + run + 1);
                    pi = after;
                } else {
                    out.append(ch);
                    pi++;
                }
            } else {
                out.append(ch);
                pi++;
            }
        }
        return out.length() == plen ? pattern : out.toString();
    }

    /** The length of the run of stars at {@code i} if a {@code /} follows it, else 0. */
    private static int starRunThenSlash(String p, int i) {
        int j = i;
        while (j < p.length() && p.charAt(j) == '*') {
            j++;
        }
        return j < p.length() && p.charAt(j) == '/' ? j - i : 0;
    }

    /**
     * The index of the {@code ]} that closes the set opened at {@code open}, parsed as
     * {@link #matches} parses it, or -1 if none does or it names an unknown class.
     */
    private static int setEnd(String p, int open) {
        SetScan scan = scanSet(p, open, (char) 0);
        return scan.badClass() == null ? scan.end() : -1;
    }

    /**
     * A bracket set as the matcher parses it: where it ends, what is wrong with it, and whether the
     * character it was asked about is in it.
     *
     * @param end the index of the {@code ]} that closes the set, or -1 if none does or it names an
     *            unknown class
     * @param badClass the first unknown {@code [:class:]} name in the set, or null
     * @param badClassAt the index of the {@code [} that opens that name, or -1
     * @param contains whether the character asked about is in the set, negation applied (false when
     *                 {@code end} is -1)
     */
    private record SetScan(int end, String badClass, int badClassAt, boolean contains) {
    }

    private static final SetScan UNTERMINATED = new SetScan(-1, null, -1, false);

    /**
     * Parses the set opened at {@code open} as git's {@code dowild} does and answers whether
     * {@code ch} is in it, stopping at an unterminated set or an unknown class: the one parser of
     * sets, used by {@link #matches} (with the text's character) and by {@link #collapse} and
     * {@link #problem} (which use only where the set ends or what is wrong with it).
     */
    private static SetScan scanSet(String p, int open, char ch) {
        final int plen = p.length();
        int pi = open + 1;
        if (pi >= plen) {
            return UNTERMINATED;
        }
        char c = p.charAt(pi);
        boolean negated = c == '!' || c == '^';
        if (negated) {
            pi++;
            if (pi >= plen) {
                return UNTERMINATED;
            }
            c = p.charAt(pi);
        }
        char prevCh = 0;
        boolean matched = false;
        do {
            if (c == '\\') {
                pi++;
                if (pi >= plen) {
                    return UNTERMINATED;
                }
                c = p.charAt(pi);
                if (ch == c) {
                    matched = true;
                }
            } else if (c == '-' && prevCh != 0 && pi + 1 < plen && p.charAt(pi + 1) != ']') {
                pi++;
                c = p.charAt(pi);
                if (c == '\\') {
                    pi++;
                    if (pi >= plen) {
                        return UNTERMINATED;
                    }
                    c = p.charAt(pi);
                }
                if (ch <= c && ch >= prevCh) {
                    matched = true;
                }
                c = 0;
            } else if (c == '[' && pi + 1 < plen && p.charAt(pi + 1) == ':') {
                int start = pi + 2;
                int end = p.indexOf(']', start);
                if (end < 0) {
                    return UNTERMINATED;
                }
                if (end - start < 1 || p.charAt(end - 1) != ':') {
                    // no ":]": treat '[' as an ordinary member of the set
                    if (ch == '[') {
                        matched = true;
                    }
                } else {
                    String cls = p.substring(start, end - 1);
                    Boolean in = inClass(cls, ch);
                    if (in == null) {
                        return new SetScan(-1, cls, pi, false);
                    }
                    if (in) {
                        matched = true;
                    }
                    pi = end;
                    c = 0;
                }
            } else if (ch == c) {
                matched = true;
            }
            prevCh = c;
            pi++;
            if (pi >= plen) {
                return UNTERMINATED;
            }
            c = p.charAt(pi);
        } while (c != ']');
        return new SetScan(pi, null, -1, matched != negated);
    }

    /**
     * The answers of {@code dowild} by (pattern index, text index), kept once a {@code **}
     * that crosses directories is met: without them, repeated {@code **}{@code /} components try
     * every way of splitting the path among them, exponential in their number. With them each
     * (pattern index, text index) pair is worked out once. One per {@code matches} call, and
     * none (null) for a pattern that cannot ask the same twice ({@link #revisits}).
     */
    private static final class Memo {
        Map<Long, Integer> answers;
    }

    private static int dowild(String p, int pi, String t, int ti, Memo memo) {
        if (memo == null || memo.answers == null) {
            return match(p, pi, t, ti, memo);
        }
        Long key = (long) pi << 32 | ti;
        Integer known = memo.answers.get(key);
        if (known != null) {
            return known;
        }
        int answer = match(p, pi, t, ti, memo);
        memo.answers.put(key, answer);
        return answer;
    }

    /**
     * What makes a pattern malformed, for callers that refuse such patterns rather than treat them
     * as git does (git's matcher lets a malformed pattern match nothing, which is right for
     * ignore files but hides a typo in a glob given to an API). It parses bracket sets exactly as
     * {@link #matches} does.
     *
     * @param pattern a glob pattern
     * @return a description of the first problem (an unterminated {@code [...]} set, an unknown
     *         {@code [:class:]} name, or a trailing lone {@code \}), or null if the pattern is well formed
     */
    public static String problem(String pattern) {
        final String p = pattern;
        final int plen = p.length();
        for (int pi = 0; pi < plen; pi++) {
            char ch = p.charAt(pi);
            if (ch == '\\') {
                if (pi + 1 >= plen) {
                    return "it ends with a lone '\\', which escapes nothing (write '\\\\' for a backslash)";
                }
                pi++;
                continue;
            }
            if (ch != '[') {
                continue;
            }
            SetScan scan = scanSet(p, pi, (char) 0);
            if (scan.badClass() != null) {
                return "'[:" + scan.badClass() + ":]' at index " + scan.badClassAt() + " is not a character class (known:"
                        + " alnum, alpha, blank, cntrl, digit, graph, lower, print, punct, space, upper, xdigit)";
            }
            if (scan.end() < 0) {
                return "the '[' at index " + pi + " opens a set that no ']' closes (write '\\[' for a literal '[')";
            }
            pi = scan.end();
        }
        return null;
    }

    /**
     * Whether a character is special to the matcher.
     *
     * @param c a character
     * @return true for {@code * ? [ \}
     */
    public static boolean isSpecial(char c) {
        return c == '*' || c == '?' || c == '[' || c == '\\';
    }

    @SuppressWarnings("fallthrough")
    private static int match(String p, int pi, String t, int ti, Memo memo) {
        final int plen = p.length();
        final int tlen = t.length();
        for (; pi < plen; pi++, ti++) {
            char pch = p.charAt(pi);
            char tch = ti < tlen ? t.charAt(ti) : 0;
            if (ti >= tlen && pch != '*') {
                return ABORT_ALL;
            }
            switch (pch) {
                case '\\':
                    pi++;
                    if (pi >= plen || tch != p.charAt(pi)) {
                        return NOMATCH;
                    }
                    continue;
                case '?':
                    if (tch == '/') {
                        return NOMATCH;
                    }
                    continue;
                case '*': {
                    pi++;
                    boolean matchSlash;
                    if (pi < plen && p.charAt(pi) == '*') {
                        int prev = pi - 2;
                        while (pi < plen && p.charAt(pi) == '*') {
                            pi++;
                        }
                        if ((prev < 0 || p.charAt(prev) == '/')
                                && (pi >= plen || p.charAt(pi) == '/'
                                || p.charAt(pi) == '\\' && pi + 1 < plen && p.charAt(pi + 1) == '/')) {
                            if (memo != null && memo.answers == null) {
                                memo.answers = new HashMap<>();
                            }
                            if (pi < plen && p.charAt(pi) == '/' && dowild(p, pi + 1, t, ti, memo) == MATCH) {
                                return MATCH;
                            }
                            matchSlash = true;
                        } else {
                            matchSlash = false;
                        }
                    } else {
                        matchSlash = false;
                    }
                    if (pi >= plen) {
                        if (!matchSlash && t.indexOf('/', ti) >= 0) {
                            return ABORT_TO_STARSTAR;
                        }
                        return MATCH;
                    } else if (!matchSlash && p.charAt(pi) == '/') {
                        int slash = t.indexOf('/', ti);
                        if (slash < 0) {
                            return ABORT_ALL;
                        }
                        ti = slash;
                        continue;
                    }
                    while (true) {
                        if (tch == 0 && ti >= tlen) {
                            break;
                        }
                        char next = p.charAt(pi);
                        if (!isSpecial(next)) {
                            while (ti < tlen) {
                                tch = t.charAt(ti);
                                if (!matchSlash && tch == '/') {
                                    break;
                                }
                                if (tch == next) {
                                    break;
                                }
                                ti++;
                            }
                            if (ti >= tlen || tch != next) {
                                return NOMATCH;
                            }
                        }
                        int matched = dowild(p, pi, t, ti, memo);
                        if (matched != NOMATCH) {
                            if (!matchSlash || matched != ABORT_TO_STARSTAR) {
                                return matched;
                            }
                        } else if (!matchSlash && tch == '/') {
                            return ABORT_TO_STARSTAR;
                        }
                        ti++;
                        tch = ti < tlen ? t.charAt(ti) : 0;
                        if (ti >= tlen) {
                            break;
                        }
                    }
                    return ABORT_ALL;
                }
                case '[': {
                    SetScan set = scanSet(p, pi, tch);
                    if (set.end() < 0) {
                        return ABORT_ALL;
                    }
                    if (!set.contains() || tch == '/') {
                        return NOMATCH;
                    }
                    pi = set.end();
                    continue;
                }
                default:
                    if (tch != pch) {
                        return NOMATCH;
                    }
            }
        }
        return ti < tlen ? NOMATCH : MATCH;
    }

    private static Boolean inClass(String cls, char c) {
        return switch (cls) {
            case "alnum" -> Character.isLetterOrDigit(c) && c < 128;
            case "alpha" -> Character.isLetter(c) && c < 128;
            case "blank" -> c == ' ' || c == '\t';
            case "cntrl" -> c < 32 || c == 127;
            case "digit" -> c >= '0' && c <= '9';
            case "graph" -> c > 32 && c < 127;
            case "lower" -> c >= 'a' && c <= 'z';
            case "print" -> c >= 32 && c < 127;
            case "punct" -> c > 32 && c < 127 && !Character.isLetterOrDigit(c);
            case "space" -> c == ' ' || c >= 9 && c <= 13;
            case "upper" -> c >= 'A' && c <= 'Z';
            case "xdigit" -> c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F';
            default -> null;
        };
    }
}
