package dev.suitkaise.root.internal;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The patterns of one directory's ignore files ({@code .gitignore}, then {@code .skignore}, which
 * therefore wins), in file order: the last matching pattern decides.
 *
 * <p>Immutable and thread-safe.
 *
 * @param base the directory's path relative to the root, with a trailing {@code /}, or empty for the root
 * @param patterns the patterns in order
 */
public record IgnoreRules(String base, List<IgnorePattern> patterns) {

    /**
     * Creates rules, copying the list.
     *
     * @param base the directory's normalized relative path plus {@code /}, or empty
     * @param patterns the patterns in order
     */
    public IgnoreRules {
        patterns = List.copyOf(patterns);
    }

    /**
     * Parses the text of an ignore file.
     *
     * @param text the file content
     * @return the patterns in order
     */
    public static List<IgnorePattern> parse(String text) {
        String t = text;
        if (!t.isEmpty() && t.charAt(0) == '\uFEFF') {
            t = t.substring(1);
        }
        List<IgnorePattern> out = new ArrayList<>();
        int start = 0;
        while (start <= t.length()) {
            int nl = t.indexOf('\n', start);
            int end = nl < 0 ? t.length() : nl;
            IgnorePattern p = IgnorePattern.parse(t.substring(start, end));
            if (p != null) {
                out.add(p);
            }
            if (nl < 0) {
                break;
            }
            start = nl + 1;
        }
        return out;
    }

    /**
     * Reads and parses an ignore file. Files that are not valid UTF-8 are read as ISO-8859-1.
     *
     * @param file the file
     * @return the patterns in order
     * @throws IOException if the file cannot be read
     */
    public static List<IgnorePattern> read(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            text = new String(bytes, StandardCharsets.ISO_8859_1);
        }
        return parse(text);
    }

    /**
     * The verdict of these rules for a path.
     *
     * @param relativeToRoot the path relative to the root, starting with {@link #base}
     * @param name its last component
     * @param directory whether it is a directory
     * @return TRUE if ignored, FALSE if re-included by a negated pattern, null if no pattern matches
     */
    public Boolean verdict(String relativeToRoot, String name, boolean directory) {
        String rel = relativeToRoot.substring(base.length());
        for (int i = patterns.size() - 1; i >= 0; i--) {
            IgnorePattern p = patterns.get(i);
            if (p.matches(rel, name, directory)) {
                return !p.negated();
            }
        }
        return null;
    }
}
