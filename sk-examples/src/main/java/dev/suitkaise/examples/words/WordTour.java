package dev.suitkaise.examples.words;

import dev.suitkaise.cycle.Cycle;
import dev.suitkaise.cycle.CycleBuilder;
import dev.suitkaise.cycle.CycleContext;
import dev.suitkaise.cycle.CyclePart;
import dev.suitkaise.cycle.CycleRun;
import dev.suitkaise.cycle.ErrorMode;
import dev.suitkaise.cycle.RunStatus;
import dev.suitkaise.cycle.Where;
import dev.suitkaise.process.ProcessSpec;
import dev.suitkaise.process.SKProcess;
import dev.suitkaise.process.SKProcessManager;
import dev.suitkaise.reg.Domain;
import dev.suitkaise.reg.GlobalMap;
import dev.suitkaise.reg.SKGlobal;
import dev.suitkaise.root.SKPath;
import dev.suitkaise.root.SKRoot;
import dev.suitkaise.thread.SKThread;
import dev.suitkaise.thread.SKThreader;

import java.io.Console;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The README's demo: word frequencies and file statistics of the project this program runs in,
 * computed by a cycle over two child JVMs.
 *
 * <ol>
 * <li>sk-root finds the project and lists its text files, honouring {@code .gitignore}.</li>
 * <li>sk-process starts two EXTERNAL child JVMs, {@code counter-1} and {@code counter-2}; each one's init
 * function starts its {@code counter} component worker (sk-thread).</li>
 * <li>An sk-cycle cycle runs: {@code list} here; a split into {@code count-1} and {@code count-2}, each
 * on the {@code counter} worker of its child, counting every second file (the part functions, the file
 * list and the counts travel through sk-function and sk-cereal); {@code merge}, piped from
 * {@code count-1} (validated on arrival) and sequenced after {@code count-2}; then {@code publish}, which
 * writes the report and fails on its first attempt on purpose, so its RETRY error mode shows.</li>
 * <li>While the children count, they add to running totals in a cross-process global map (sk-reg's
 * {@code SKGlobal}, hosted by the commander), which this process shows as live progress.</li>
 * <li>At the end it prints the run's report table, writes the cycle's Mermaid diagram next to the report,
 * shuts the children down and checks that no child process is left.</li>
 * </ol>
 */
public final class WordTour {

    /** The file name extensions counted as text. */
    static final Set<String> TEXT = Set.of("java", "md", "xml", "txt", "proto", "py", "properties", "sh", "cmd",
            "yml", "yaml", "json", "config", "mmd");

    /** The cross-process global map of running totals ("files", "words"). */
    static final String PROGRESS = "word-tour.progress";

    private WordTour() {
    }

    /**
     * Runs the tour.
     *
     * @param args optional: the directory to start looking for the project from (default: the working
     *             directory), and the directory for the report (default: {@code target/word-tour} under
     *             the project)
     * @throws Exception if the tour cannot run
     */
    public static void main(String[] args) throws Exception {
        Path start = args.length > 0 ? Path.of(args[0]) : Path.of("");
        Path out = args.length > 1 ? Path.of(args[1]) : null;
        int status = run(start.toAbsolutePath(), out, System.out);
        System.exit(status);
    }

