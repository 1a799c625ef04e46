package dev.suitkaise.testkit;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * After a test class: lets the module shut down what owns child processes ({@link #shutDownOwners()}), then kills
 * whatever descendant process of the test JVM is still alive and fails the class if there was any. A module's tests
 * extend it with their shutdown and register the subclass with {@code @ExtendWith}.
 *
 * <p>An orphan is no descendant: a process whose parent died is re-parented to init. So the sweep also looks at
 * every process whose command line carries this test JVM's tree marker ({@value #TREE_PROPERTY}, set by the build
 * in the test JVM's arguments, which every child JVM copies, and its children in turn): such a process that is no
 * descendant must end by itself within {@value #ORPHAN_WAIT_SECONDS} seconds (a child JVM does when its parent
 * dies), or it is killed and the class fails.
 *
 * <p>Blocks the JUnit thread while owners shut down and for up to {@value #KILL_WAIT_SECONDS} seconds per leftover
 * process while it dies. Stateless apart from what subclasses add; JUnit calls it on one thread.
 */
public abstract class NoOrphanProcesses implements AfterAllCallback {

    /** How long the sweep waits for each killed process to exit, in seconds. */
    public static final int KILL_WAIT_SECONDS = 10;
    /** How long a marked process that is no descendant (an orphan) may take to end by itself, in seconds. */
    public static final int ORPHAN_WAIT_SECONDS = 10;
    /** The system property that marks the JVMs of one test tree: the test JVM and every JVM started under it. */
    public static final String TREE_PROPERTY = "suitkaise.test.tree";

    /** For subclasses, which JUnit makes through their no-argument constructor. */
    protected NoOrphanProcesses() {
    }

    /**
     * Shuts down, in order, whatever owns child processes in the module under test, waiting for each to stop; a
     * process they leave behind fails the test class.
     *
     * @throws Exception if a shutdown fails; the test class fails with it, after the sweep
     */
    protected abstract void shutDownOwners() throws Exception;

    /**
     * Runs {@link #shutDownOwners()}, then {@link #killLeftovers(String)} for the test class.
     *
     * @param context the test class's context
     * @throws Exception what {@link #shutDownOwners()} threw, or an {@link AssertionError} for leftover processes
     */
    @Override
    public final void afterAll(ExtensionContext context) throws Exception {
        Exception shutdownFailure = null;
        try {
            shutDownOwners();
        } catch (Exception e) {
            shutdownFailure = e;
        }
        try {
            killLeftovers(context.getDisplayName());
        } catch (AssertionError e) {
            if (shutdownFailure != null) {
                e.addSuppressed(shutdownFailure);
            }
            throw e;
        }
        if (shutdownFailure != null) {
            throw shutdownFailure;
        }
    }

    /**
     * Kills every descendant process of this JVM that is still alive, waits for each to exit, and fails if there was
     * any.
     *
     * @param after what ran before (a test class's name), for the message
     * @throws AssertionError naming the processes that were still alive, if there was any
     * @throws InterruptedException if interrupted while waiting for a killed process to exit
     * @throws ExecutionException if waiting for a killed process to exit fails
     * @throws TimeoutException if a killed process has not exited after {@value #KILL_WAIT_SECONDS} seconds
     */
    public static void killLeftovers(String after) throws InterruptedException, ExecutionException, TimeoutException {
        Objects.requireNonNull(after, "after");
        List<ProcessHandle> left = new ArrayList<>(ProcessHandle.current().descendants().filter(ProcessHandle::isAlive).toList());
        left.addAll(orphansOfThisTree(left));
        List<String> described = left.stream().map(NoOrphanProcesses::describe).toList();
        for (ProcessHandle h : left) {
            h.destroyForcibly();
            h.onExit().get(KILL_WAIT_SECONDS, TimeUnit.SECONDS);
        }
        if (!left.isEmpty()) {
            throw new AssertionError("processes of this test tree (descendants, or orphans carrying its marker) still alive after " + after + " (now killed): "
                    + described);
        }
    }

    /**
     * The processes that carry this JVM's tree marker, are no descendants (their parent died) and are still alive
     * after {@value #ORPHAN_WAIT_SECONDS} seconds; none if this JVM has no marker.
     */
    static List<ProcessHandle> orphansOfThisTree(List<ProcessHandle> descendants) throws InterruptedException {
        String tree = System.getProperty(TREE_PROPERTY);
        if (tree == null || tree.isBlank()) {
            return List.of();
        }
        String marker = "-D" + TREE_PROPERTY + "=" + tree;
        long self = ProcessHandle.current().pid();
        List<ProcessHandle> orphans = ProcessHandle.allProcesses()
                .filter(h -> h.pid() != self && !descendants.contains(h) && h.isAlive())
                .filter(h -> h.info().arguments().map(a -> Arrays.asList(a).contains(marker)).orElse(false))
                .toList();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(ORPHAN_WAIT_SECONDS);
        for (ProcessHandle h : orphans) {
            long left = deadline - System.nanoTime();
            if (left > 0) {
                try {
                    h.onExit().get(left, TimeUnit.NANOSECONDS);
                } catch (ExecutionException | TimeoutException e) {
                    // still alive: reported below
                }
            }
        }
        return orphans.stream().filter(ProcessHandle::isAlive).toList();
    }

    private static String describe(ProcessHandle h) {
        return h.pid() + " " + h.info().commandLine().orElse("(command line unknown)");
    }
}
