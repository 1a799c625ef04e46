package dev.suitkaise.examples.focused;

import dev.suitkaise.process.ProcessSpec;
import dev.suitkaise.process.SKPool;
import dev.suitkaise.process.SKProcess;
import dev.suitkaise.process.SKProcessManager;
import dev.suitkaise.reg.Domain;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * A process pool (sk-process): two child JVMs are started once, each runs an init function that
 * loads a table, and {@code map} spreads items over these warm children and gives the results back
 * in item order. Closing the pool stops its children.
 *
 * <p>Run with {@code -Dsuitkaise.domain.external=module:dev.suitkaise.examples}, as the
 * {@code example} profile does.
 */
public final class ProcessPool {

    // begin:pool-init
    /** State that each child loads once, in its init function, and keeps between tasks. */
    static final class Vowels {
        static Set<Character> table = Set.of();
        static long loadedInPid;

        static int load() {
            table = Set.of('a', 'e', 'i', 'o', 'u');
            loadedInPid = ProcessHandle.current().pid();
            return table.size();
        }

        static String count(String word) {
            long n = word.toLowerCase(Locale.ROOT).chars().filter(c -> table.contains((char) c)).count();
            return word + "=" + n + " (pid " + loadedInPid + ")";
        }
    }
    // end:pool-init

    private ProcessPool() {
    }

    /**
     * Runs the example.
     *
     * @param args ignored
     */
    public static void main(String[] args) {
        System.out.println("parent pid " + ProcessHandle.current().pid());
        // begin:pool
        List<String> words = List.of("suitkaise", "threads", "processes", "registry", "cycle", "cereal");
        SKProcessManager manager = SKProcessManager.of(Domain.EXTERNAL);
        ProcessSpec spec = ProcessSpec.builder("vowels").init(Vowels::load).build();  // runs once in each child
        try (SKPool pool = manager.pool(spec, 2)) {
            for (SKProcess child : pool.workers()) {
                System.out.println("child " + child.name() + " pid " + child.pid());
            }
            List<String> counted = pool.map(Vowels::count, words, Duration.ofSeconds(60));  // in item order
            counted.forEach(System.out::println);
            List<Integer> lengths = pool.map(String::length, words, Duration.ofSeconds(60)); // same warm children
            System.out.println("lengths " + lengths);
            Set<Long> pids = new TreeSet<>(pool.map(w -> ProcessHandle.current().pid(), words, Duration.ofSeconds(60)));
            System.out.println("work ran in " + pids.size() + " children, none of them this JVM: "
                    + !pids.contains(ProcessHandle.current().pid()));
        }                                                                // close() stops the pool's children
        manager.shutdownAll(Duration.ofSeconds(5));
        System.out.println("children left: " + ProcessHandle.current().children().count());
        // end:pool
    }
}
