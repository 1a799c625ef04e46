package dev.suitkaise.examples;

import dev.suitkaise.reg.Domain;
import dev.suitkaise.reg.DomainRoots;
import dev.suitkaise.reg.GlobalMap;
import dev.suitkaise.reg.GlobalValue;
import dev.suitkaise.reg.OnDuplicate;
import dev.suitkaise.reg.RegEvent;
import dev.suitkaise.reg.SKAccessException;
import dev.suitkaise.reg.SKGlobal;
import dev.suitkaise.reg.SKReg;
import dev.suitkaise.reg.SKRegException;
import dev.suitkaise.reg.Subscription;
import dev.suitkaise.root.SKPath;
import dev.suitkaise.root.SKRoot;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The README's demo: a guided run through what Suitkaise offers so far. Each step prints what it
 * does and what came out; the run fails (exit code 1) if any result is not what it should be.
 *
 * <p>Run it with {@code ./mvnw -q -pl sk-examples -am -Pdemo -DskipTests verify}; the demo
 * profile treats this module as user code by passing
 * {@code -Dsuitkaise.domain.external=module:dev.suitkaise.examples}.
 */
public final class Tour {

    /** A text to count words in: the first paragraph of Suitkaise's design. */
    static final String TEXT = """
            Suitkaise is a modular Java library for programs that run work across threads and
            processes: named registries, a serializer that survives hard objects, stored function
            invocations, managers for threads and child JVM processes, and a cycle engine that runs
            structured, repeating workflows over all of them. Users add it as a Maven dependency;
            an internal event system will be built on top of it, and tests use it as fixtures.
            """;

    /** What the tour computed, for its test. */
    record Outcome(Map<String, Integer> wordCounts, long totalWords, int restoredGlobals, List<String> events,
                   long projectFiles, String tourSource, CerealDemo cereal, FunctionDemo functions,
                   CycleDemo cycle) {
    }

    /** A registry of panel titles: the smallest complete registry type. */
    public static final class PanelReg extends SKReg<String> {
        private PanelReg(Domain domain) {
            super(domain);
        }

        /**
         * The process-wide panel registry of a domain.
         *
         * @param domain the domain
         * @return the registry
         */
        public static PanelReg of(Domain domain) {
            return SKReg.open(PanelReg.class, domain, PanelReg::new);
        }
    }

    private Tour() {
    }

    /**
     * Runs the tour, printing to standard output.
     *
     * @param args ignored
     */
    public static void main(String[] args) {
        try {
            run(System.out);
        } catch (IOException | RuntimeException e) {
            System.err.println("The tour failed: " + e);
            System.exit(1);
        }
    }

