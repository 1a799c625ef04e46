package dev.suitkaise.process;

import dev.suitkaise.process.internal.Commanders;
import dev.suitkaise.process.internal.WarmSpares;
import dev.suitkaise.reg.Domain;
import dev.suitkaise.reg.SKGlobal;
import dev.suitkaise.testkit.Conditions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link SKProcessManager#shutdownAll} ends the spawns under way when it begins: one waiting for
 * its slot (in this JVM's commander, or in a child in its parent's) fails with a message naming
 * shutdownAll, one that has its slot but whose process is not listed yet fails too, nothing of
 * theirs is left running or holding a slot (a warm spare one took is stopped), and a spawn begun after shutdownAll began (while it
 * still stops other processes, or after it returned) starts a child that this shutdownAll leaves alone.
 * Ending a spawn never touches its thread's interrupt status: an interrupt of the caller's own,
 * set while shutdownAll ends the spawn's wait for its slot, is kept. In a child, every call to the
 * parent on a spawn's way to its slot is ended too (its try for a free slot, its read of the
 * policy), with the parent's side held so that only the cancel can end it, and a slot the parent
 * grants afterwards is given back; so is its wait for a warm spare's fill that asks the parent for
 * a slot.
 */
@ExtendWith(NoOrphans.class)
class ShutdownDuringSpawnTest {

    /** A quota wait far longer than any bound of these tests: only shutdownAll can end it in time. */
    private static final Duration LONG_WAIT = Duration.ofMinutes(10);
    private static final int GENEROUS = 1000;
    private SKProcessCommander commander;

    /** A spawn on a thread of its own: its thread, its outcome, and its thread's interrupt status once it ended. */
    private record Spawn(Thread thread, CompletableFuture<SKProcess> result, CompletableFuture<Boolean> interruptedAfter) {
    }

    @BeforeEach
    void remember() {
        commander = SKProcessCommander.current();
    }

    @AfterEach
    void restore() {
        SKProcessManager.of(Domain.INTERNAL).shutdownAll(Duration.ofSeconds(5));
        SKProcessManager.of(Domain.EXTERNAL).shutdownAll(Duration.ofSeconds(5));
        commander.setQuota(Domain.INTERNAL, GENEROUS);
        commander.setQuota(Domain.EXTERNAL, GENEROUS);
        commander.setPolicy(QuotaPolicy.FAIL, Duration.ofSeconds(30));
    }

    private static Spawn spawnInBackground(SKProcessManager manager, String name) {
        CompletableFuture<SKProcess> result = new CompletableFuture<>();
        CompletableFuture<Boolean> interruptedAfter = new CompletableFuture<>();
        Thread t = Thread.ofPlatform().name("test-spawn-" + name).start(() -> {
            try {
                result.complete(manager.spawn(name));
            } catch (Throwable e) {
                result.completeExceptionally(e);
            } finally {
                interruptedAfter.complete(Thread.currentThread().isInterrupted());
            }
        });
        return new Spawn(t, result, interruptedAfter);
    }

    private static List<ProcessHandle> liveDescendants() {
        return ProcessHandle.current().descendants().filter(ProcessHandle::isAlive).toList();
    }

    @Test
    void aSpawnWaitingForItsSlotFailsWhenShutdownAllBeginsAndALaterSpawnStartsAChild() throws Exception {
        SKProcessManager manager = SKProcessManager.of(Domain.EXTERNAL);
        commander.setQuota(Domain.EXTERNAL, 0);
        commander.setPolicy(QuotaPolicy.WAIT, LONG_WAIT);
        Spawn waiting = spawnInBackground(manager, "shut-waiting");
        Children.until("the spawn waits for a slot", Children.BOUND, () -> commander.waiting(Domain.EXTERNAL) == 1);

        manager.shutdownAll(Duration.ofSeconds(5));

        assertThat(Children.failureOf(waiting.result())).isInstanceOf(SKProcessStartException.class)
                .hasMessageContaining("'shut-waiting'").hasMessageContaining("shutdownAll of the EXTERNAL process manager began")
                .hasMessageContaining("waited for its slot").hasMessageContaining("after shutdownAll has returned");
        assertThat(Children.await(waiting.interruptedAfter())).as("the spawn's thread is not left interrupted").isFalse();
        assertThat(manager.processes()).isEmpty();
        assertThat(commander.waiting(Domain.EXTERNAL)).isZero();
        assertThat(commander.running(Domain.EXTERNAL)).isZero();
        assertThat(liveDescendants()).isEmpty();

        commander.setQuota(Domain.EXTERNAL, 1);
        SKProcess later = manager.spawn("shut-later");
        assertThat(later.state()).isEqualTo(ProcessState.READY);
        assertThat(manager.processes()).containsExactly(later);
    }

