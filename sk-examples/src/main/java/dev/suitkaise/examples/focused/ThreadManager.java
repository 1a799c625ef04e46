package dev.suitkaise.examples.focused;

import dev.suitkaise.thread.SKThread;
import dev.suitkaise.thread.SKThreader;
import dev.suitkaise.thread.SKWorker;
import dev.suitkaise.thread.StopReport;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The thread manager (sk-thread): two component workers pass work along (each component's state is
 * touched only by its own thread, so it needs no lock), a monitoring thread loops until asked to
 * stop, and one call stops everything and reports how each thread ended.
 */
public final class ThreadManager {

    /** The text the workers count. */
    static final List<String> LINES = List.of(
            "Suitkaise runs work across threads and processes",
            "one thread manager per process",
            "one worker per component, one mailbox per worker");

    private ThreadManager() {
    }

    /**
     * Runs the example.
     *
     * @param args ignored
     * @throws Exception if a task fails or a wait times out
     */
    public static void main(String[] args) throws Exception {
        // begin:threads
        SKThreader threader = SKThreader.get();                 // one per process
        SKWorker splitter = threader.worker("splitter");        // one thread and mailbox per component
        SKWorker counter = threader.worker("counter");
        Map<String, Integer> counts = new TreeMap<>();          // touched only by the counter's thread

        CountDownLatch monitoring = new CountDownLatch(1);
        SKThread<Integer> monitor = threader.start("monitor", () -> {  // a virtual thread by default
            int rounds = 0;
            monitoring.countDown();
            while (!SKThread.stopRequested()) {                 // requestStop() sets the flag, then interrupts
                rounds++;
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
            }
            return rounds;
        });

        List<CompletableFuture<Integer>> done = new ArrayList<>();
        for (String line : LINES) {
            done.add(splitter.submit(() -> line.toLowerCase(Locale.ROOT).split("[^a-z]+"))
                    .thenCompose(words -> counter.submit(() -> {
                        for (String w : words) {
                            counts.merge(w, 1, Integer::sum);
                        }
                        return words.length;
                    })));
        }
        int words = 0;
        for (CompletableFuture<Integer> f : done) {
            words += f.get(10, TimeUnit.SECONDS);
        }
        System.out.println(words + " words; " + counter.submit(() -> counts.toString()).get(10, TimeUnit.SECONDS));
        monitoring.await(10, TimeUnit.SECONDS);
        threader.threads().forEach(t -> System.out.println("live: " + t.name() + " " + t.role() + " " + t.state()));

        StopReport report = threader.stopAll(Duration.ofSeconds(2));   // ask, wait, interrupt, wait, report
        System.out.println("stopped cleanly " + report.stoppedCleanly().stream().sorted().toList()
                + ", by interrupt " + report.stoppedByInterrupt() + ", still running " + report.notFinished());
        System.out.println("monitor " + monitor.state() + " after " + monitor.result() + " rounds");
        // end:threads
    }
}
