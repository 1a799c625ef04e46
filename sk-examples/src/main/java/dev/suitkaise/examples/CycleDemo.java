package dev.suitkaise.examples;

import dev.suitkaise.cycle.Cycle;
import dev.suitkaise.cycle.CycleBuilder;
import dev.suitkaise.cycle.CycleContext;
import dev.suitkaise.cycle.CyclePart;
import dev.suitkaise.cycle.CycleRun;
import dev.suitkaise.cycle.ErrorMode;
import dev.suitkaise.cycle.RunStatus;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Step 9 of the tour: the DESIGN.md example as a real cycle. Part a (1-1) reads the text; a split
 * puts b, c and d on level 3 below it (b counts words, c counts letters, d is flaky and retried);
 * e, below c at 4-2, reads c's result through its {@link CycleContext}.
 *
 * @param tree what {@code describe()} printed
 * @param mermaid the Mermaid flowchart of the tree
 * @param status the run's status
 * @param words b's output
 * @param lettersPerWord e's output
 * @param flakyAttempts how many attempts d needed
 * @param report the run's report table
 */
public record CycleDemo(String tree, String mermaid, RunStatus status, Object words, Object lettersPerWord,
                        int flakyAttempts, String report) {

    private static final AtomicInteger FLAKY_CALLS = new AtomicInteger();

    static CycleDemo run(PrintStream out) {
        FLAKY_CALLS.set(0);
        // begin:cycle-parts
        CyclePart read = CyclePart.of("read", () -> Tour.TEXT);
        CyclePart words = CyclePart.of("words", () -> Tour.words(text()).size());
        CyclePart letters = CyclePart.of("letters", () -> text().chars().filter(Character::isLetter).count());
        CyclePart flaky = CyclePart.builder("flaky", () -> {
                    if (FLAKY_CALLS.incrementAndGet() < 3) {
                        throw new IllegalStateException("not yet (attempt " + FLAKY_CALLS.get() + ")");
                    }
                    return "done";
                })
                .errorMode(ErrorMode.retry(5, ErrorMode.cleanFail()))
                .timeout(java.time.Duration.ofSeconds(20))             // retries only while the timeout leaves time
                .build();
        CyclePart ratio = CyclePart.of("ratio", () -> {
            CycleContext context = CycleContext.current();
            long letterCount = (Long) context.parentResult().orElseThrow();
            int wordCount = (Integer) context.result("words").orElseThrow();
            return String.format(Locale.ROOT, "%.2f", (double) letterCount / wordCount);
        });
        // end:cycle-parts
        Cycle cycle;
        String tree;
        String mermaid;
        // begin:cycle-tree
        try (CycleBuilder builder = Cycle.builder("tour.text-stats")) {
            builder.add(read, 1, 1)                               // 1-1
                    .split(List.of(words, letters, flaky), 2, 1)  // the fork at 2-1: 3-1, 3-2, 3-3
                    .add(ratio, 4, 2)                              // below letters
                    .after(ratio, words);                          // and after words (sequential)
            tree = builder.describe();
            mermaid = builder.toMermaid();
            cycle = builder.build();
        }
        // end:cycle-tree
        out.println("   the tree (level-position):");
        tree.lines().forEach(line -> out.println("     " + line));
        // begin:cycle-run
        CycleRun run;
        try {
            run = cycle.runOnce(java.time.Duration.ofSeconds(30));
        } finally {
            cycle.close();
        }
        out.println("   run " + run.status() + ": words=" + run.part("words").output() + ", letters per word="
                + run.part("ratio").output() + ", flaky succeeded after " + run.part("flaky").attempts() + " attempts");
        // end:cycle-run
        run.report().lines().forEach(line -> out.println("     " + line));
        return new CycleDemo(tree, mermaid, run.status(), run.part("words").output(), run.part("ratio").output(),
                run.part("flaky").attempts(), run.report());
    }

    private static String text() {
        return (String) CycleContext.current().result("read").orElseThrow();
    }

    /**
     * Whether the run gave what it should.
     *
     * @return true if all checks hold
     */
    boolean ok() {
        return status == RunStatus.OK && Integer.valueOf(Tour.words(Tour.TEXT).size()).equals(words) && flakyAttempts == 3
                && mermaid.startsWith("flowchart");
    }
}