    @Test
    void anInterruptTheCallerSetsWhileShutdownAllEndsTheSpawnsWaitForItsSlotIsKept() throws Exception {
        SKProcessManager manager = SKProcessManager.of(Domain.EXTERNAL);
        commander.setQuota(Domain.EXTERNAL, 0);
        commander.setPolicy(QuotaPolicy.WAIT, LONG_WAIT);
        Object budget = Commanders.current(); // this JVM's budget: the spawn waits for its slot on its monitor
        Spawn spawn = spawnInBackground(manager, "shut-kept-interrupt");
        Children.until("the spawn waits for a slot", Children.BOUND, () -> commander.waiting(Domain.EXTERNAL) == 1);

        CompletableFuture<Void> shutdown = new CompletableFuture<>();
        synchronized (budget) {
            // ending the wait takes the budget's monitor, held here: whichever thread needs it to end the
            // wait (shutdownAll's, to wake the spawn, or the woken spawn's) stops in that window
            Thread shutter = Thread.ofPlatform().name("test-shutdown-kept-interrupt").start(() -> {
                try {
                    manager.shutdownAll(Duration.ofSeconds(5));
                    shutdown.complete(null);
                } catch (Throwable e) {
                    shutdown.completeExceptionally(e);
                }
            });
            Children.until("shutdownAll is ending the spawn's wait for its slot", Children.BOUND,
                    () -> Conditions.blockedOn(shutter, budget) || Conditions.blockedOn(spawn.thread(), budget));

            spawn.thread().interrupt(); // the caller's own interrupt, set in that window
        }
        Children.await(shutdown);

        assertThat(Children.failureOf(spawn.result())).isInstanceOf(SKProcessStartException.class)
                .hasMessageContaining("'shut-kept-interrupt'").hasMessageContaining("shutdownAll of the EXTERNAL process manager began");
        assertThat(Children.await(spawn.interruptedAfter())).as("the caller's interrupt is kept").isTrue();
        assertThat(manager.processes()).isEmpty();
        assertThat(commander.waiting(Domain.EXTERNAL)).isZero();
        assertThat(commander.running(Domain.EXTERNAL)).isZero();
        assertThat(liveDescendants()).isEmpty();
    }

