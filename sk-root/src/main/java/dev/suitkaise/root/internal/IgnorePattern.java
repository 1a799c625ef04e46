package dev.suitkaise.root.internal;

/**
 * One compiled gitignore pattern, following gitignore(5) and git's {@code dir.c}.
 *
 * <p>Immutable and thread-safe.
 *
 * @param text the pattern as written, after trailing-space trimming
 * @param glob the glob matched against paths (without {@code !}, leading {@code /} and trailing {@code /}),
 *             compiled by {@link Wildmatch#compile}
 * @param negated whether the pattern started with {@code !} (re-includes)
 * @param directoryOnly whether the pattern ended with {@code /} (matches directories only)
 * @param basenameOnly whether the pattern has no inner or leading slash (matches the name at any depth)
 * @param literal whether the glob has no special characters (matched by equality)
 * @param suffix for a {@code *literal} glob, the literal tail; otherwise null
 */
public record IgnorePattern(String text, Wildmatch.Glob glob, boolean negated, boolean directoryOnly,
                            boolean basenameOnly, boolean literal, String suffix) {

    /**
     * Parses one line of a gitignore file.
     *
     * @param rawLine the line, without its line terminator
     * @return the pattern, or null for blank lines and comments
     */
    public static IgnorePattern parse(String rawLine) {
        String line = rawLine;
        if (line.endsWith("\r")) {
            line = line.substring(0, line.length() - 1);
        }
        if (line.isEmpty() || line.charAt(0) == '#') {
            return null;
        }
        line = trimTrailingSpaces(line);
        String p = line;
        boolean negated = false;
        if (p.startsWith("!")) {
            negated = true;
            p = p.substring(1);
        }
        boolean dirOnly = false;
        if (p.endsWith("/")) {
            dirOnly = true;
            p = p.substring(0, p.length() - 1);
        }
        if (p.isEmpty()) {
            return null;
        }
        boolean basenameOnly = p.indexOf('/') < 0;
        if (!basenameOnly && p.startsWith("/")) {
            p = p.substring(1);
            if (p.isEmpty()) {
                return null;
            }
        }
        Wildmatch.Glob glob = Wildmatch.compile(p);
        p = glob.pattern();
        boolean literal = true;
        for (int i = 0; i < p.length(); i++) {
            if (Wildmatch.isSpecial(p.charAt(i))) {
                literal = false;
                break;
            }
        }
        String suffix = null;
        if (!literal && p.charAt(0) == '*' && p.length() > 1) {
            boolean restLiteral = true;
            for (int i = 1; i < p.length(); i++) {
                if (Wildmatch.isSpecial(p.charAt(i))) {
                    restLiteral = false;
                    break;
                }
            }
            if (restLiteral) {
                suffix = p.substring(1);
            }
        }
        return new IgnorePattern(line, glob, negated, dirOnly, basenameOnly, literal, suffix);
    }

    /** Git's {@code trim_trailing_spaces}: drops unescaped trailing spaces. */
    private static String trimTrailingSpaces(String s) {
        int lastSpace = -1;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == ' ') {
                if (lastSpace < 0) {
                    lastSpace = i;
                }
            } else if (c == '\\') {
                i++;
                if (i >= s.length()) {
                    return s;
                }
                lastSpace = -1;
            } else {
                lastSpace = -1;
            }
        }
        return lastSpace >= 0 ? s.substring(0, lastSpace) : s;
    }

    /**
     * Whether this pattern matches a path.
     *
     * @param relative the path relative to the directory of the pattern's file, slash-separated
     * @param name the last component of the path
     * @param directory whether the path is a directory
     * @return true on a match (whatever {@link #negated} says)
     */
    public boolean matches(String relative, String name, boolean directory) {
        if (directoryOnly && !directory) {
            return false;
        }
        if (basenameOnly) {
            if (literal) {
                return glob.pattern().equals(name);
            }
            if (suffix != null) {
                return name.endsWith(suffix) && name.indexOf('/') < 0;
            }
            return glob.matches(name);
        }
        if (literal) {
            return glob.pattern().equals(relative);
        }
        return glob.matches(relative);
    }
}
