package dev.suitkaise.process.internal;

import dev.suitkaise.process.ProcessSpec;
import dev.suitkaise.process.SKProcessStartException;
import dev.suitkaise.reg.Domain;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;

/**
 * The warm spare JVMs of one process manager: child JVMs started ahead of need, connected back
 * and waiting for their welcome, so that a spawn whose JVM settings match takes one and only
 * sends it its name and init functions. Each spare holds a budget slot of its domain from the
 * moment it starts: taken without waiting, and only while no spawn waits for a slot (no spare is
 * started otherwise). The slot passes to the process that takes the spare; a spawn that finds the
 * budget used up takes the slot of a spare, ready or still starting, and that spare is stopped. A
 * spare exits by itself when this JVM dies, like every child.
 *
 * <p>Thread-safe: state under this object's monitor; JVMs start on virtual threads.
 */
public final class WarmSpares {

    private static final Logger LOG = LoggerFactory.getLogger(WarmSpares.class);
    private static final String WHO = "a warm spare";
    private static final int PRACTICE_ROUNDS = 3;
    /** The longest a spawn that needs a spare's slot waits for fills asking the commander for slots. */
    private static final Duration ACQUIRE_WAIT = Duration.ofSeconds(5);

    private final Domain domain;
    /** The longest a spawn that needs a spare's slot waits for fills asking for slots ({@link #ACQUIRE_WAIT} but in tests). */
    private volatile Duration acquireWait = ACQUIRE_WAIT;
    private final Logger spareLog;
    private final Deque<Incarnation> ready = new ArrayDeque<>();
    /** Spares being started; each holds a slot until it is ready, fails, or gives its slot away. */
    private final List<Starting> starting = new ArrayList<>();
    private ProcessSpec template;
    private List<String> allowed = List.of();
    private Settings settings;
    private int wanted;
    /** Fills asking the commander for a slot right now, outside the monitor (in a child that is a call to the parent). */
    private int acquiring;
    /** Changes whenever the settings change or the spares are shut down: JVMs started before are not kept. */
    private long generation;

    /**
     * The JVM-level settings of a spec: what decides the command and environment of its JVM.
     * Two specs with equal settings can use each other's spares.
     */
    private record Settings(List<String> jvmOptions, String maxHeap, Map<String, String> environment,
                            Map<String, String> systemProperties, List<String> allowed) {

        static Settings of(ProcessSpec spec, List<String> allowed) {
            return new Settings(spec.jvmOptions(), spec.maxHeap(), spec.environment(), spec.systemProperties(), List.copyOf(allowed));
        }
    }

    /** A spare being started; guarded by the monitor of its {@link WarmSpares}. */
    private static final class Starting {
        final long generation;
        /** The JVM once it runs, before it connects; null before. */
        Incarnation jvm;
        /** Its slot was given to a spawn, or it is not wanted any more: it is stopped as soon as it runs. */
        boolean cancelled;
        /** Its slot belongs to a spawn now: when it ends, nothing is freed. */
        boolean slotGiven;
        /**
         * Its start has ended and whether it frees its slot is settled (it stays in
         * {@code starting} while a JVM not kept is stopped): its slot can no longer be given.
         */
        boolean decided;

        Starting(long generation) {
            this.generation = generation;
        }
    }

    /**
     * Creates the spares of a manager; none until {@link #keep}.
     *
     * @param domain the manager's domain
     */
    public WarmSpares(Domain domain) {
        this.domain = Objects.requireNonNull(domain, "domain");
        this.spareLog = LoggerFactory.getLogger("dev.suitkaise.process.child.spare-" + domain.name().toLowerCase(java.util.Locale.ROOT));
    }

    /**
     * Changes how long a {@link #giveSlot(SlotCancel)} waits, at most, for fills asking for slots ({@link #ACQUIRE_WAIT}
     * otherwise), for the waits that begin from now on. For tests: one that waits longer than any
     * of their bounds sees that only a cancel ends the wait in time. Thread-safe; never blocks.
     *
     * @param wait the longest wait; not negative
     */
    public void acquireWait(Duration wait) {
        if (wait.isNegative()) {
            throw new IllegalArgumentException("The wait for fills asking for slots must not be negative, was " + wait);
        }
        acquireWait = wait;
    }