    /**
     * Runs the tour and returns its exit status.
     *
     * @param start where to start looking for the project
     * @param outDir where to write the report, or null for {@code target/word-tour} under the project
     * @param out where to print
     * @return 0 if the run ended OK, the report was written and no child process is left, else 1
     * @throws IOException if a file cannot be written
     * @throws InterruptedException if interrupted while waiting for the children to end
     */
    public static int run(Path start, Path outDir, PrintStream out) throws IOException, InterruptedException {
        long began = System.nanoTime();
        SKRoot root = SKRoot.detect(start);
        Path reportDir = outDir != null ? outDir : root.path().resolve("target").resolve("word-tour");
        Files.createDirectories(reportDir);
        Path reportFile = reportDir.resolve("word-report.md");
        Path diagramFile = reportDir.resolve("word-tour-cycle.mmd");
        String rootText = root.path().toString();
        out.printf("1. sk-root: project %s (found by %s)%n", root.path(), root.detection());

        GlobalMap<String, Long> progress = SKGlobal.map(Domain.EXTERNAL, PROGRESS);
        progress.clear();

        SKProcessManager children = SKProcessManager.of(Domain.EXTERNAL);
        try {
            // begin:spawn
            for (String name : List.of("counter-1", "counter-2")) {
                ProcessSpec spec = ProcessSpec.builder(name)
                        .init(() -> SKThreader.get().worker("counter").name())  // its component worker
                        .build();
                SKProcess child = children.spawn(spec);
                out.printf("2. sk-process: %s is pid %d%n", child.name(), child.pid());
            }
            // end:spawn

            // begin:parts
            CyclePart list = CyclePart.builder("list", () -> files(SKRoot.of(Path.of(rootText))))
                    .build();
            CyclePart count1 = countPart(1, rootText);
            CyclePart count2 = countPart(2, rootText);
            CyclePart merge = CyclePart.of("merge", () -> {
                CycleContext ctx = CycleContext.current();
                WordStats first = (WordStats) ctx.input().orElseThrow();           // piped from count-1
                WordStats second = (WordStats) ctx.result("count-2").orElseThrow(); // sequenced after count-2
                return first.plus(second);
            });
            CyclePart publish = CyclePart.builder("publish", () -> {
                CycleContext ctx = CycleContext.current();
                int attempt = (Integer) ctx.data().merge("publish.attempts", 1, (a, b) -> (Integer) a + (Integer) b);
                if (attempt == 1) {
                    throw new IOException("simulated flaky disk: the first write of the report fails");
                }
                WordStats total = (WordStats) ctx.parentResult().orElseThrow();
                Files.writeString(reportFile, report(root.path(), total));
                return total;
            }).errorMode(ErrorMode.retry(3, ErrorMode.cleanFail())).timeout(Duration.ofSeconds(30)).build();
            // end:parts

            // begin:cycle
            Cycle cycle;
            try (CycleBuilder b = Cycle.builder("word-tour")) {
                b.add(list, 1, 1);
                b.split(List.of(count1, count2), 2, 1);                      // parts on 3-1 and 3-2
                b.add(merge, 4, 1);                                          // below count-1
                b.pipe(count1, merge, v -> v instanceof WordStats s && s.files() > 0);
                b.after(merge, count2);
                b.add(publish, 5, 1);
                cycle = b.build();
            }
            out.println("3. sk-cycle:");
            out.print(cycle.describe());
            // end:cycle

            CountDownLatch finished = new CountDownLatch(1);
            SKThread<Void> ticker = SKThreader.get().start("word-tour-progress", () -> {
                showProgress(progress, finished, out);
                return null;
            });
            CycleRun run;
            try {
                run = cycle.runOnce(Duration.ofMinutes(2));
            } finally {
                finished.countDown();
                ticker.join(Duration.ofSeconds(5));
            }
            out.println("4. the run:");
            out.print(run.report());
            Files.writeString(diagramFile, cycle.toMermaid());
            cycle.close();

            if (run.status() == RunStatus.OK) {
                WordStats total = run.output("publish", WordStats.class);
                out.printf(Locale.ROOT, "5. counted %,d files, %,d lines, %,d words (%,d distinct), %,d bytes; top words: %s%n",
                        total.files(), total.lines(), total.words(), total.counts().size(), total.bytes(),
                        total.top(5).stream().map(e -> e.getKey() + " " + e.getValue()).toList());
                out.printf("   report: %s%n   cycle diagram (Mermaid): %s%n", reportFile, diagramFile);
            }
            out.printf("   publish took %d attempts (the first failed on purpose)%n", run.part("publish").attempts());
            boolean ok = run.status() == RunStatus.OK && Files.exists(reportFile);
            children.shutdownAll(Duration.ofSeconds(5));
            long left = awaitNoChildren();
            out.printf(Locale.ROOT, "6. shut down: child processes left %d; %.1f s in all%n", left,
                    (System.nanoTime() - began) / 1e9);
            return ok && left == 0 ? 0 : 1;
        } finally {
            children.shutdownAll(Duration.ofSeconds(5));
        }
    }