    @Test
    void aSpawnWaitingForItsSlotFailsWhileShutdownAllStillStopsAndASpawnBegunMeanwhileKeepsItsChild() throws Exception {
        SKProcessManager manager = SKProcessManager.of(Domain.EXTERNAL);
        commander.setQuota(Domain.EXTERNAL, 1);
        commander.setPolicy(QuotaPolicy.WAIT, LONG_WAIT);
        SKProcess busy = manager.spawn("shut-busy");
        String started = "shut-busy-started-" + UUID.randomUUID();
        String release = "shut-busy-release-" + UUID.randomUUID();
        CompletableFuture<String> task = busy.submit(() -> {
            SKGlobal.<Boolean>value(Domain.GLOBAL, started).set(true);
            // keeps the stop of this process, and so shutdownAll, waiting until the test releases it
            Conditions.until("the test releases the task", Duration.ofMinutes(2),
                    () -> SKGlobal.<Boolean>value(Domain.GLOBAL, release).isSet());
            return "released";
        });
        Children.until("the task runs in the child", Children.BOUND, () -> SKGlobal.<Boolean>value(Domain.GLOBAL, started).isSet());
        Spawn early = spawnInBackground(manager, "shut-early");
        Children.until("the spawn waits for a slot", Children.BOUND, () -> commander.waiting(Domain.EXTERNAL) == 1);

        CompletableFuture<Void> shutdown = CompletableFuture.runAsync(() -> manager.shutdownAll(Duration.ofMinutes(2)));

        assertThat(Children.failureOf(early.result())).isInstanceOf(SKProcessStartException.class)
                .hasMessageContaining("'shut-early'").hasMessageContaining("shutdownAll of the EXTERNAL process manager began");
        commander.setQuota(Domain.EXTERNAL, 2);
        SKProcess during = manager.spawn("shut-during");
        assertThat(shutdown).as("shutdownAll still waits for the busy process").isNotDone();
        Children.until("shutdownAll stops the busy process", Children.BOUND, () -> busy.state() == ProcessState.STOPPING);
        SKGlobal.<Boolean>value(Domain.GLOBAL, release).set(true);
        Children.await(shutdown);

        assertThat(Children.await(task)).isEqualTo("released");
        assertThat(busy.state()).isEqualTo(ProcessState.STOPPED);
        assertThat(during.state()).as("a spawn begun after shutdownAll began is not stopped by it").isEqualTo(ProcessState.READY);
        assertThat(manager.processes()).containsExactly(during);
        assertThat(liveDescendants()).extracting(ProcessHandle::pid).containsExactly(during.pid());
        assertThat(commander.running(Domain.EXTERNAL)).isEqualTo(1);
    }

    @Test
    void aSpawnThatHasItsSlotButWhoseProcessIsNotListedYetFailsWhenShutdownAllBegins() throws Exception {
        SKProcessManager manager = SKProcessManager.of(Domain.EXTERNAL);
        commander.setQuota(Domain.EXTERNAL, 0);
        commander.setPolicy(QuotaPolicy.WAIT, LONG_WAIT);
        Spawn spawn = spawnInBackground(manager, "shut-unlisted");
        Children.until("the spawn waits for a slot", Children.BOUND, () -> commander.waiting(Domain.EXTERNAL) == 1);

        // holding the manager's monitor keeps the spawn between taking its slot and listing its
        // process; shutdownAll (reentrant here) begins in that window
        synchronized (manager) {
            commander.setQuota(Domain.EXTERNAL, 1);
            Children.until("the spawn has its slot and waits to list its process", Children.BOUND,
                    () -> Conditions.blockedOn(spawn.thread(), manager));
            assertThat(commander.running(Domain.EXTERNAL)).isEqualTo(1);

            manager.shutdownAll(Duration.ofSeconds(5));
        }

        assertThat(Children.failureOf(spawn.result())).isInstanceOf(SKProcessStartException.class)
                .hasMessageContaining("'shut-unlisted'").hasMessageContaining("shutdownAll of the EXTERNAL process manager began");
        assertThat(Children.await(spawn.interruptedAfter())).as("the spawn's thread is not left interrupted").isFalse();
        assertThat(manager.processes()).isEmpty();
        assertThat(commander.running(Domain.EXTERNAL)).as("its slot is freed").isZero();
        assertThat(liveDescendants()).isEmpty();
        assertThat(manager.spawn("shut-unlisted").state()).as("the name is free again").isEqualTo(ProcessState.READY);
    }