    /**
     * Keeps {@code count} spares with the JVM settings of {@code template} from now on: spares of
     * other settings are stopped, missing ones are started in the background. Does not block but
     * for stopping spares of other settings.
     *
     * @param template the spec whose JVM options, heap, environment and system properties the spares have
     * @param allowedClasses the classes and packages their codec allows beyond the defaults
     * @param count how many; 0 stops them all
     */
    public void keep(ProcessSpec template, List<String> allowedClasses, int count) {
        List<Incarnation> retired = new ArrayList<>();
        synchronized (this) {
            Settings s = Settings.of(template, allowedClasses);
            if (!s.equals(settings)) {
                retired.addAll(ready);
                ready.clear();
                generation++; // spares of the old settings still starting are stopped when they run
                for (Starting st : starting) {
                    cancel(st);
                }
            }
            while (ready.size() > count) {
                retired.add(ready.removeLast());
            }
            this.template = template;
            this.allowed = List.copyOf(allowedClasses);
            this.settings = s;
            this.wanted = count;
        }
        retired.forEach(this::retire);
        fill();
    }

    /**
     * The spares ready to be taken now.
     *
     * @return the count
     */
    public synchronized int ready() {
        return ready.size();
    }

    /**
     * Waits until at least {@code count} spares are ready.
     *
     * @param count how many
     * @param timeout the longest wait
     * @return true if they are ready, false if the timeout passed first
     * @throws InterruptedException if the calling thread is interrupted while it waits
     */
    public boolean awaitReady(int count, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (this) {
            return awaitWhile(() -> ready.size() < count, deadline);
        }
    }

