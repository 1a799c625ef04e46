package dev.suitkaise.examples;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks the Java code blocks of a Markdown file against the example sources they quote.
 *
 * <p><b>The convention.</b> A runnable Java block is announced by an HTML comment on the line
 * directly before its fence, naming a source file (relative to the repository root) and a region:
 * <pre>
 * &lt;!-- example: sk-examples/src/main/java/dev/suitkaise/examples/focused/Registries.java#registry --&gt;
 * ```java
 * ...
 * ```
 * </pre>
 * In the source, the region is the lines between {@code // begin:registry} and
 * {@code // end:registry} (each alone on its line), with marker lines of other regions inside it
 * left out and the common indentation removed. The block must equal the region exactly (trailing
 * whitespace aside). A Java block that is deliberately not runnable (a fragment, a signature) is
 * announced by {@code <!-- not-runnable: why -->} instead. Blocks in other languages (sh, xml,
 * plain) are not checked. Both comments are invisible when the Markdown is rendered.
 *
 * <p>In strict mode every {@code ```java} block must carry one of the two comments.
 */
final class ReadmeBlocks {

    /** {@code <!-- example: PATH#REGION -->}. */
    static final Pattern EXAMPLE = Pattern.compile("^\\s*<!--\\s*example:\\s*(\\S+)#([\\w.-]+)\\s*-->\\s*$");
    /** {@code <!-- not-runnable -->} or {@code <!-- not-runnable: why -->}. */
    static final Pattern NOT_RUNNABLE = Pattern.compile("^\\s*<!--\\s*not-runnable\\b.*-->\\s*$");
    /** A fence line: up to three spaces, three or more backticks, an info string. */
    static final Pattern FENCE = Pattern.compile("^( {0,3})(`{3,})\\s*([^`\\s]*)[^`]*$");
    /** A region marker in a source file. */
    static final Pattern REGION = Pattern.compile("^\\s*// (begin|end):([\\w.-]+)\\s*$");

    /**
     * A fenced code block.
     *
     * @param line the 1-based line of the opening fence
     * @param language the info string's first word, lower case ("" if none)
     * @param marker the comment line before the fence, or null
     * @param body the lines between the fences, the fence's indentation removed
     */
    record Block(int line, String language, String marker, List<String> body) {

        boolean isJava() {
            return language.equals("java");
        }

        /** The example reference, or null if the block is not marked as an example. */
        Matcher example() {
            if (marker == null) {
                return null;
            }
            Matcher m = EXAMPLE.matcher(marker);
            return m.matches() ? m : null;
        }

        boolean notRunnable() {
            return marker != null && NOT_RUNNABLE.matcher(marker).matches();
        }
    }

    private ReadmeBlocks() {
    }

    /** The fenced code blocks of a Markdown text, in order. */
    static List<Block> blocks(List<String> markdown) {
        List<Block> blocks = new ArrayList<>();
        for (int i = 0; i < markdown.size(); i++) {
            Matcher open = FENCE.matcher(markdown.get(i));
            if (!open.matches()) {
                continue;
            }
            int indent = open.group(1).length();
            String ticks = open.group(2);
            List<String> body = new ArrayList<>();
            int j = i + 1;
            while (j < markdown.size() && !markdown.get(j).strip().startsWith(ticks)) {
                String l = markdown.get(j);
                int strip = 0;
                while (strip < indent && strip < l.length() && l.charAt(strip) == ' ') {
                    strip++;
                }
                body.add(l.substring(strip).stripTrailing());
                j++;
            }
            String before = i > 0 && markdown.get(i - 1).strip().startsWith("<!--") ? markdown.get(i - 1) : null;
            blocks.add(new Block(i + 1, open.group(3).toLowerCase(java.util.Locale.ROOT), before, List.copyOf(body)));
            i = j;
        }
        return blocks;
    }

    /** The regions of a source text by name; problems (unbalanced or repeated markers) go to {@code problems}. */
    static Map<String, List<String>> regions(List<String> source, String where, List<String> problems) {
        Map<String, List<String>> regions = new LinkedHashMap<>();
        Map<String, Integer> open = new LinkedHashMap<>();
        Map<String, List<String>> collecting = new LinkedHashMap<>();
        for (int i = 0; i < source.size(); i++) {
            String line = source.get(i);
            Matcher m = REGION.matcher(line);
            if (m.matches()) {
                String name = m.group(2);
                if (m.group(1).equals("begin")) {
                    if (open.containsKey(name) || regions.containsKey(name)) {
                        problems.add(where + ":" + (i + 1) + ": region '" + name + "' begins a second time; region names are unique per file");
                    } else {
                        open.put(name, i + 1);
                        collecting.put(name, new ArrayList<>());
                    }
                } else if (open.remove(name) != null) {
                    regions.put(name, dedent(collecting.remove(name)));
                } else {
                    problems.add(where + ":" + (i + 1) + ": '// end:" + name + "' without a '// begin:" + name + "' before it");
                }
                continue;
            }
            for (List<String> lines : collecting.values()) {
                lines.add(line.stripTrailing());
            }
        }
        open.forEach((name, line) -> problems.add(where + ":" + line + ": region '" + name + "' has no '// end:" + name + "'"));
        return regions;
    }

    private static List<String> dedent(List<String> lines) {
        int indent = lines.stream().filter(l -> !l.isBlank()).mapToInt(l -> l.length() - l.stripLeading().length()).min().orElse(0);
        List<String> out = new ArrayList<>();
        for (String l : lines) {
            out.add(l.isBlank() ? "" : l.substring(indent));
        }
        while (!out.isEmpty() && out.getFirst().isEmpty()) {
            out.removeFirst();
        }
        while (!out.isEmpty() && out.getLast().isEmpty()) {
            out.removeLast();
        }
        return out;
    }

    /**
     * Checks a Markdown file.
     *
     * @param markdown the file
     * @param repositoryRoot what example paths are relative to
     * @param strict whether every Java block must be marked
     * @param runByTests the example sources (relative to the repository root) that tests run
     * @return the problems, each naming the file and line; empty if the file is fine
     */
    static List<String> check(Path markdown, Path repositoryRoot, boolean strict, Set<String> runByTests) {
        List<String> problems = new ArrayList<>();
        String name = markdown.getFileName().toString();
        List<String> text = read(markdown);
        List<Block> blocks = blocks(text);
        for (int i = 0; i < text.size(); i++) {
            if (EXAMPLE.matcher(text.get(i)).matches()
                    && (i + 1 >= text.size() || !FENCE.matcher(text.get(i + 1)).matches())) {
                problems.add(name + ":" + (i + 1) + ": an example marker must be directly followed by a ```java block");
            }
        }
        for (Block block : blocks) {
            Matcher example = block.example();
            String at = name + ":" + block.line() + ": ";
            if (example == null) {
                if (strict && block.isJava() && !block.notRunnable()) {
                    problems.add(at + "```java block is not marked: put <!-- example: PATH#REGION --> (a region of a tested"
                            + " example) or <!-- not-runnable: why --> on the line before it; it starts with: "
                            + block.body().stream().filter(l -> !l.isBlank()).findFirst().orElse("(empty)"));
                }
                continue;
            }
            if (!block.isJava()) {
                problems.add(at + "an example block must be fenced as ```java, not ```" + block.language());
                continue;
            }
            String path = example.group(1);
            String region = example.group(2);
            if (!runByTests.contains(path)) {
                problems.add(at + path + " is not an example that a test runs; runnable blocks may quote only " + runByTests);
            }
            Path source = repositoryRoot.resolve(path).normalize();
            if (!Files.isRegularFile(source)) {
                problems.add(at + "no such source file: " + path);
                continue;
            }
            Map<String, List<String>> regions = regions(read(source), path, problems);
            List<String> expected = regions.get(region);
            if (expected == null) {
                problems.add(at + path + " has no region '" + region + "' (a '// begin:" + region + "' ... '// end:" + region
                        + "' pair); its regions: " + regions.keySet());
                continue;
            }
            String drift = firstDifference(expected, block.body());
            if (drift != null) {
                problems.add(at + "block drifted from " + path + "#" + region + ": " + drift
                        + "; copy the region into the block again");
            }
        }
        return problems;
    }

    private static String firstDifference(List<String> region, List<String> block) {
        int n = Math.min(region.size(), block.size());
        for (int i = 0; i < n; i++) {
            if (!region.get(i).equals(block.get(i))) {
                return "line " + (i + 1) + " of the block is \"" + block.get(i) + "\" but the region has \"" + region.get(i) + "\"";
            }
        }
        if (region.size() != block.size()) {
            return "the block has " + block.size() + " lines, the region " + region.size() + " (first extra line: \""
                    + (region.size() > block.size() ? region.get(n) : block.get(n)) + "\")";
        }
        return null;
    }

    private static List<String> read(Path file) {
        try {
            return Files.readAllLines(file);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file, e);
        }
    }
}