    @Test
    void aSpawnThatTookAWarmSpareButHasNotListedItsProcessFailsWhenShutdownAllBeginsAndStopsTheSpare() throws Exception {
        SKProcessManager manager = SKProcessManager.of(Domain.EXTERNAL);
        commander.setQuota(Domain.EXTERNAL, 1); // the spare's slot is the only one
        manager.keepWarm(1);
        assertThat(manager.awaitWarmSpares(1, Children.BOUND)).as("a warm spare ready").isTrue();
        List<ProcessHandle> spares = liveDescendants();
        assertThat(spares).as("the spare's JVM").hasSize(1);
        long spare = spares.get(0).pid();
        assertThat(commander.running(Domain.EXTERNAL)).as("the spare holds the slot").isEqualTo(1);

        WarmSpares warm = manager.spares();
        CountDownLatch holding = new CountDownLatch(1);
        CountDownLatch begin = new CountDownLatch(1);
        CompletableFuture<Void> shutdown = new CompletableFuture<>();
        Spawn spawn;
        synchronized (warm) { // the spawn, past its checks for a shutdownAll, waits here to take the spare
            spawn = spawnInBackground(manager, "shut-spare");
            Children.until("the spawn is about to take the spare", Children.BOUND, () -> Conditions.blockedOn(spawn.thread(), warm));
            // a thread of its own holds the manager's monitor from before the spare is taken until its
            // shutdownAll (reentrant there) begins: the spawn waits to list its process all that while
            Thread.ofPlatform().name("test-shutdown-spare").start(() -> {
                try {
                    synchronized (manager) {
                        holding.countDown();
                        if (!begin.await(Children.BOUND.toMillis(), TimeUnit.MILLISECONDS)) {
                            throw new AssertionError("the test did not let shutdownAll begin within " + Children.BOUND);
                        }
                        manager.shutdownAll(Duration.ofSeconds(5));
                    }
                    shutdown.complete(null);
                } catch (Throwable e) {
                    shutdown.completeExceptionally(e);
                }
            });
            assertThat(holding.await(Children.BOUND.toMillis(), TimeUnit.MILLISECONDS)).as("the manager's monitor held").isTrue();
        }
        Children.until("the spawn took the spare and waits to list its process", Children.BOUND,
                () -> Conditions.blockedOn(spawn.thread(), manager));
        assertThat(manager.warmSpares()).as("spares ready once the spawn took its").isZero();
        assertThat(ProcessHandle.of(spare)).as("the spare's JVM, taken").hasValueSatisfying(h -> assertThat(h.isAlive()).isTrue());
        begin.countDown();
        Children.await(shutdown);

        assertThat(Children.failureOf(spawn.result())).isInstanceOf(SKProcessStartException.class)
                .hasMessageContaining("'shut-spare'").hasMessageContaining("shutdownAll of the EXTERNAL process manager began");
        assertThat(Children.await(spawn.interruptedAfter())).as("the spawn's thread is not left interrupted").isFalse();
        assertThat(Children.goneWithin(spare, Children.BOUND)).as("the spare's JVM (pid %d) is gone", spare).isTrue();
        assertThat(manager.processes()).isEmpty();
        assertThat(commander.running(Domain.EXTERNAL)).as("the spare's slot is freed").isZero();
        assertThat(liveDescendants()).isEmpty();

        SKProcess later = manager.spawn("shut-spare"); // takes the only slot, under the quota of 1
        assertThat(later.state()).isEqualTo(ProcessState.READY);
        assertThat(later.pid()).isNotEqualTo(spare);
        assertThat(manager.processes()).containsExactly(later);
    }