    /**
     * Waits on this monitor, which the caller holds, while {@code waiting} holds and the deadline
     * has not passed; the state it watches changes under the monitor, with {@code notifyAll}.
     *
     * @param waiting the condition to wait out, checked under the monitor
     * @param deadline when to give up, in {@link System#nanoTime()} terms
     * @return true once {@code waiting} no longer holds, false if the deadline passed first
     * @throws InterruptedException if the calling thread is interrupted while it waits
     */
    private boolean awaitWhile(BooleanSupplier waiting, long deadline) throws InterruptedException {
        while (waiting.getAsBoolean()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        return true;
    }

    /**
     * Takes a ready spare whose JVM settings are those of {@code spec}, with its budget slot.
     *
     * @param spec the spec of the process to start
     * @param allowedClasses the classes and packages that process's codec allows
     * @return a connected spare JVM (its slot now belongs to the caller), or null if none fits
     */
    public Incarnation take(ProcessSpec spec, List<String> allowedClasses) {
        Incarnation taken = null;
        int dead = 0;
        synchronized (this) {
            if (ready.isEmpty() || !Settings.of(spec, allowedClasses).equals(settings)) {
                return null;
            }
            while (taken == null && !ready.isEmpty()) {
                Incarnation i = ready.removeFirst();
                if (i.process.isAlive() && !i.channel.isClosed()) {
                    taken = i;
                } else {
                    dead++; // it died between its exit and the exit's callback: the callback finds it gone and frees nothing
                }
            }
        }
        for (int k = 0; k < dead; k++) {
            releaseSlot(); // outside the monitor: in a child, freeing a slot is a call to the parent
        }
        return taken;
    }

    /**
     * Gives the budget slot of one spare to a spawn that found the budget used up, and stops that
     * spare: a ready one of other settings (a ready one of the spawn's settings would have been
     * taken), else one still starting whose outcome is not settled yet. The slot changes hands
     * without being freed, so no other spawn or spare can take it in between. Waits (at most a
     * few seconds) while a {@link #fill} asks the commander for a slot, so as to see the spare that
     * slot starts; a cancel of {@code cancel} ends that wait at once, and no slot is given then (nor
     * if it was cancelled already), without touching the calling thread's interrupt status. An
     * interrupt ends the wait too, with the status set again. Stopping a ready spare whose slot is
     * given (a SIGKILL, and a wait of at most a few seconds for its exit) is not cut short.
     *
     * @param cancel ends the wait for fills, giving no slot, when cancelled (a {@code shutdownAll}
     *     ending the spawn)
     * @return true if the caller now holds a slot, false if none could be given or {@code cancel}
     *     was cancelled before one was
     */
    public boolean giveSlot(SlotCancel cancel) {
        Objects.requireNonNull(cancel, "cancel");
        Incarnation stop = null;
        // registered before the check, as SlotCancel asks: a cancel from now on wakes the wait below
        SlotCancel.Registration wake = cancel.onCancel(this::wakeAll);
        try {
            synchronized (this) {
                awaitAcquisitions(cancel);
                if (cancel.isCancelled()) {
                    LOG.debug("A spawn that needed the slot of {} {} was ended; it takes none", WHO, domain);
                    return false;
                }
                Incarnation i = ready.pollLast();
                if (i != null) {
                    stop = i;
                } else {
                    for (Starting st : starting) {
                        if (!st.slotGiven && !st.decided) {
                            st.slotGiven = true;
                            cancel(st);
                            LOG.debug("A spawn takes the slot of {} {} still starting", WHO, domain);
                            return true;
                        }
                    }
                    return false;
                }
            }
        } finally {
            wake.close();
        }
        ManagedProcess.discard(stop, null, null);
        LOG.debug("A spawn takes the slot of {} {} (pid {}), which is stopped", WHO, domain, stop.pid);
        return true;
    }

    /** Wakes the threads waiting on this monitor (a cancel of a {@link #giveSlot(SlotCancel)} wait). */
    private synchronized void wakeAll() {
        notifyAll();
    }

    /**
     * Waits, under the monitor, while fills ask the commander for slots (each a short call), at
     * most {@link #ACQUIRE_WAIT} (or the wait set by {@link #acquireWait}), and only until {@code cancel} is
     * cancelled; an interrupt ends the wait with the flag set again.
     */
    private void awaitAcquisitions(SlotCancel cancel) {
        Duration bound = acquireWait;
        long deadline = System.nanoTime() + Math.min(TimeUnit.NANOSECONDS.convert(bound), Long.MAX_VALUE / 4);
        try {
            if (!awaitWhile(() -> acquiring > 0 && !cancel.isCancelled(), deadline)) {
                LOG.debug("{} fill(s) still asking for a {} slot after {}; giving a slot without them", acquiring, domain,
                        bound);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Marks a starting spare as not wanted, and stops its JVM if it runs already; called under the monitor. */
    private static void cancel(Starting st) {
        st.cancelled = true;
        if (st.jvm != null) {
            st.jvm.intentional = true;
            st.jvm.process.destroyForcibly();
        }
    }

    /**
     * Starts the missing spares, each on its own virtual thread, while slots are free and no spawn
     * waits for one. Does not block (but for a slot request to the parent's commander in a child,
     * made outside the monitor), and never throws: a failure is logged, and the next spawn tries
     * again.
     */
    public void fill() {
        try {
            while (true) {
                synchronized (this) {
                    if (ready.size() + starting.size() + acquiring >= wanted) {
                        return;
                    }
                    acquiring++; // counted as starting by other fills, waited for by giveSlot
                }
                boolean slot = false;
                Starting st = null;
                ProcessSpec spec;
                List<String> allow;
                int readyNow;
                int wantedNow;
                try {
                    Authority authority = authority();
                    slot = authority.waiting(domain) == 0 && authority.tryAcquire(domain, WHO);
                } finally {
                    synchronized (this) {
                        if (slot && ready.size() + starting.size() < wanted) {
                            st = new Starting(generation);
                            starting.add(st);
                        }
                        if (!slot || st != null) {
                            acquiring--; // a slot not wanted any more stays counted until it is freed, below
                        }
                        spec = template;
                        allow = allowed;
                        readyNow = ready.size();
                        wantedNow = wanted;
                        notifyAll();
                    }
                }
                if (st == null) {
                    if (slot) {
                        try {
                            releaseSlot(); // the spares were shut down or lowered meanwhile
                        } finally {
                            synchronized (this) {
                                acquiring--;
                                notifyAll();
                            }
                        }
                    } else {
                        LOG.debug("No free {} slot for {}; {} of {} spare(s) ready", domain, WHO, readyNow, wantedNow);
                    }
                    return;
                }
                Starting started = st;
                Thread.ofVirtual().name("sk-process-spare-" + domain).start(() -> startOne(started, spec, allow));
            }
        } catch (RuntimeException e) {
            LOG.warn("Cannot start {} {} JVM now: {}", WHO, domain, e.getMessage());
        }
    }

    private void startOne(Starting st, ProcessSpec spec, List<String> allow) {
        Incarnation i = null;
        try {
            i = ManagedProcess.connect(Launcher.command(spec, allow, null), spec.environment(), "spare", spareLog,
                    spec.startTimeout(), jvm -> launched(st, jvm));
            practise(i, spec.startTimeout());
        } catch (RuntimeException e) {
            i = null; // connect and practise leave nothing running when they fail
            boolean expected;
            synchronized (this) {
                expected = st.cancelled;
            }
            if (expected) {
                LOG.debug("{} {} JVM stopped while it started: {}", WHO, domain, e.getMessage());
            } else {
                LOG.warn("A warm spare {} JVM failed to start; spawns start new JVMs until the next one does: {}", domain,
                        e.getMessage());
            }
        }
        boolean keep;
        boolean freeSlot;
        synchronized (this) {
            keep = i != null && !st.cancelled && st.generation == generation && ready.size() < wanted;
            freeSlot = !st.slotGiven;
            st.decided = true; // from here its slot is kept, freed or already given: giveSlot must not give it (again)
            if (keep) {
                starting.remove(st);
                ready.addLast(i);
                Incarnation spare = i;
                i.exited.thenRun(() -> exitedWhileReady(spare));
                notifyAll();
            }
        }
        if (keep) {
            LOG.debug("Warm spare {} JVM ready as pid {}", domain, i.pid);
            return;
        }
        try {
            if (i != null) {
                ManagedProcess.discard(i, null, null); // not wanted any more: a shutdown waits until it is gone
            }
            if (freeSlot) {
                releaseSlot();
            }
        } finally {
            boolean failedByItself;
            synchronized (this) {
                starting.remove(st);
                failedByItself = i == null && !st.cancelled;
                notifyAll();
            }
            if (!failedByItself) {
                fill(); // e.g. a spare of old settings made way for one of the new; a failure waits for the next spawn
            }
        }
    }

    /** Records a starting spare's JVM as soon as it runs, and stops it at once if it is not wanted any more. */
    private void launched(Starting st, Incarnation jvm) {
        synchronized (this) {
            st.jvm = jvm;
            if (st.cancelled) {
                cancel(st);
            }
        }
    }

    /**
     * A few heartbeat round trips with a new spare before it waits, each bounded by the start
     * timeout: the first frames a JVM reads and answers run code for the first time (class
     * linking, call-site set-up), which would otherwise delay the spawn that takes it by
     * milliseconds. Also proves the spare answers.
     *
     * @throws SKProcessStartException if it does not answer in time; it is then discarded
     */
    private static void practise(Incarnation i, Duration timeout) {
        CompletableFuture<Void> rounds = new CompletableFuture<>();
        Thread.ofVirtual().name("sk-process-spare-practice-" + i.pid).start(() -> {
            try {
                for (int k = 0; k < PRACTICE_ROUNDS; k++) {
                    if (!i.channel.send(new Frame.Ping())) {
                        throw new IOException("the channel closed");
                    }
                    Frame f = i.channel.receive();
                    if (!(f instanceof Frame.Heartbeat)) {
                        throw new IOException("it answered a ping with " + f.getClass().getSimpleName());
                    }
                }
                rounds.complete(null);
            } catch (IOException | RuntimeException e) {
                rounds.completeExceptionally(e);
            }
        });
        try {
            rounds.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            ManagedProcess.discard(i, null, null);
            Thread.currentThread().interrupt();
            throw new SKProcessStartException("Interrupted while the warm spare pid " + i.pid + " practised.", e);
        } catch (ExecutionException | TimeoutException e) {
            ManagedProcess.discard(i, null, null); // closes the channel, which ends a practice still reading
            String why = e instanceof TimeoutException ? "no answer within " + timeout : String.valueOf(e.getCause().getMessage());
            throw new SKProcessStartException("The warm spare pid " + i.pid + " failed its first round trips: " + why, e);
        }
    }

    private void exitedWhileReady(Incarnation i) {
        boolean was;
        synchronized (this) {
            was = ready.remove(i);
        }
        if (was) {
            LOG.warn("Warm spare {} JVM pid {} exited while it waited (code {}); the next spawn starts a new one", domain, i.pid,
                    i.exited.getNow(-1));
            releaseSlot();
        }
    }

    /** Stops a spare that was taken out of {@link #ready} and frees its slot. */
    private void retire(Incarnation i) {
        ManagedProcess.discard(i, null, null);
        releaseSlot();
    }

    private void releaseSlot() {
        try {
            authority().release(domain);
        } catch (RuntimeException e) {
            LOG.debug("Cannot free the slot of {} in {}: {}", WHO, domain, e.getMessage());
        }
    }

    private static Authority authority() {
        return Commanders.current();
    }

    /**
     * Stops every spare, those still starting too, and keeps none from now on; waits until the
     * starting ones are gone and their slots freed, at most {@code bound}. When it returns within
     * the bound, no spare JVM runs and no spare holds a slot.
     *
     * @param bound how long to wait for starting spares to end
     */
    public void shutdown(Duration bound) {
        List<Incarnation> retired;
        synchronized (this) {
            wanted = 0;
            generation++;
            retired = new ArrayList<>(ready);
            ready.clear();
            for (Starting st : starting) {
                cancel(st);
            }
        }
        retired.forEach(this::retire);
        long deadline = System.nanoTime() + bound.toNanos();
        synchronized (this) {
            try {
                // a fill asking for a slot meanwhile frees it again (the spares are not wanted): wait for that too
                if (!awaitWhile(() -> !starting.isEmpty() || acquiring > 0, deadline)) {
                    LOG.warn("{} warm spare {} JVM(s) still starting after {}; each stops itself when it is ready", starting.size(),
                            domain, bound);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
