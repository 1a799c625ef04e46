package dev.suitkaise.examples;

import dev.suitkaise.cereal.CerealIssue;
import dev.suitkaise.cereal.SKCereal;
import dev.suitkaise.root.SKPath;
import dev.suitkaise.root.SKRoot;

import java.io.PrintStream;
import java.io.Serializable;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * Step 7 of the tour: a worker holding a held lock, a semaphore, a counter, a lambda, a project
 * path and a reference to itself goes through the internal codec and comes back usable; a part
 * that cannot travel is found by {@code check()} with its object path; a record leaves the program
 * through the external (protobuf) codec.
 *
 * @param bytes size of the internal encoding
 * @param lockWasHeld whether the original lock was held when serialized
 * @param lockCameBackUnlocked whether the copy's lock is free (ownership never travels)
 * @param permits the copy's available permits
 * @param counter the copy's counter value
 * @param taskResult what the copy's lambda returned
 * @param selfReferenceKept whether the copy's {@code self} field points at the copy
 * @param pathRelative the copy's project path
 * @param issuePaths object paths that {@code check()} reported for an uncarriable graph
 * @param externalBytes size of the external encoding of the report record
 * @param externalPlain the external encoding read back as plain values
 */
public record CerealDemo(int bytes, boolean lockWasHeld, boolean lockCameBackUnlocked, int permits, long counter,
                         String taskResult, boolean selfReferenceKept, String pathRelative, List<String> issuePaths,
                         int externalBytes, Map<?, ?> externalPlain) {

    /** A worker-like object: the kind of thing a process would hand to another. */
    static final class Worker {
        final String name;
        final ReentrantLock lock = new ReentrantLock();
        final Semaphore permits = new Semaphore(3);
        final AtomicLong done = new AtomicLong();
        final Callable<String> task;
        final SKPath home;
        Worker self;

        Worker(String name, SKPath home) {
            this.name = name;
            this.home = home;
            this.task = (Callable<String> & Serializable) () -> "task of " + name + " ran";
            this.self = this;
        }
    }

    /** A plain lambda is not serializable: check() finds it and says where. */
    static final class Careless {
        final String label = "careless";
        final Supplier<String> callback = () -> "cannot travel";
    }

    /** What leaves the program. */
    record Report(String tour, long words, Instant at, Duration took, List<String> modules) {
    }

    /**
     * Runs the step.
     *
     * @param out where to print
     * @return what happened
     */
    static CerealDemo run(PrintStream out) {
        SKRoot root = SKRoot.current();
        Worker worker = new Worker("indexer", root.resolve("README.md"));
        worker.done.set(42);
        worker.lock.lock();
        byte[] bytes;
        boolean held;
        try {
            held = worker.lock.isHeldByCurrentThread();
            bytes = SKCereal.internal().serialize(worker);
        } finally {
            worker.lock.unlock();
        }
        Worker copy = SKCereal.internal().deserialize(bytes, Worker.class);
        String result;
        try {
            result = copy.task.call();
        } catch (Exception e) {
            throw new IllegalStateException("the copied task failed", e);
        }
        out.println("   a Worker with a held lock, a semaphore, a counter, a lambda, a project path and a cycle: "
                + bytes.length + " bytes");
        out.println("   back: lock free=" + !copy.lock.isLocked() + ", permits=" + copy.permits.availablePermits()
                + ", counter=" + copy.done.get() + ", task says '" + result + "', self is the copy=" + (copy.self == copy)
                + ", path=" + copy.home.relative());

        List<String> issuePaths = new ArrayList<>();
        for (CerealIssue issue : SKCereal.internal().check(new Careless())) {
            issuePaths.add(issue.path());
            out.println("   check() found: " + issue.path() + ": " + firstSentence(issue.toString()));
        }

        Report report = new Report("suitkaise", 70, Instant.parse("2026-11-25T12:00:00Z"), Duration.ofMillis(1500),
                List.of("sk-reg", "sk-root", "sk-cereal"));
        byte[] external = SKCereal.external().serialize(report);
        Object plain = SKCereal.external().deserialize(external);
        Report typed = SKCereal.external().deserialize(external, Report.class);
        out.println("   a Report record as suitkaise/cereal/v1/value.proto: " + external.length + " bytes; any language reads "
                + plain + "; Java reads it back equal=" + typed.equals(report));
        if (!(plain instanceof Map<?, ?> map) || !typed.equals(report)) {
            throw new IllegalStateException("the external codec did not give the report back");
        }
        return new CerealDemo(bytes.length, held, !copy.lock.isLocked(), copy.permits.availablePermits(), copy.done.get(),
                result, copy.self == copy, copy.home.relative(), List.copyOf(issuePaths), external.length, map);
    }

    /**
     * Whether every round trip gave what it should.
     *
     * @return true if all checks hold
     */
    boolean ok() {
        return lockWasHeld && lockCameBackUnlocked && permits == 3 && counter == 42
                && "task of indexer ran".equals(taskResult) && selfReferenceKept && "README.md".equals(pathRelative)
                && issuePaths.equals(List.of("root.callback")) && externalBytes > 0;
    }

    private static String firstSentence(String text) {
        int dot = text.indexOf(". ");
        return dot < 0 ? text : text.substring(0, dot + 1);
    }
}