    @Test
    void aChildsSpawnWaitingForItsParentsCommanderFailsWhenTheChildsShutdownAllBegins() throws Exception {
        SKProcess child = SKProcessManager.of(Domain.INTERNAL).spawn("shut-parent");
        commander.setQuota(Domain.INTERNAL, commander.running(Domain.INTERNAL));
        commander.setPolicy(QuotaPolicy.WAIT, LONG_WAIT);
        CompletableFuture<Long> waiting = child.submit(() -> SKProcessManager.of(Domain.INTERNAL).spawn("shut-grandchild").pid());
        Children.until("the child's spawn waits for a slot in this JVM's commander", Children.BOUND,
                () -> commander.waiting(Domain.INTERNAL) == 1);

        child.execute(() -> {
            SKProcessManager.of(Domain.INTERNAL).shutdownAll(Duration.ofSeconds(5));
            return null;
        }, Children.BOUND);

        assertThat(Children.failureOf(waiting)).isInstanceOf(SKTaskFailedException.class)
                .hasMessageContaining("SKProcessStartException").hasMessageContaining("'shut-grandchild'")
                .hasMessageContaining("shutdownAll of the INTERNAL process manager began").hasMessageContaining("waited for its slot");
        assertThat(liveDescendants()).as("no grandchild started").extracting(ProcessHandle::pid).containsExactly(child.pid());

        commander.setQuota(Domain.INTERNAL, commander.running(Domain.INTERNAL) + 1);
        List<Object> later = Children.await(child.submit(() -> {
            SKProcess grandchild = SKProcessManager.of(Domain.INTERNAL).spawn("shut-grandchild-later");
            try {
                return List.of(grandchild.state().name(), ProcessHandle.current().children().count());
            } finally {
                grandchild.stop(Duration.ofSeconds(5));
            }
        }));
        assertThat(later).containsExactly(ProcessState.READY.name(), 1L);
    }

