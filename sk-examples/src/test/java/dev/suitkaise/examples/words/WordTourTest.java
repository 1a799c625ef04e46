package dev.suitkaise.examples.words;

import dev.suitkaise.examples.focused.ExampleRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs the README's demo main in its own JVM (with its two child JVMs) on a small generated project
 * and checks the report's numbers against an independent count of the files that should be counted.
 */
class WordTourTest {

    private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{Nd}]+");

    @Test
    void theTourCountsTheProjectsTextFilesExactlyAndLeavesNoProcessBehind(@TempDir Path dir) throws Exception {
        Path project = dir.resolve("project");
        Path out = dir.resolve("out");
        Map<String, String> counted = new LinkedHashMap<>();
        counted.put("pom.xml", "<project><name>demo</name></project>\n");
        counted.put("README.md", "Hello world, hello Suitkaise!\nSecond line 42\n");
        counted.put("src/Main.java", "class Main { int x = 42; } // no newline at the end");
        counted.put("notes.txt", "Grüße aus Köln: Straße STRASSE straße\n\nend\n");
        counted.put("empty.txt", "");
        for (int i = 0; i < 25; i++) {
            counted.put("docs/d" + i + ".md", ("word" + i + " common ").repeat(i + 1) + "\nline two " + i + "\n");
        }
        Map<String, byte[]> ignored = Map.of(
                ".gitignore", "ignored/\n*.log\n".getBytes(StandardCharsets.UTF_8),
                "ignored/skip.txt", "never counted never".getBytes(StandardCharsets.UTF_8),
                "build.log", "never counted".getBytes(StandardCharsets.UTF_8),
                "image.png", new byte[] {(byte) 0x89, 'P', 'N', 'G', 0, 1, 2});
        for (var e : counted.entrySet()) {
            write(project.resolve(e.getKey()), e.getValue().getBytes(StandardCharsets.UTF_8));
        }
        for (var e : ignored.entrySet()) {
            write(project.resolve(e.getKey()), e.getValue());
        }
        Files.createDirectories(project.resolve(".git"));

        ExampleRun run = ExampleRun.of(WordTour.class, project.toString(), out.toString());

        Expected expected = Expected.of(counted.values());
        Map<String, Long> totals = totals(Files.readString(out.resolve("word-report.md")));
        assertThat(totals).containsExactly(
                Map.entry("files", (long) counted.size()),
                Map.entry("lines", expected.lines),
                Map.entry("words", expected.words),
                Map.entry("distinct words", (long) expected.counts.size()),
                Map.entry("bytes", expected.bytes));
        assertThat(topWords(Files.readString(out.resolve("word-report.md")))).isEqualTo(expected.top(20));
        assertThat(Files.readString(out.resolve("word-tour-cycle.mmd"))).contains("count-1", "count-2", "publish");
        assertThat(run.stdout())
                .contains(String.format(Locale.ROOT, "progress: %,d files, %,d words counted (done)", counted.size(), expected.words))
                .contains("publish took 2 attempts")
                .contains("child processes left 0");
        assertThat(run.line("cycle word-tour run 1:")).contains("OK");
    }

    private static void write(Path file, byte[] content) throws IOException {
        Files.createDirectories(file.getParent());
        Files.write(file, content);
    }

    /** The report's totals table. */
    private static Map<String, Long> totals(String report) {
        Map<String, Long> totals = new LinkedHashMap<>();
        Matcher m = Pattern.compile("(?m)^\\| (files|lines|words|distinct words|bytes) \\| (\\d+) \\|$").matcher(report);
        while (m.find()) {
            totals.put(m.group(1), Long.parseLong(m.group(2)));
        }
        return totals;
    }

    /** The report's top-words table, as (word, count) in rank order. */
    private static List<Map.Entry<String, Long>> topWords(String report) {
        List<Map.Entry<String, Long>> top = new ArrayList<>();
        Matcher m = Pattern.compile("(?m)^\\| (\\d+) \\| (\\S+) \\| (\\d+) \\|$").matcher(report);
        while (m.find()) {
            top.add(Map.entry(m.group(2), Long.parseLong(m.group(3))));
        }
        return top;
    }

    /** The independent count: a regex over the decoded text, lines by line feeds. */
    private record Expected(long lines, long words, long bytes, Map<String, Long> counts) {
        static Expected of(Iterable<String> contents) {
            long lines = 0;
            long words = 0;
            long bytes = 0;
            Map<String, Long> counts = new HashMap<>();
            for (String text : contents) {
                bytes += text.getBytes(StandardCharsets.UTF_8).length;
                lines += text.chars().filter(c -> c == '\n').count() + (!text.isEmpty() && !text.endsWith("\n") ? 1 : 0);
                Matcher m = WORD.matcher(text);
                while (m.find()) {
                    words++;
                    counts.merge(m.group().toLowerCase(Locale.ROOT), 1L, Long::sum);
                }
            }
            return new Expected(lines, words, bytes, counts);
        }

        List<Map.Entry<String, Long>> top(int n) {
            return counts.entrySet().stream()
                    .sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder())
                            .thenComparing(Map.Entry.comparingByKey()))
                    .limit(n)
                    .map(e -> Map.entry(e.getKey(), e.getValue()))
                    .toList();
        }
    }
}