    // begin:count-part
    /** A part that counts shard {@code shard} of the file list on the counter worker of child counter-{shard}. */
    private static CyclePart countPart(int shard, String rootText) {
        return CyclePart.builder("count-" + shard, () -> {
                    @SuppressWarnings("unchecked")
                    List<String> files = (List<String>) CycleContext.current().parentResult().orElseThrow();
                    GlobalMap<String, Long> totals = SKGlobal.map(Domain.EXTERNAL, PROGRESS);  // the commander's
                    return WordCounter.countShard(Path.of(rootText), files, shard - 1, 2, words -> {
                        totals.merge("files", 1L, Long::sum);
                        totals.merge("words", words, Long::sum);
                    });
                })
                .where(Where.process(Domain.EXTERNAL, "counter-" + shard).worker("counter"))
                .timeout(Duration.ofSeconds(60))
                .build();
    }
    // end:count-part

    /**
     * The project's text files, relative, sorted.
     *
     * @param root the project
     * @return the files
     */
    static List<String> files(SKRoot root) {
        try (var stream = root.files()) {
            return stream.map(SKPath::relative).filter(WordTour::isText).sorted().toList();
        }
    }

    static boolean isText(String relative) {
        int dot = relative.lastIndexOf('.');
        int slash = relative.lastIndexOf('/');
        return dot > slash + 1 && TEXT.contains(relative.substring(dot + 1).toLowerCase(Locale.ROOT));
    }

    /**
     * The report, in Markdown.
     *
     * @param project the project's directory
     * @param total the counts
     * @return the text
     */
    static String report(Path project, WordStats total) {
        StringBuilder s = new StringBuilder();
        s.append("# Word report for `").append(project.getFileName()).append("`\n\n");
        s.append("Text files of the project (").append(String.join(", ", TEXT.stream().sorted().toList()))
                .append("), `.gitignore` honoured, counted by two child JVMs.\n\n");
        s.append("| total | count |\n|---|---:|\n");
        s.append("| files | ").append(total.files()).append(" |\n");
        s.append("| lines | ").append(total.lines()).append(" |\n");
        s.append("| words | ").append(total.words()).append(" |\n");
        s.append("| distinct words | ").append(total.counts().size()).append(" |\n");
        s.append("| bytes | ").append(total.bytes()).append(" |\n\n");
        s.append("## Top 20 words\n\n| rank | word | count |\n|---:|---|---:|\n");
        int rank = 1;
        for (Map.Entry<String, Long> e : total.top(20)) {
            s.append("| ").append(rank++).append(" | ").append(e.getKey()).append(" | ").append(e.getValue()).append(" |\n");
        }
        return s.toString();
    }

    /** Prints the running totals: one rewritten line on a terminal, a plain line a second otherwise. */
    private static void showProgress(GlobalMap<String, Long> progress, CountDownLatch finished, PrintStream out)
            throws InterruptedException {
        boolean terminal = isTerminal();
        long lastPlain = 0;
        String last = "";
        do {
            String line = String.format(Locale.ROOT, "   progress: %,d files, %,d words counted",
                    progress.getOrDefault("files", 0L), progress.getOrDefault("words", 0L));
            if (terminal) {
                out.print("\r" + line);
                out.flush();
            } else if (!line.equals(last) && System.nanoTime() - lastPlain >= TimeUnit.SECONDS.toNanos(1)) {
                out.println(line);
                lastPlain = System.nanoTime();
                last = line;
            }
        } while (!finished.await(terminal ? 100 : 250, TimeUnit.MILLISECONDS));
        String line = String.format(Locale.ROOT, "   progress: %,d files, %,d words counted (done)",
                progress.getOrDefault("files", 0L), progress.getOrDefault("words", 0L));
        out.println(terminal ? "\r" + line : line);
    }

    /** Whether standard output is a terminal ({@code Console.isTerminal()} where the JDK has it, 22+). */
    private static boolean isTerminal() {
        Console console = System.console();
        if (console == null) {
            return false;
        }
        try {
            return (Boolean) Console.class.getMethod("isTerminal").invoke(console);
        } catch (ReflectiveOperationException e) {
            return true; // JDK 21: a console exists only for a terminal
        }
    }

    /** Waits up to 5 s for every descendant of this JVM to end; returns how many are left. */
    private static long awaitNoChildren() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        for (ProcessHandle p : ProcessHandle.current().descendants().toList()) {
            try {
                p.onExit().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (ExecutionException | TimeoutException e) {
                // still alive: counted below
            }
        }
        return ProcessHandle.current().descendants().filter(ProcessHandle::isAlive).count();
    }
}