    /**
     * In a child JVM, while a spawn waits for its parent's answer to a call that the parent keeps
     * unanswered: runs this child's shutdownAll and tells how the spawn ended (or that it had not
     * within the bound). Without a cancel the spawn would end only when the call times out, with
     * that timeout as the cause of its failure.
     */
    static String shutDownWhileTheSpawnAwaitsItsParent(SKProcessManager manager, CompletableFuture<String> spawn)
            throws Exception {
        manager.shutdownAll(Duration.ZERO);
        try {
            return spawn.get(Children.BOUND.toSeconds(), TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            return "still waiting " + Children.BOUND + " after shutdownAll returned";
        }
    }

    /**
     * In a child JVM: starts a spawn on a thread of its own; {@code outcome} tells how it ended:
     * whether its thread was interrupted then, its failure and the failure's cause.
     */
    static Thread spawnOnAThreadOfItsOwn(SKProcessManager manager, String name, CompletableFuture<String> outcome) {
        return Thread.ofPlatform().name("spawner-" + name).start(() -> {
            try {
                manager.spawn(name).stop(Duration.ofSeconds(5));
                outcome.complete("spawned");
            } catch (Throwable e) {
                outcome.complete("interrupted " + Thread.currentThread().isInterrupted() + ", " + e.getClass().getSimpleName()
                        + ": " + e.getMessage() + " Cause: " + (e.getCause() == null ? "none" : e.getCause().getMessage()));
            }
        });
    }

    /** Whether a thread waits (not runs) inside a method of the child's view of its parent's commander. */
    static boolean awaitsItsParentIn(Thread thread, String method) {
        return waitsIn(thread, "dev.suitkaise.process.internal.RemoteAuthority", method);
    }

    /** Whether a thread waits (not runs, nor is blocked on a monitor) inside a method of a class. */
    static boolean waitsIn(Thread thread, String className, String method) {
        Thread.State state = thread.getState();
        return (state == Thread.State.WAITING || state == Thread.State.TIMED_WAITING)
                && Arrays.stream(thread.getStackTrace()).anyMatch(f -> f.getMethodName().equals(method)
                && f.getClassName().equals(className));
    }

    /** In a child JVM: a spawn whose try for a free slot the parent keeps unanswered, ended by the child's shutdownAll. */
    static String shutDownWhileTheSpawnTriesForAFreeSlot() throws Exception {
        SKProcessManager manager = SKProcessManager.of(Domain.INTERNAL);
        CompletableFuture<String> spawn = new CompletableFuture<>();
        Thread spawner = spawnOnAThreadOfItsOwn(manager, "shut-try-grandchild", spawn);
        Conditions.until("the spawn awaits its parent's answer to its try for a free slot", Children.BOUND,
                () -> awaitsItsParentIn(spawner, "tryAcquire"));
        return shutDownWhileTheSpawnAwaitsItsParent(manager, spawn);
    }

    /** The grandchild a later spawn in the child starts: its state, and the child's children then. */
    private static List<Object> aLaterSpawnInTheChild(SKProcess child) throws Exception {
        return Children.await(child.submit(() -> {
            SKProcess grandchild = SKProcessManager.of(Domain.INTERNAL).spawn("shut-grandchild-later");
            try {
                return List.of(grandchild.state().name(), ProcessHandle.current().children().count());
            } finally {
                grandchild.stop(Duration.ofSeconds(5));
            }
        }));
    }

    @Test
    void aChildsSpawnAwaitingItsParentsAnswerToItsTryForAFreeSlotFailsWhenTheChildsShutdownAllBegins() throws Exception {
        SKProcess child = SKProcessManager.of(Domain.INTERNAL).spawn("shut-try-parent");
        int before = commander.running(Domain.INTERNAL);
        // a free slot: the try the child's shutdownAll ended is granted once this JVM answers it, and the child gives it back
        commander.setQuota(Domain.INTERNAL, before + 1);
        commander.setPolicy(QuotaPolicy.WAIT, LONG_WAIT);
        Object budget = Commanders.current(); // this JVM's budget: the child's try for a free slot waits on its monitor
        String outcome;
        synchronized (budget) {
            // the child's own bounds come first: it returns, passing or failing, before this one
            outcome = Children.await(child.submit(() -> shutDownWhileTheSpawnTriesForAFreeSlot()), Children.BOUND.multipliedBy(3));
        }

        assertThat(outcome).as("the spawn ended while this JVM had not answered its try, naming shutdownAll, its thread not interrupted")
                .startsWith("interrupted false, SKProcessStartException: Spawn of process 'shut-try-grandchild' (INTERNAL) ended:"
                        + " shutdownAll of the INTERNAL process manager began")
                .endsWith("Cause: Process 'shut-try-parent' stopped waiting for its parent (pid " + ProcessHandle.current().pid()
                        + "): the wait was cancelled.");
        // under WAIT, the later spawn waits until the slot granted to the ended try is given back, and
        // waits past this test's bound if it never is
        assertThat(aLaterSpawnInTheChild(child)).containsExactly(ProcessState.READY.name(), 1L);
        Children.until("the later grandchild's slot is free again", Children.BOUND, () -> commander.running(Domain.INTERNAL) == before);
        assertThat(commander.waiting(Domain.INTERNAL)).isZero();
        assertThat(liveDescendants()).extracting(ProcessHandle::pid).containsExactly(child.pid());
    }

    /**
     * In a child JVM: a spawn that found no free slot, whose read of the policy the parent keeps
     * unanswered, ended by the child's shutdownAll. The spawn, past the spares' monitor while the
     * parent keeps its try unanswered, is stopped on that monitor between its try (answered) and its
     * read of the policy, while the parent takes its
     * commander's monitor again; the globals named say where each side is.
     */
    static String shutDownWhileTheSpawnReadsThePolicy(String tryWaits, String tryAnswered, String parentHolds) throws Exception {
        SKProcessManager manager = SKProcessManager.of(Domain.INTERNAL);
        CompletableFuture<String> spawn = new CompletableFuture<>();
        WarmSpares spares = manager.spares();
        Thread spawner = spawnOnAThreadOfItsOwn(manager, "shut-policy-grandchild", spawn);
        Conditions.until("the spawn awaits its parent's answer to its try for a free slot", Children.BOUND,
                () -> awaitsItsParentIn(spawner, "tryAcquire"));
        synchronized (spares) { // the spawn, its try answered, waits here before it reads the policy
            SKGlobal.<Boolean>value(Domain.GLOBAL, tryWaits).set(true);
            Conditions.until("the spawn's try is answered and it comes to the spares", Children.BOUND,
                    () -> Conditions.blockedOn(spawner, spares));
            SKGlobal.<Boolean>value(Domain.GLOBAL, tryAnswered).set(true);
            Conditions.until("the parent holds its commander's monitor again", Children.BOUND,
                    () -> SKGlobal.<Boolean>value(Domain.GLOBAL, parentHolds).isSet());
        }
        Conditions.until("the spawn awaits its parent's answer to its read of the policy", Children.BOUND,
                () -> awaitsItsParentIn(spawner, "policyAndMaxWait"));
        return shutDownWhileTheSpawnAwaitsItsParent(manager, spawn);
    }

    @Test
    void aChildsSpawnAwaitingItsParentsAnswerToItsReadOfThePolicyFailsWhenTheChildsShutdownAllBegins() throws Exception {
        SKProcess child = SKProcessManager.of(Domain.INTERNAL).spawn("shut-policy-parent");
        int before = commander.running(Domain.INTERNAL);
        commander.setQuota(Domain.INTERNAL, before); // no free slot: the spawn goes on to read the policy
        commander.setPolicy(QuotaPolicy.WAIT, LONG_WAIT);
        Object budget = Commanders.current(); // this JVM's budget: the child's calls wait on its monitor
        String tryWaits = "shut-policy-try-waits-" + UUID.randomUUID();
        String tryAnswered = "shut-policy-try-answered-" + UUID.randomUUID();
        String parentHolds = "shut-policy-parent-holds-" + UUID.randomUUID();
        CompletableFuture<String> outcome;
        synchronized (budget) { // the child's try for a free slot waits here
            outcome = child.submit(() -> shutDownWhileTheSpawnReadsThePolicy(tryWaits, tryAnswered, parentHolds));
            Children.until("the child's try for a free slot waits", Children.BOUND,
                    () -> SKGlobal.<Boolean>value(Domain.GLOBAL, tryWaits).isSet());
        }
        Children.until("the child's try is answered", Children.BOUND, () -> SKGlobal.<Boolean>value(Domain.GLOBAL, tryAnswered).isSet());
        String ended;
        synchronized (budget) { // the child's read of the policy waits here
            SKGlobal.<Boolean>value(Domain.GLOBAL, parentHolds).set(true);
            // the child's own bounds come first: it returns, passing or failing, before this one
            ended = Children.await(outcome, Children.BOUND.multipliedBy(3));
        }

        assertThat(ended).as("the spawn ended while this JVM had not answered its read, naming shutdownAll, its thread not interrupted")
                .startsWith("interrupted false, SKProcessStartException: Spawn of process 'shut-policy-grandchild' (INTERNAL) ended:"
                        + " shutdownAll of the INTERNAL process manager began")
                .endsWith("Cause: Process 'shut-policy-parent' stopped waiting for its parent (pid " + ProcessHandle.current().pid()
                        + "): the wait was cancelled.");
        assertNoSlotHeldAndALaterSpawnInTheChildStarts(child, before);
    }

    /**
     * In a child JVM: a spawn that found no free slot and waits for a warm spare's fill, which asks
     * the parent for a slot, ended by the child's shutdownAll. The fill is held in this child, on
     * the lock of its commander's holder, which it takes after it counts itself as asking and
     * which the spawn does not take again; the spawn waits for fills far longer than any bound
     * here, so that only the cancel ends its wait in time. The global named says when the parent
     * may answer the spawn's try for a free slot.
     */
    static String shutDownWhileTheSpawnWaitsForAFill(String fillAsks) throws Exception {
        SKProcessManager manager = SKProcessManager.of(Domain.INTERNAL);
        WarmSpares spares = manager.spares();
        spares.acquireWait(Duration.ofMinutes(10));
        java.lang.reflect.Field lockField = Commanders.class.getDeclaredField("LOCK");
        lockField.setAccessible(true);
        Object commanders = lockField.get(null);
        CompletableFuture<String> spawn = new CompletableFuture<>();
        Thread spawner = spawnOnAThreadOfItsOwn(manager, "shut-fill-grandchild", spawn);
        Conditions.until("the spawn awaits its parent's answer to its try for a free slot", Children.BOUND,
                () -> awaitsItsParentIn(spawner, "tryAcquire"));
        CompletableFuture<Void> shutdown = new CompletableFuture<>();
        boolean endedWhileTheFillAsked;
        synchronized (commanders) { // the fill, counted as asking for a slot, waits here before it asks
            Thread filler = Thread.ofPlatform().name("filler").start(() -> manager.keepWarm(1));
            Conditions.until("the fill is counted as asking for a slot", Children.BOUND, () -> Conditions.blockedOn(filler, commanders));
            SKGlobal.<Boolean>value(Domain.GLOBAL, fillAsks).set(true);
            Conditions.until("the spawn's try is answered and it waits for the fill", Children.BOUND,
                    () -> waitsIn(spawner, WarmSpares.class.getName(), "awaitAcquisitions"));
            // its spares' shutdown waits for the fill, held here: shutdownAll runs on a thread of its own
            Thread.ofPlatform().name("shutter").start(() -> {
                try {
                    manager.shutdownAll(Duration.ZERO);
                    shutdown.complete(null);
                } catch (Throwable e) {
                    shutdown.completeExceptionally(e);
                }
            });
            Conditions.until("the spawn has ended", Children.BOUND, spawn::isDone);
            endedWhileTheFillAsked = Conditions.blockedOn(filler, commanders);
        }
        shutdown.get(Children.BOUND.toSeconds(), TimeUnit.SECONDS);
        return (endedWhileTheFillAsked ? "ended while the fill asked; " : "ended after the fill asked; ") + spawn.getNow("?");
    }

    @Test
    void aChildsSpawnWaitingForAWarmSparesFillThatAsksItsParentForASlotFailsWhenTheChildsShutdownAllBegins() throws Exception {
        SKProcess child = SKProcessManager.of(Domain.INTERNAL).spawn("shut-fill-parent");
        int before = commander.running(Domain.INTERNAL);
        commander.setQuota(Domain.INTERNAL, before); // no free slot: the spawn goes on to a spare's slot
        commander.setPolicy(QuotaPolicy.WAIT, LONG_WAIT);
        Object budget = Commanders.current(); // this JVM's budget: the child's try for a free slot waits on its monitor
        String fillAsks = "shut-fill-asks-" + UUID.randomUUID();
        CompletableFuture<String> outcome;
        synchronized (budget) {
            outcome = child.submit(() -> shutDownWhileTheSpawnWaitsForAFill(fillAsks));
            Children.until("a fill in the child is counted as asking for a slot", Children.BOUND,
                    () -> SKGlobal.<Boolean>value(Domain.GLOBAL, fillAsks).isSet());
        }
        // the child's own bounds come first: it returns, passing or failing, before this one
        String ended = Children.await(outcome, Children.BOUND.multipliedBy(3));

        assertThat(ended).as("the spawn ended while the fill still asked, naming shutdownAll, its thread not interrupted")
                .startsWith("ended while the fill asked; interrupted false, SKProcessStartException: Spawn of process"
                        + " 'shut-fill-grandchild' (INTERNAL) ended: shutdownAll of the INTERNAL process manager began");
        assertNoSlotHeldAndALaterSpawnInTheChildStarts(child, before);
    }

    /**
     * Checks, after a spawn in {@code child} was ended, that no slot request of it waits here and
     * no slot is held for it ({@code before} slots taken, as before it), then that a spawn in the
     * child under a quota of one more slot starts, frees its slot again and leaves no process but
     * the child.
     */
    private void assertNoSlotHeldAndALaterSpawnInTheChildStarts(SKProcess child, int before) throws Exception {
        assertThat(commander.waiting(Domain.INTERNAL)).as("no slot request of the ended spawn waits here").isZero();
        assertThat(commander.running(Domain.INTERNAL)).as("slots taken here").isEqualTo(before);

        commander.setQuota(Domain.INTERNAL, before + 1);
        assertThat(aLaterSpawnInTheChild(child)).containsExactly(ProcessState.READY.name(), 1L);
        Children.until("the later grandchild's slot is free again", Children.BOUND, () -> commander.running(Domain.INTERNAL) == before);
        assertThat(liveDescendants()).extracting(ProcessHandle::pid).containsExactly(child.pid());
    }
}
