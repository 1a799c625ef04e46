package dev.suitkaise.process;

import dev.suitkaise.cereal.InternalCereal;
import dev.suitkaise.cereal.SKCereal;
import dev.suitkaise.cereal.SKCerealException;
import dev.suitkaise.function.AnyFunction;
import dev.suitkaise.process.internal.Authority;
import dev.suitkaise.process.internal.Codecs;
import dev.suitkaise.process.internal.Commanders;
import dev.suitkaise.process.internal.Incarnation;
import dev.suitkaise.process.internal.ManagedProcess;
import dev.suitkaise.process.internal.SlotCancel;
import dev.suitkaise.process.internal.Spinners;
import dev.suitkaise.process.internal.Waits;
import dev.suitkaise.process.internal.WarmSpares;
import dev.suitkaise.reg.Domain;
import dev.suitkaise.reg.SKAccess;
import dev.suitkaise.reg.SKAccessException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Starts, lists and shuts down the child processes of one domain. One manager per domain per
 * JVM: {@link #of(Domain)}.
 *
 * <pre>{@code
 * SKProcessManager manager = SKProcessManager.of(Domain.INTERNAL);
 * manager.onProcessInit(() -> Warmup.load(), 10);
 * SKProcess worker = manager.spawn(ProcessSpec.builder("worker").maxHeap("256m")
 *         .restartPolicy(RestartPolicy.onCrash(3, Duration.ofMillis(200))).build());
 * int answer = worker.execute(() -> 6 * 7, Duration.ofSeconds(10));
 * manager.shutdownAll(Duration.ofSeconds(5));
 * }</pre>
 *
 * <p>Each spawn takes a slot of the {@link SKProcessCommander}'s budget and of the domain's
 * quota (created lazily by the first manager; in a child, the parent's), held until the process
 * ends for good. A child may spawn processes of its own: they count against the same budget, and
 * if the child dies they exit with it (their parent is gone) and their slots are freed for it. Every child runs the manager's init functions, then its spec's, in priority
 * order, before it accepts work, and again after each restart.
 *
 * <p><b>What travels.</b> Functions, results, exceptions and globals travel through sk-cereal's
 * internal codec; classes outside the INTERNAL and EXTERNAL roots must be allowed with
 * {@link #allowClasses}/{@link #allowPackages} (for every child of this manager) or on the
 * {@link ProcessSpec} (for one). A value that is not allowed fails the task with a message
 * that says so, naming the class.
 *
 * <p>All methods are thread-safe. {@link #spawn} blocks until the child is ready (at most the
 * spec's start timeout); {@link #shutdownAll} blocks at most {@code grace} plus about 15 s.
 */
public final class SKProcessManager {

    private static final Logger LOG = LoggerFactory.getLogger(SKProcessManager.class);
    private static final Map<Domain, SKProcessManager> MANAGERS = new EnumMap<>(Domain.class);

    private final Domain domain;
    private final Map<String, ManagedProcess> processes = new LinkedHashMap<>();
    private final Set<String> reserved = new LinkedHashSet<>();
    /** The spawns whose process is not listed yet; guarded by this manager's monitor. */
    private final Set<InFlight> inFlight = new HashSet<>();
    private final List<Init> inits = new ArrayList<>();
    private final Set<String> allowed = new LinkedHashSet<>();
    private final AtomicLong initSeq = new AtomicLong();
    private final WarmSpares spares;
    private static final AtomicLong POOLS = new AtomicLong();
    /** How long an interrupted {@link #pool} waits for its interrupted spawns to end. */
    private static final Duration POOL_ABORT_WAIT = Duration.ofSeconds(20);

    private record Init(int priority, long seq, AnyFunction<?> function) {
    }

    /**
     * A spawn under way whose process is not listed yet, which {@link #shutdownAll} ends: it
     * marks it cancelled, cancels its {@link #slotWait} (never interrupting its thread), and waits
     * until it has {@link #ended}. Its fields but {@code slotWait} are guarded by the monitor of the
     * manager.
     */
    private static final class InFlight {
        /** Ends the spawn's wait for a slot, in this JVM's commander or (in a child) its parent's. */
        final SlotCancel slotWait = new SlotCancel();
        /** A shutdownAll began before its process was listed: it fails, leaving nothing behind. */
        boolean cancelled;
        /** The spawn has returned or thrown, having freed what it took if it failed. */
        boolean ended;
    }

    private SKProcessManager(Domain domain) {
        this.domain = domain;
        this.spares = new WarmSpares(domain);
    }

    /**
     * How long a thread of this JVM that waits for an answer from a child process (or from its
     * parent) polls before it sleeps: 50 microseconds unless {@code -Dsuitkaise.process.spinMicros}
     * says otherwise, zero if polling is off or the JVM has one processor. Code that waits for
     * children's answers through callbacks of its own (the cycle engine of sk-cycle) uses it to
     * wait the same way. Thread-safe; the value is fixed when sk-process is first used.
     *
     * @return the spin window
     */
    public static Duration spinWindow() {
        return Duration.ofNanos(Spinners.SPIN_NANOS);
    }

    /**
     * Watches a condition for at most the {@linkplain #spinWindow() spin window} (and at most
     * {@code limit}), yielding the processor between looks, the way sk-process's own threads wait
     * for a child's answer before they sleep: for code that waits for children's answers through
     * callbacks of its own (the cycle engine of sk-cycle). It shares this JVM's polling slots (at
     * most one polling thread per processor) with sk-process; with none free it returns at once.
     * Returns as soon as the condition holds, the window has passed or the calling thread is
     * interrupted (its interrupt status is left set). Never sleeps.
     *
     * @param limit the longest watch
     * @param done the condition, called on the calling thread only
     * @return whether the condition held when the watch ended
     */
    public static boolean watchBriefly(Duration limit, BooleanSupplier done) {
        Objects.requireNonNull(limit, "limit");
        Objects.requireNonNull(done, "done");
        Spinners.watch(limit.toNanos(), done);
        return done.getAsBoolean();
    }

    /**
     * The manager of a domain, created on first use. INTERNAL code may open both managers
     * (Suitkaise systems manage the user code they load); other code only the EXTERNAL one, and
     * only if it lies under the EXTERNAL roots.
     *
     * @param domain {@link Domain#INTERNAL} or {@link Domain#EXTERNAL}
     * @return the manager
     * @throws IllegalArgumentException for {@link Domain#GLOBAL}, which has no processes
     * @throws SKAccessException if the caller may not open the domain
     */
    public static SKProcessManager of(Domain domain) {
        Objects.requireNonNull(domain, "domain");
        if (!domain.isRestricted()) {
            throw new IllegalArgumentException("Domain GLOBAL has no process manager: use SKProcessManager.of(Domain.INTERNAL)"
                    + " or of(Domain.EXTERNAL).");
        }
        // the caller as registries see it: a lambda or method reference counts as the class that wrote it,
        // and a function run for someone else is restricted to them (SKAccess)
        if (!SKAccess.callerMayOpen(domain) && !SKAccess.callerMayOpen(Domain.INTERNAL)) {
            SKAccess.checkCaller(domain, "open the " + domain + " process manager");
        }
        synchronized (MANAGERS) {
            return MANAGERS.computeIfAbsent(domain, SKProcessManager::new);
        }
    }

    static void shutdownEverything(Duration grace) {
        List<SKProcessManager> all;
        synchronized (MANAGERS) {
            all = List.copyOf(MANAGERS.values());
        }
        List<Thread> threads = new ArrayList<>();
        for (SKProcessManager m : all) {
            threads.add(Thread.ofVirtual().name("sk-process-shutdown-" + m.domain).start(() -> m.shutdownAll(grace)));
        }
        for (Thread t : threads) {
            try {
                t.join(grace.plusSeconds(20));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /**
     * This manager's domain.
     *
     * @return INTERNAL or EXTERNAL
     */
    public Domain domain() {
        return domain;
    }

    /**
     * Starts a child process with the default {@link ProcessSpec} and this name.
     *
     * @param name the process's name
     * @return the ready process
     * @see #spawn(ProcessSpec)
     */
    public SKProcess spawn(String name) {
        return spawn(ProcessSpec.builder(name).build());
    }

    /**
     * Starts a child process and waits until it has run its init functions. Blocks at most the
     * quota wait (under {@link QuotaPolicy#WAIT}) plus the spec's start timeout. Thread-safe:
     * spawns of different names may run at once; a second spawn of a name under way or alive fails.
     *
     * <p>If the calling thread is interrupted while it waits for a slot, the spawn throws
     * {@link SKProcessException} and nothing is started; if it is interrupted while the child
     * starts, the child is killed (its slot freed) and {@link SKProcessStartException} is thrown.
     * Either way the interrupt flag is set again. A {@link #shutdownAll} that begins before the
     * process is listed (while the spawn waits for its slot) ends the spawn too, with
     * {@link SKProcessStartException}; it cancels the wait for the slot without interrupting the
     * calling thread, so the thread's interrupt status is what the caller's own code (or another
     * thread) made it, then or at any time during the spawn: an interrupt set while shutdownAll
     * ends the spawn is kept. See {@link #shutdownAll}.
     *
     * @param spec the spec
     * @return the ready process
     * @throws SKProcessException if a live process of this manager has the same name, or the
     *     calling thread is interrupted while it waits for a slot
     * @throws SKQuotaExceededException if the budget or the domain's quota is used up
     * @throws SKProcessStartException if the JVM cannot be started, an init function fails, the
     *     calling thread is interrupted while the child starts, the process is stopped (by
     *     {@link SKProcess#stop}, {@link SKProcess#kill} or {@link #shutdownAll}) while it starts,
     *     or {@link #shutdownAll} begins while this spawn waits for its slot (or before its process
     *     is listed); nothing is left running, and no slot held
     */
    public SKProcess spawn(ProcessSpec spec) {
        Objects.requireNonNull(spec, "spec");
        String name = spec.name();
        List<Init> mine;
        List<String> allow;
        InFlight me = new InFlight();
        synchronized (this) {
            if (processes.containsKey(name) || reserved.contains(name)) {
                throw new SKProcessException("The " + domain + " manager already has a live process named '" + name
                        + "'; choose another name or stop that one first.");
            }
            reserved.add(name);
            inFlight.add(me);
            mine = List.copyOf(inits);
            allow = new ArrayList<>(allowed);
        }
        try {
            for (String a : spec.allowedClasses()) {
                if (!allow.contains(a)) {
                    allow.add(a);
                }
            }
            InternalCereal codec = Codecs.payload(allow, loader());
            List<Init> all = new ArrayList<>(mine);
            for (ProcessSpec.InitFunction f : spec.initFunctions()) {
                all.add(new Init(f.priority(), initSeq.incrementAndGet(), f.function()));
            }
            all.sort(Comparator.comparingInt(Init::priority).reversed().thenComparingLong(Init::seq));
            List<byte[]> serialized = new ArrayList<>();
            for (Init init : all) {
                serialized.add(serializeInit(codec, init.function(), "process '" + name + "'"));
            }
            Authority authority = Commanders.current();
            synchronized (this) {
                if (me.cancelled) {
                    throw endedByShutdown(name, null);
                }
            }
            Incarnation spare = null;
            RuntimeException noSlot = null;
            try {
                spare = spares.take(spec, allow);
                // each step that may wait (in a child, for the parent's answer; for fills asking for a
                // spare's slot) ends when a shutdownAll cancels me.slotWait, never by an interrupt
                if (spare == null && !authority.tryAcquire(domain, name, me.slotWait) && !spares.giveSlot(me.slotWait)) {
                    // no slot free and no spare's slot to take: fail or wait, by policy, until a shutdownAll cancels the wait
                    authority.acquire(domain, name, me.slotWait);
                }
            } catch (RuntimeException e) {
                noSlot = e;
            }
            ManagedProcess p = noSlot != null ? null : new ManagedProcess(spec, domain, serialized, allow, codec,
                    ended -> {
                        try {
                            authority.release(domain);
                        } catch (SKProcessException e) {
                            // in a child whose channel is gone: its parent frees the slots it held when it exits
                            LOG.debug("Cannot free the slot of process '{}' in the parent's commander: {}", name, e.getMessage());
                        } finally {
                            synchronized (this) {
                                processes.remove(name, ended);
                            }
                        }
                    });
            boolean cancelled;
            synchronized (this) {
                cancelled = me.cancelled;
                if (!cancelled && p != null) {
                    processes.put(name, p); // listed: a shutdownAll from now on stops it
                    inFlight.remove(me);
                }
            }
            if (cancelled) {
                if (p != null) {
                    p.kill(); // before its start: records its end at once, which frees its slot
                    try {
                        p.start(spare); // fails at once, having stopped the spare it took, if any
                    } catch (SKProcessStartException expected) {
                        LOG.debug("Spawn of '{}' ended by shutdownAll: {}", name, expected.getMessage());
                    }
                }
                throw endedByShutdown(name, noSlot);
            }
            if (noSlot != null) {
                throw noSlot;
            }
            try {
                p.start(spare);
            } finally {
                spares.fill(); // replaces a spare taken or lost, once this spawn is done so as not to slow it
            }
            return p;
        } finally {
            synchronized (this) {
                reserved.remove(name);
                inFlight.remove(me);
                me.ended = true;
                notifyAll(); // a shutdownAll may wait for this spawn
            }
        }
    }

    private SKProcessStartException endedByShutdown(String name, RuntimeException cause) {
        return new SKProcessStartException("Spawn of process '" + name + "' (" + domain + ") ended: shutdownAll of the " + domain
                + " process manager began while this spawn waited for its slot (or before it listed its process), so nothing was"
                + " started and no slot is held for it. Spawn it again after shutdownAll has returned if it is still wanted.",
                cause);
    }

    private static ClassLoader loader() {
        ClassLoader l = Thread.currentThread().getContextClassLoader();
        return l != null ? l : SKProcessManager.class.getClassLoader();
    }

    private static byte[] serializeInit(InternalCereal codec, AnyFunction<?> function, String where) {
        try {
            return codec.serialize(function);
        } catch (SKCerealException e) {
            throw new SKProcessException("Init function " + function + " for " + where + " cannot be serialized: " + e.getMessage(), e);
        }
    }

    /**
     * Starts a pool of {@code size} warm children with the default spec, named
     * {@code pool-N-1 .. pool-N-size}.
     *
     * @param size how many children; positive
     * @return the pool, with every child ready
     * @see #pool(ProcessSpec, int)
     */
    public SKPool pool(int size) {
        return pool(ProcessSpec.builder("pool-" + POOLS.incrementAndGet()).build(), size);
    }

    /**
     * Starts a pool of {@code size} warm children, each from {@code template} with the name
     * {@code template.name() + "-" + i}. The children are spawned at once; if any fails to start,
     * the others are stopped and the failure is thrown. Blocks until every spawn has ended (at
     * most the quota wait plus the spec's start timeout, and the stops that follow a failure).
     *
     * <p>If the calling thread is interrupted while it waits, the spawns still in progress are
     * interrupted too (each kills its starting child), the children already started are stopped,
     * and {@link SKProcessStartException} is thrown once all that is done (waiting at most about
     * 20 seconds more, uninterruptibly) with the interrupt flag set again. Either way, a pool that
     * failed to start leaves no child running.
     *
     * @param template the spec every child copies, but for its name
     * @param size how many children; positive
     * @return the pool, with every child ready
     * @throws SKQuotaExceededException if the budget or quota has no room for all of them
     * @throws SKProcessStartException if a child cannot be started, or the calling thread is
     *     interrupted
     */
    public SKPool pool(ProcessSpec template, int size) {
        Objects.requireNonNull(template, "template");
        if (size < 1) {
            throw new IllegalArgumentException("A pool needs at least one process, was " + size);
        }
        List<CompletableFuture<SKProcess>> spawns = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        for (int i = 1; i <= size; i++) {
            ProcessSpec spec = new ProcessSpec(template.name() + "-" + i, template.jvmOptions(), template.maxHeap(),
                    template.environment(), template.systemProperties(), template.initFunctions(), template.restartPolicy(),
                    template.allowedClasses(), template.startTimeout(), template.taskTimeout(), template.heartbeatInterval(),
                    template.unresponsiveAfter());
            CompletableFuture<SKProcess> f = new CompletableFuture<>();
            threads.add(Thread.ofVirtual().name("sk-pool-spawn-" + spec.name()).start(() -> {
                try {
                    f.complete(spawn(spec));
                } catch (Throwable e) { // an Error too: the pool's caller waits for every future
                    f.completeExceptionally(e);
                }
            }));
            spawns.add(f);
        }
        List<SKProcess> started = new ArrayList<>();
        RuntimeException failure = null;
        boolean interrupted = false;
        long deadline = 0;
        for (CompletableFuture<SKProcess> f : spawns) {
            while (true) {
                try {
                    started.add(interrupted ? f.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS) : f.get());
                    break;
                } catch (InterruptedException e) {
                    if (!interrupted) {
                        interrupted = true;
                        deadline = System.nanoTime() + POOL_ABORT_WAIT.toNanos();
                        failure = new SKProcessStartException("Interrupted while pool '" + template.name() + "' started; its"
                                + " children are stopped.", e);
                        threads.forEach(Thread::interrupt); // each spawn kills its starting child and returns
                    }
                    // go on waiting, uninterruptibly: the children must be collected to be stopped
                } catch (ExecutionException e) {
                    failure = failure != null ? failure : e.getCause() instanceof RuntimeException r ? r
                            : new SKProcessException("Pool '" + template.name() + "' failed to start: " + e.getCause(), e.getCause());
                    break;
                } catch (TimeoutException e) {
                    LOG.warn("A spawn of pool '{}' did not end within {} of the interrupt; its child is stopped once it has started",
                            template.name(), POOL_ABORT_WAIT);
                    f.thenAccept(p -> Thread.ofVirtual().name("sk-pool-abort-" + p.name()).start(() -> stopOrKill(p)));
                    break;
                }
            }
        }
        if (failure == null) {
            return new SKPool(template.name(), started);
        }
        interrupted |= Thread.interrupted(); // stop() waits its grace only in a thread that is not interrupted
        try {
            started.forEach(SKProcessManager::stopOrKill);
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
        throw failure;
    }

    private static void stopOrKill(SKProcess p) {
        try {
            p.stop(Duration.ofSeconds(5));
        } catch (RuntimeException e) {
            LOG.warn("Stopping {} failed: {}; killing it", p, e.getMessage());
            p.kill();
        }
    }

    /**
     * The live processes of this manager (starting, running, stopping or restarting).
     *
     * @return a snapshot, in spawn order
     */
    public synchronized List<SKProcess> processes() {
        return List.copyOf(processes.values());
    }

    /**
     * A live process by name.
     *
     * @param name the name
     * @return the process, or empty if none of that name is alive
     */
    public synchronized Optional<SKProcess> get(String name) {
        return Optional.ofNullable(processes.get(Objects.requireNonNull(name, "get: name is null")));
    }

    /**
     * Adds an init function with priority 0 (see {@link #onProcessInit(AnyFunction, int)}).
     *
     * @param function the function
     */
    public void onProcessInit(AnyFunction<?> function) {
        onProcessInit(function, 0);
    }

    /**
     * Adds an init function that every child of this manager started from now on runs before it
     * accepts work, and again after each restart. Higher priorities run first; equal ones in the
     * order they were added; the manager's run before the spec's of the same priority. An
     * exception fails the spawn with {@link SKProcessStartException}.
     *
     * @param function the function; serialized now to check it can travel, and again for each child
     * @param priority higher runs first
     * @throws SKProcessException if the function cannot be serialized
     */
    public void onProcessInit(AnyFunction<?> function, int priority) {
        Objects.requireNonNull(function, "function");
        serializeInit(SKCereal.internal(), function, "the " + domain + " manager");
        synchronized (this) {
            inits.add(new Init(priority, initSeq.incrementAndGet(), function));
        }
    }

    /**
     * Allows classes to travel to and from every child spawned from now on.
     *
     * @param types the classes
     */
    public synchronized void allowClasses(Class<?>... types) {
        Objects.requireNonNull(types, "allowClasses: types is null");
        for (Class<?> t : types) {
            allowed.add(Objects.requireNonNull(t, "type").getName());
        }
    }

    /**
     * Allows every class of some packages and their sub-packages to travel to and from every
     * child spawned from now on.
     *
     * @param packages package names such as {@code com.acme.model}
     */
    public synchronized void allowPackages(String... packages) {
        Objects.requireNonNull(packages, "allowPackages: packages is null");
        for (String p : packages) {
            String s = Objects.requireNonNull(p, "package").strip();
            if (s.isEmpty()) {
                throw new IllegalArgumentException("A package name to allow must not be blank.");
            }
            allowed.add(s.endsWith(".*") ? s : s + ".*");
        }
    }

    /**
     * Keeps {@code count} warm spare JVMs with the default {@link ProcessSpec}'s JVM settings (see
     * {@link #keepWarm(ProcessSpec, int)}).
     *
     * @param count how many; 0 stops them
     */
    public void keepWarm(int count) {
        keepWarm(ProcessSpec.builder("warm-spare").build(), count);
    }

    /**
     * Keeps {@code count} warm spare JVMs ready from now on, so that a {@link #spawn} does not wait
     * for a JVM to start. A spare is a child JVM started with the JVM settings of {@code template}
     * (JVM options, heap, environment, system properties) and this manager's allowed classes, that
     * has connected back and waits. A spawn whose spec has the same JVM settings (and the same
     * allowed classes) takes a spare and only sends it its name and init functions; the spare is
     * replaced in the background once that spawn returns (a spawn also replaces spares that were
     * lost). Other spawns, and restarts, start a new JVM as before.
     *
     * <p>Each spare holds a slot of the budget and of this domain's quota from the moment it
     * starts: a spare is started only when a slot is free and no spawn waits for one, and a spawn
     * that finds the budget used up takes the slot of a spare (ready or still starting), which is
     * stopped. Once its welcome is sent, a spare is the new process's JVM: an init function that
     * fails fails the spawn, as with a new JVM (init functions never run twice). Spares exit with
     * this JVM like every child. A spare that exits while it waits frees its slot and is replaced
     * at the next spawn. {@link #shutdownAll} stops the spares, those still starting too, and keeps
     * none afterwards.
     *
     * <p>Does not block: spares start in the background ({@link #warmSpares()} counts those ready).
     * Calling it again with other settings stops the spares of the old ones. Thread-safe.
     *
     * @param template the spec whose JVM settings the spares have (its name, init functions,
     *     restart policy and timeouts are not used, but its start timeout)
     * @param count how many spares to keep; 0 stops them
     * @throws IllegalArgumentException if {@code count} is negative
     */
    public void keepWarm(ProcessSpec template, int count) {
        Objects.requireNonNull(template, "template");
        if (count < 0) {
            throw new IllegalArgumentException("The number of warm spares must not be negative, was " + count);
        }
        List<String> allow;
        synchronized (this) {
            allow = new ArrayList<>(allowed);
        }
        for (String a : template.allowedClasses()) {
            if (!allow.contains(a)) {
                allow.add(a);
            }
        }
        spares.keep(template, allow, count);
    }

    /**
     * The warm spare JVMs ready to be taken by a spawn now (see {@link #keepWarm(ProcessSpec, int)}).
     *
     * @return the count
     */
    public int warmSpares() {
        return spares.ready();
    }

    /**
     * This manager's warm spares (for tests: a thread holding their monitor stops a {@link #spawn}
     * as it takes a spare, after it checked for a shutdownAll and before it lists its process).
     *
     * @return the spares
     */
    WarmSpares spares() {
        return spares;
    }

    /**
     * Waits until at least {@code count} warm spare JVMs are ready (see
     * {@link #keepWarm(ProcessSpec, int)}), for example before a burst of spawns that should not
     * wait for JVMs to start. Blocks at most {@code timeout}.
     *
     * @param count how many spares; at most the count given to {@code keepWarm}, or this waits the
     *     whole timeout
     * @param timeout the longest wait
     * @return true if they are ready, false if the timeout passed first
     * @throws InterruptedException if the calling thread is interrupted while it waits
     */
    public boolean awaitWarmSpares(int count, Duration timeout) throws InterruptedException {
        Objects.requireNonNull(timeout, "timeout");
        return spares.awaitReady(count, timeout);
    }

    /**
     * Stops every live process of this manager at once, each with {@code grace} to exit by
     * itself (see {@link SKProcess#stop(Duration)}), ends every {@link #spawn} under way, and
     * stops its warm spares (it keeps none afterwards: call {@link #keepWarm} again to have them
     * back).
     *
     * <p><b>Spawns under way.</b> What shutdownAll ends is decided at one instant, when it begins:
     * the processes listed then (starting, running, stopping or restarting) are stopped, and every
     * spawn of this manager under way then whose process is not listed yet (preparing, waiting
     * for its slot under {@link QuotaPolicy#WAIT}, locally or, in a child, in its parent's
     * commander, or holding its slot but not yet listed) fails with
     * {@link SKProcessStartException} saying that shutdownAll began while it waited for its slot:
     * it starts nothing, frees any slot it got (or stops the warm spare it took) and returns; the
     * caller may spawn again once shutdownAll has returned. A wait for a slot is ended by a
     * cancel signal handed down to it (in a child, the wait for the parent's answer ends and the
     * request is cancelled in the parent), and so are these other waits of the spawn on its way to
     * a slot: in a child, the wait for the parent's answer to its try for a free slot (a slot
     * granted after it is given back when the answer arrives) and to its read of the quota policy;
     * and the wait for warm spares that are asking for slots, when it needs a spare's slot. Two
     * steps are not cut short, each bounded: stopping a ready spare whose slot the spawn took
     * before the cancel (a SIGKILL and a wait of a few seconds for its exit), and, in a child,
     * giving back the slots of spares found dead (one call to the parent). None of these waits
     * is ended by interrupting the spawning thread: its
     * interrupt status is left as the caller's code, or another thread, sets it, before, during or
     * after shutdownAll. A spawn that begins after that instant is not touched,
     * even while shutdownAll still runs: it may start a child, which this call does not stop. The
     * manager stays usable: a later spawn starts a new child.
     *
     * <p>Blocks at most {@code grace} plus about 15 seconds; when it returns, none of the child
     * JVMs this manager had when it was called is running, nor any of its spares, and every spawn
     * under way when it began has returned or thrown, leaving nothing running. Exceptions, both
     * logged: a JVM that has not exited 5 s after SIGKILL (stopping it throws, and shutdownAll warns
     * and returns while it may still run), and a spawn that did not end within the bound (in a
     * child, a wait in its parent's commander ends when the child next reads a frame from its
     * parent, within a heartbeat interval; a slot the parent grants it afterwards is given back).
     * An interrupt does not cut the wait short; the flag is set again when it returns.
     * Thread-safe; concurrent calls each wait for what they saw when they began.
     *
     * @param grace how long each child may take to exit by itself
     */
    public void shutdownAll(Duration grace) {
        Objects.requireNonNull(grace, "grace");
        long waitNanos = grace.compareTo(Duration.ofDays(1)) > 0 ? Duration.ofDays(1).toNanos() : Math.max(0, grace.toNanos());
        long deadline = System.nanoTime() + waitNanos + TimeUnit.SECONDS.toNanos(15);
        List<SKProcess> all;
        List<InFlight> ending;
        synchronized (this) {
            // the cut: processes listed now are stopped, spawns under way now are ended, later spawns are not touched
            all = List.copyOf(processes.values());
            ending = List.copyOf(inFlight);
            ending.forEach(s -> s.cancelled = true);
        }
        // outside the monitor (a cancel takes the commander's): ends each wait for a slot, leaving the
        // spawning threads' interrupt status alone; a spawn not waiting yet sees the cancel when it would wait
        ending.forEach(s -> s.slotWait.cancel());
        List<CompletableFuture<Void>> stops = new ArrayList<>();
        CompletableFuture<Void> spareStop = new CompletableFuture<>();
        Thread.ofVirtual().name("sk-process-stop-spares-" + domain).start(() -> {
            try {
                spares.shutdown(Duration.ofSeconds(grace.toSeconds() + 14));
            } finally {
                spareStop.complete(null);
            }
        });
        stops.add(spareStop);
        for (SKProcess p : all) {
            CompletableFuture<Void> f = new CompletableFuture<>();
            Thread.ofVirtual().name("sk-process-stop-" + p.name()).start(() -> {
                try {
                    p.stop(grace);
                } catch (RuntimeException e) {
                    LOG.warn("Stopping {} failed: {}; killing it", p, e.getMessage());
                    p.kill();
                } finally {
                    f.complete(null);
                }
            });
            stops.add(f);
        }
        int spawnsLeft = awaitSpawnsEnded(ending, deadline);
        CompletableFuture<Void> allStopped = CompletableFuture.allOf(stops.toArray(CompletableFuture[]::new));
        if (spawnsLeft > 0 || !Waits.awaitUninterruptibly(allStopped, Math.max(0, deadline - System.nanoTime()))) {
            LOG.warn("Shutting down the {} processes took longer than {} + 15 s ({} spawn(s) under way when it began had not"
                    + " ended)", domain, grace, spawnsLeft);
        }
        LOG.debug("{} manager shut down {} process(es) and ended {} spawn(s) under way", domain, all.size(), ending.size());
    }

    /**
     * Waits, on this manager's monitor, until the spawns ended by a {@link #shutdownAll} have
     * returned or thrown, at most until {@code deadline}; an interrupt does not cut it short (the
     * flag is set again).
     *
     * @return how many had not ended by the deadline
     */
    private synchronized int awaitSpawnsEnded(List<InFlight> ending, long deadline) {
        boolean interrupted = false;
        try {
            while (true) {
                int left = (int) ending.stream().filter(s -> !s.ended).count();
                long nanos = deadline - System.nanoTime();
                if (left == 0 || nanos <= 0) {
                    return left;
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(this, nanos);
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public String toString() {
        return "SKProcessManager[" + domain + ", " + processes().size() + " process(es)]";
    }
}
