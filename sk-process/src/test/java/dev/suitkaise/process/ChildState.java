package dev.suitkaise.process;

import dev.suitkaise.testkit.Conditions;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;

/** State that lives in a child JVM: tests' functions record into it and read it back. */
final class ChildState {

    /** What init functions recorded, in order. */
    static final List<String> INITS = new CopyOnWriteArrayList<>();
    /** The keys of the tasks {@link #blockNoting} began. */
    private static final Set<String> STARTED = ConcurrentHashMap.newKeySet();
    /** Per key of {@link #blockNoting}: counted down when that task is interrupted. */
    private static final Map<String, CountDownLatch> INTERRUPTED = new ConcurrentHashMap<>();

    private ChildState() {
    }

    static Void record(String what) {
        INITS.add(what);
        return null;
    }

    static List<String> inits(String prefix) {
        return INITS.stream().filter(s -> s.startsWith(prefix)).toList();
    }

    static int answer() {
        return 42;
    }

    /** A target for registered functions: says where it ran. */
    static String greet(String who, int times) {
        return ("hello " + who + " ").repeat(times) + "from pid " + ProcessHandle.current().pid();
    }

    /**
     * Waits, at most a minute, until this child has been asked to stop: its grace has begun once the
     * thread that waits out the running tasks ({@code sk-stop}, started on the stop request) runs.
     *
     * @return whether the stop request arrived within the minute
     */
    static boolean awaitStopRequest() {
        try {
            Conditions.until("the child's sk-stop thread runs", Duration.ofMinutes(1),
                    () -> Thread.getAllStackTraces().keySet().stream().anyMatch(t -> t.getName().equals("sk-stop")));
            return true;
        } catch (AssertionError notWithinTheMinute) {
            return false;
        }
    }

    /** Blocks a task in the child until it is interrupted or a minute passes. */
    static String block() throws InterruptedException {
        try {
            new CountDownLatch(1).await(60, java.util.concurrent.TimeUnit.SECONDS);
            return "not interrupted";
        } catch (InterruptedException e) {
            throw e;
        }
    }

    /** As {@link #block}, noting under {@code key} that it began and, if so, that it was interrupted. */
    static String blockNoting(String key) throws InterruptedException {
        STARTED.add(key);
        try {
            return block();
        } catch (InterruptedException e) {
            interrupted(key).countDown();
            throw e;
        }
    }

    /** Whether the task {@link #blockNoting} with {@code key} began. */
    static boolean started(String key) {
        return STARTED.contains(key);
    }

    /** Counted down when the task {@link #blockNoting} with {@code key} is interrupted. */
    static CountDownLatch interrupted(String key) {
        return INTERRUPTED.computeIfAbsent(key, k -> new CountDownLatch(1));
    }
}