    static Outcome run(PrintStream out) throws IOException {
        out.println("Suitkaise tour: registries and globals (sk-reg), the project root (sk-root), serialization (sk-cereal), stored functions (sk-function), cycles (sk-cycle)");
        out.println();

        out.println("1. One registry per (type, domain) per process");
        PanelReg panels = PanelReg.of(Domain.GLOBAL);
        check(panels == PanelReg.of(Domain.GLOBAL), "opening the same registry twice gives the same instance");
        out.println("   PanelReg.of(GLOBAL) is the same instance every time: " + (panels == PanelReg.of(Domain.GLOBAL)));

        out.println();
        out.println("2. Named entries with a duplicate policy, and listeners");
        List<String> events = new CopyOnWriteArrayList<>();
        Subscription subscription = panels.addListener(e -> events.add(e.kind() + " " + e.key()));
        try {
            panels.register("status", "Status panel");
            String copy = panels.register("status", "Second status panel", OnDuplicate.CREATE_NEW);
            panels.register("status", "Status panel v2", OnDuplicate.OVERWRITE);
            panels.register("status", "ignored", OnDuplicate.IGNORE);
            out.println("   CREATE_NEW put the second one under '" + copy + "'; keys now " + panels.keys());
            out.println("   'status' = " + panels.require("status") + ", read "
                    + panels.metadata("status").orElseThrow().accessCount() + " time(s)");
            try {
                panels.register("status", "clash");
            } catch (SKRegException e) {
                out.println("   RAISE (the default) refuses a taken key: " + e.getMessage());
            }
            try {
                panels.require("stauts");
            } catch (SKRegException e) {
                out.println("   A typo names close matches: " + e.getMessage());
            }
        } finally {
            subscription.close();
        }
        out.println("   Listener saw: " + events);
        check(events.equals(List.of(RegEvent.Kind.REGISTERED + " status", RegEvent.Kind.REGISTERED + " status_1",
                RegEvent.Kind.REPLACED + " status")), "listener events");

        out.println();
        out.println("3. Domains decide who may open what");
        boolean external = DomainRoots.contains(Domain.EXTERNAL, Tour.class);
        out.println("   This module is under the EXTERNAL roots " + DomainRoots.of(Domain.EXTERNAL) + ": " + external);
        if (external) {
            PanelReg userPanels = PanelReg.of(Domain.EXTERNAL);
            userPanels.register("user-dashboard", "Dashboard", OnDuplicate.OVERWRITE);
            out.println("   EXTERNAL registry opened: " + userPanels);
        }
        try {
            PanelReg.of(Domain.INTERNAL);
            throw new IllegalStateException("user code opened an INTERNAL registry");
        } catch (SKAccessException e) {
            out.println("   INTERNAL is refused to user code:");
            out.println("     " + e.getMessage());
        }

        out.println();
        out.println("4. Global maps and values, updated atomically from 8 threads");
        GlobalMap<String, Integer> counts = SKGlobal.map(Domain.GLOBAL, "tour.word-counts");
        GlobalValue<Long> total = SKGlobal.value(Domain.GLOBAL, "tour.total-words");
        counts.clear();
        total.set(0L);
        List<String> words = words(TEXT);
        int threads = 8;
        try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int slice = t;
                futures.add(pool.submit(() -> {
                    for (int i = slice; i < words.size(); i += threads) {
                        counts.merge(words.get(i), 1, Integer::sum);
                        total.accumulateAndGet(1L, Long::sum);
                    }
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while counting", e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException("a counting thread failed", e.getCause());
        }
        check(total.get() == words.size(), "total words");
        out.println("   " + total.get() + " words, " + counts.size() + " distinct; most frequent: " + top(counts, 5));

        out.println();
        out.println("5. Globals survive a restart through a snapshot file");
        Path file = Files.createTempDirectory("suitkaise-tour").resolve("globals.bin");
        int written = SKGlobal.snapshot(file, Domain.GLOBAL);
        Map<String, Integer> before = Map.copyOf(counts);
        counts.clear();
        total.set(null);
        int restored = SKGlobal.restore(file);
        check(Map.copyOf(counts).equals(before) && total.get() == words.size(), "restored globals");
        out.println("   wrote " + written + " globals to " + file.getFileName() + " (" + Files.size(file)
                + " bytes), cleared them, restored " + restored + ": counts equal again = true");
        Files.deleteIfExists(file);
        Files.deleteIfExists(file.getParent());

        out.println();
        out.println("6. The project this runs in (sk-root)");
        SKRoot root = SKRoot.current();
        out.println("   root " + root.path() + ", found by " + root.detection());
        Map<String, Long> byKind;
        try (Stream<SKPath> files = root.files()) {
            byKind = files.collect(Collectors.groupingBy(Tour::kind, TreeMap::new, Collectors.counting()));
        }
        long fileCount = byKind.values().stream().mapToLong(Long::longValue).sum();
        out.println("   " + fileCount + " files that .gitignore does not exclude; most common kinds: " + top(byKind, 4));
        SKPath source = SKPath.sourceOf(Tour.class).orElse(SKPath.ofClass(Tour.class));
        out.println("   this tour: " + source.relative() + " (id " + source.id() + ")");
        check(fileCount > 0 && source.isUnder(root), "project files");

        out.println();
        out.println("7. Carrying objects that usually cannot travel (sk-cereal)");
        CerealDemo cereal = CerealDemo.run(out);
        check(cereal.ok(), "sk-cereal round trips");

        out.println();
        out.println("8. Stored functions (sk-function)");
        FunctionDemo functions = FunctionDemo.run(out);
        check(functions.ok(), "sk-function calls");

        out.println();
        out.println("9. A structured workflow (sk-cycle)");
        CycleDemo cycle = CycleDemo.run(out);
        check(cycle.ok(), "sk-cycle run");

        out.println();
        out.println("Tour complete.");
        return new Outcome(Map.copyOf(counts), total.get(), restored, List.copyOf(events), fileCount, source.relative(), cereal, functions, cycle);
    }

    static List<String> words(String text) {
        List<String> words = new ArrayList<>();
        for (String w : text.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+")) {
            if (!w.isEmpty()) {
                words.add(w);
            }
        }
        return words;
    }

    private static String kind(SKPath file) {
        String name = file.name();
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(dot) : name;
    }

    private static <V extends Comparable<V>> String top(Map<String, V> counts, int n) {
        return counts.entrySet().stream()
                .sorted(Map.Entry.<String, V>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .limit(n)
                .map(e -> e.getKey() + "=" + e.getValue())
                .toList()
                .toString();
    }

    private static void check(boolean ok, String what) {
        if (!ok) {
            throw new IllegalStateException("Tour check failed: " + what);
        }
    }

}
