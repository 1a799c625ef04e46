package dev.suitkaise.process;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;

/** State that lives in a child JVM: tests' functions record into it and read it back. */
final class ChildState {

    /** What init functions recorded, in order. */
    static final List<String> INITS = new CopyOnWriteArrayList<>();
    /** Counted down when a task is interrupted. */
    static final CountDownLatch INTERRUPTED = new CountDownLatch(1);

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
    static boolean awaitStopRequest() throws InterruptedException {
        long bound = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < bound) {
            if (Thread.getAllStackTraces().keySet().stream().anyMatch(t -> t.getName().equals("sk-stop"))) {
                return true;
            }
            Thread.sleep(10);
        }
        return false;
    }

    /** Blocks a task in the child until it is interrupted or a minute passes. */
    static String block() throws InterruptedException {
        try {
            new CountDownLatch(1).await(60, java.util.concurrent.TimeUnit.SECONDS);
            return "not interrupted";
        } catch (InterruptedException e) {
            INTERRUPTED.countDown();
            throw e;
        }
    }
}
