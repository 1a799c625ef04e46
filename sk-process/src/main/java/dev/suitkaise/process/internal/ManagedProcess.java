package dev.suitkaise.process.internal;

import dev.suitkaise.cereal.InternalCereal;
import dev.suitkaise.cereal.SKCerealException;
import dev.suitkaise.function.AnyFunction;
import dev.suitkaise.process.ProcessSpec;
import dev.suitkaise.process.ProcessState;
import dev.suitkaise.process.ProcessStats;
import dev.suitkaise.process.SKProcess;
import dev.suitkaise.process.SKProcessCrashedException;
import dev.suitkaise.process.SKProcessException;
import dev.suitkaise.process.SKProcessStartException;
import dev.suitkaise.process.SKProcessTimeoutException;
import dev.suitkaise.process.SKTaskFailedException;
import dev.suitkaise.reg.Domain;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * The {@link SKProcess} implementation: launches child JVMs, keeps the pending tasks of the
 * current one, watches its heartbeat, fails pending tasks when it dies and restarts it by policy.
 * Thread-safe: state changes happen under one lock; frames are handled on the reader thread.
 */
public final class ManagedProcess implements SKProcess {

    private static final Logger LOG = LoggerFactory.getLogger(ManagedProcess.class);
    private static final Set<Process> LIVE = ConcurrentHashMap.newKeySet();
    /** How long the end of a JVM that has exited may take to be recorded (its output drained). */
    private static final long RECORD_MILLIS = 5_000;
    /** How long a start or restart under way may take to wind down once its JVM is killed. */
    private static final long LAUNCH_END_MILLIS = 10_000;
    /** How long a JVM that was sent SIGTERM after its grace may take to exit before SIGKILL. */
    private static final long TERM_MILLIS = 2_000;
    /** How long a JVM may take to exit after SIGKILL. */
    private static final long KILL_MILLIS = 5_000;
    /** How long a JVM whose stdin closed before its connection line was written may take to exit. */
    private static final long EXIT_WAIT_MILLIS = 2_000;

    static {
        Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().unstarted(() -> LIVE.forEach(Process::destroyForcibly)));
    }

    private final ProcessSpec spec;
    private final String name;
    private final Domain domain;
    private final List<byte[]> inits;
    private final List<String> allowed;
    private final InternalCereal codec;
    private final Consumer<ManagedProcess> onEnd;
    private final Logger childLog;

    private final Object lock = new Object();
    private volatile ProcessState state = ProcessState.STARTING;
    private volatile Incarnation inc;
    private final List<Incarnation.Pending> backlog = new ArrayList<>();
    private boolean stopRequested;
    private boolean ended;
    /**
     * A start or restart is under way: from its first check until it installed its JVM or failed.
     * While it is, a stop kills its JVM and leaves the end to it. Guarded by {@code lock}.
     */
    private boolean launchInFlight;
    /** The JVM of the start or restart under way, once it runs; else null. Guarded by {@code lock}. */
    private Incarnation launching;
    /** {@link #finish()} ran: the end was recorded and the slot freed. Guarded by {@code lock}. */
    private boolean finished;
    private int restarts;
    private volatile int lastExitCode = -1;
    private final CompletableFuture<SKProcess> exit = new CompletableFuture<>();
    private final AtomicLong ids = new AtomicLong();
    private final AtomicLong done = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final java.util.concurrent.LinkedBlockingQueue<Object> inbox = new java.util.concurrent.LinkedBlockingQueue<>();

    /**
     * Creates a handle; {@link #start()} launches the first JVM.
     *
     * @param spec the spec
     * @param domain the manager's domain
     * @param inits the serialized init functions, in order
     * @param allowed class names and package prefixes that may travel, beyond the defaults
     * @param codec the parent's codec for this child's values
     * @param onEnd called once when the process ends for good
     */
    public ManagedProcess(ProcessSpec spec, Domain domain, List<byte[]> inits, List<String> allowed, InternalCereal codec,
                          Consumer<ManagedProcess> onEnd) {
        this.spec = spec;
        this.name = spec.name();
        this.domain = domain;
        this.inits = List.copyOf(inits);
        this.allowed = List.copyOf(allowed);
        this.codec = codec;
        this.onEnd = onEnd;
        this.childLog = LoggerFactory.getLogger("dev.suitkaise.process.child." + name);
    }

    /**
     * Launches the first JVM and waits until it is ready, at most the spec's start timeout.
     *
     * @throws SKProcessStartException if it cannot be started; the handle is then over
     */
    public void start() {
        start(null);
    }

    /**
     * Makes the first JVM of this process ready, at most the spec's start timeout: a warm spare
     * JVM started with the same command (see {@link WarmSpares}), or a new one when there is none
     * or the spare turns out dead before its welcome is sent. Once the welcome is sent, the spare
     * is this process's JVM: a failing init function or a timeout fails the start (init functions
     * never run twice).
     *
     * <p>A stop or kill meanwhile kills the JVM being started at once and waits for this start to
     * end, which then fails; the end is recorded once, here.
     *
     * @param spare a connected JVM not yet welcomed, or null to launch one
     * @throws SKProcessStartException if it cannot be started, or was stopped first; the handle is then over
     */
    public void start(Incarnation spare) {
        boolean stoppedFirst;
        synchronized (lock) {
            stoppedFirst = stopRequested || ended;
            if (!stoppedFirst) {
                launchInFlight = true;
                launching = spare;
            }
        }
        if (stoppedFirst) {
            if (spare != null) {
                discard(spare, null, null);
            }
            throw new SKProcessStartException("Process '" + name + "' (" + domain + ") was stopped before it started; spawn it"
                    + " again if it is still wanted.", null);
        }
        Incarnation i = null;
        try {
            if (spare != null) {
                long deadline = System.nanoTime() + spec.startTimeout().toNanos();
                spare.adopt(name, childLog);
                if (sendWelcome(spare)) {
                    i = awaitReady(spare, deadline);
                } else {
                    LOG.debug("Warm spare pid {} was gone before it could become {}; launching a new JVM", spare.pid,
                            where(spare.pid));
                }
            }
            if (i == null) {
                i = launch();
            }
        } catch (SKProcessStartException e) {
            throw startFailed(e);
        }
        if (!install(i)) {
            throw new SKProcessStartException("Process '" + name + "' (" + domain + ") was stopped while it started; its JVM"
                    + " (pid " + i.pid + ") was killed.", null);
        }
        LOG.debug("Process '{}' ({}) ready as pid {}{}", name, domain, i.pid, spare == i ? " (a warm spare)" : "");
    }

    /**
     * Ends the process after its first start failed (its JVM, if any, is gone already): fails the
     * tasks submitted meanwhile and records the end.
     *
     * @param e the failure
     * @return the exception for the caller of {@link #start}
     */
    private SKProcessStartException startFailed(SKProcessStartException e) {
        List<Incarnation.Pending> orphans = new ArrayList<>();
        boolean stopped;
        synchronized (lock) {
            launchInFlight = false;
            launching = null;
            stopped = stopRequested;
            endLocked(stopped ? ProcessState.STOPPED : ProcessState.CRASHED, orphans);
        }
        SKProcessStartException thrown = stopped
                ? new SKProcessStartException("Process '" + name + "' (" + domain + ") was stopped while it started; its JVM"
                        + " was killed.", e)
                : e;
        fail(orphans, new SKProcessException("Process '" + name + "' (" + domain + ") did not start, so the task was not sent: "
                + thrown.getMessage(), thrown));
        finish();
        return thrown;
    }

    /**
     * Ends the process for good, under {@code lock}: sets its final state, marks it ended and
     * moves the tasks still waiting for a JVM to {@code orphans}, which the caller fails once it
     * has let go of the lock (their callers' dependent actions must not run under it).
     *
     * @param last {@link ProcessState#STOPPED} or {@link ProcessState#CRASHED}
     * @param orphans receives the backlog's tasks, in order
     */
    private void endLocked(ProcessState last, List<Incarnation.Pending> orphans) {
        state = last;
        ended = true;
        orphans.addAll(backlog);
        backlog.clear();
    }

    private void fail(List<Incarnation.Pending> orphans, SKProcessException failure) {
        for (Incarnation.Pending p : orphans) {
            failed.incrementAndGet();
            p.future().completeExceptionally(failure);
        }
    }

    private String where(long pid) {
        return "process '" + name + "' (pid " + pid + ", " + domain + ")";
    }

    private Incarnation launch() {
        synchronized (lock) {
            if (stopRequested) {
                throw new SKProcessStartException("Process '" + name + "' (" + domain + ") was stopped before its JVM was launched.",
                        null);
            }
        }
        long deadline = System.nanoTime() + spec.startTimeout().toNanos();
        Incarnation i = connect(Launcher.command(spec, allowed), spec.environment(), name, childLog, spec.startTimeout(),
                this::launched);
        if (!sendWelcome(i)) {
            throw new SKProcessStartException("The channel of " + where(i.pid) + " closed before its welcome." + stderrTail(i), null);
        }
        return awaitReady(i, deadline);
    }

    /**
     * Told by {@link #connect} as soon as the JVM of a start or restart runs: a stop may kill it
     * from now on, and one that came first kills it at once (the start then fails).
     */
    private void launched(Incarnation i) {
        boolean kill;
        synchronized (lock) {
            kill = stopRequested;
            if (!kill) {
                launching = i;
            }
        }
        if (kill) {
            i.intentional = true;
            i.process.destroyForcibly();
        }
    }

    /**
     * Starts a child JVM and waits until it has connected back and shaken hands: the first half
     * of every start, and all of a warm spare's. The JVM then waits for its {@link Frame.Welcome}.
     *
     * @param cmd the command, from {@link Launcher#command}
     * @param environment variables added to the parent's
     * @param label the process's name (or a spare's label) for threads and messages
     * @param childLog the logger of the JVM's output
     * @param timeout how long it may take
     * @param launched told the new JVM as soon as it runs (before it connects), or null
     * @return the connected JVM; it exits by itself once its channel closes or this JVM dies
     * @throws SKProcessStartException if it cannot be started or does not connect in time; nothing is left running
     */
    static Incarnation connect(List<String> cmd, java.util.Map<String, String> environment, String label, Logger childLog,
                               Duration timeout, Consumer<Incarnation> launched) {
        ProcessServer server;
        try {
            server = ProcessServer.get();
        } catch (IOException e) {
            throw new SKProcessStartException("Cannot open a channel for '" + label + "': " + e.getMessage(), e);
        }
        String token = ProcessServer.newToken();
        CompletableFuture<Channel> connected = server.expect(token);
        ProcessBuilder pb = new ProcessBuilder(cmd);
        Launcher.OPTION_VARIABLES.forEach(pb.environment()::remove);
        pb.environment().putAll(environment);
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            server.forget(token);
            throw new SKProcessStartException("Cannot launch the JVM of '" + label + "' with " + cmd.getFirst() + ": "
                    + e.getMessage(), e);
        }
        LIVE.add(p);
        Launcher.started(cmd, p);
        Incarnation i = new Incarnation(p, label, childLog);
        i.exited.thenRun(() -> LIVE.remove(p));
        if (launched != null) {
            launched.accept(i);
        }
        String where = "the JVM of '" + label + "' (pid " + i.pid + ")";
        try {
            try (Writer w = new OutputStreamWriter(p.getOutputStream(), StandardCharsets.UTF_8)) {
                w.write(server.address() + "\t" + token + "\t" + ProcessHandle.current().pid() + "\n");
            } catch (IOException e) {
                // its stdin closed under the line ("Stream closed", "Broken pipe"): the JVM died at
                // once, as one does that rejects its options; its exit code and stderr say why
                if (p.waitFor(EXIT_WAIT_MILLIS, TimeUnit.MILLISECONDS)) {
                    throw exitedBeforeConnecting(where, i);
                }
                throw e;
            }
            CompletableFuture.anyOf(connected, i.exited).get(timeout.toNanos(), TimeUnit.NANOSECONDS);
            if (!connected.isDone()) {
                throw exitedBeforeConnecting(where, i);
            }
            i.channel = connected.join();
            return i;
        } catch (TimeoutException e) {
            abandon(i, server, token, connected);
            throw new SKProcessStartException(where + " did not connect back within " + timeout + "; it is killed. Raise"
                    + " ProcessSpec.Builder.startTimeout if it needs longer." + stderrTail(i), null);
        } catch (InterruptedException e) {
            abandon(i, server, token, connected);
            Thread.currentThread().interrupt();
            throw new SKProcessStartException("Interrupted while " + where + " started; it is killed.", e);
        } catch (IOException | ExecutionException | RuntimeException e) {
            abandon(i, server, token, connected);
            if (e instanceof SKProcessStartException s) {
                throw s;
            }
            throw new SKProcessStartException("Cannot start " + where + ": " + e.getMessage() + stderrTail(i), e);
        }
    }

    /**
     * The failure of a start whose JVM exited before it connected back, with its exit code and
     * last stderr lines (waiting at most 2 s for the rest of its stderr).
     *
     * @param where the JVM, for the message
     * @param i the JVM, which has exited
     * @return the exception to throw
     */
    private static SKProcessStartException exitedBeforeConnecting(String where, Incarnation i) {
        i.err.awaitEnd(2000);
        return new SKProcessStartException(Character.toUpperCase(where.charAt(0)) + where.substring(1) + " exited with code "
                + i.process.exitValue() + " before it connected back." + stderrTail(i), null);
    }

    /**
     * Gives up on a JVM that has not connected back (or whose connection was not taken yet): stops
     * expecting its token, closes its channel should the handshake complete just as this gives up
     * (nothing else would), then kills the JVM and waits for it.
     *
     * @param i the JVM
     * @param server the channel's server
     * @param token the JVM's token
     * @param connected the future of its connection, from {@link ProcessServer#expect}
     */
    static void abandon(Incarnation i, ProcessServer server, String token, CompletableFuture<Channel> connected) {
        server.forget(token);
        // forget() cancels the future unless the handshake already took it; a channel it brings has no other owner
        connected.thenAccept(Channel::close);
        discard(i, null, null);
    }

    /**
     * Kills a JVM that did not become a process, and waits for it (at most about 7 s, even if
     * the calling thread is interrupted; its interrupt status is kept).
     *
     * @param i the JVM
     * @param server its channel's server, or null once connected
     * @param token its token, or null once connected
     */
    static void discard(Incarnation i, ProcessServer server, String token) {
        if (server != null) {
            server.forget(token);
        }
        i.intentional = true;
        i.process.destroyForcibly();
        if (waitExit(i.process, 5000) && i.relay != null) {
            // a welcomed JVM's init functions may have spawned processes: free their slots before
            // the caller records the end (the exit's callback may not have run yet)
            releaseWhatItHeld(i, "the JVM pid " + i.pid);
        }
        i.err.awaitEnd(2000);
        if (i.channel != null) {
            i.channel.close();
        }
    }

    /**
     * Starts reading from a connected JVM and sends it its welcome (name, allowed classes, init
     * functions, and this JVM's current domain roots).
     *
     * @return false if the JVM was gone or its channel closed before the welcome left (the JVM is
     *     then discarded; nothing of this process ran there)
     */
    private boolean sendWelcome(Incarnation i) {
        i.relay = new GlobalRelay(i, codec, where(i.pid));
        i.exited.thenRun(() -> releaseWhatItHeld(i));
        if (!i.process.isAlive() || i.channel.isClosed()) {
            discard(i, null, null);
            return false;
        }
        Thread.ofPlatform().daemon().name("sk-process-reader-" + name + "-" + i.pid).start(() -> readLoop(i));
        // the roots this JVM holds now, not those of its command line (a warm spare, or a JVM
        // launched after DomainRoots.add, would otherwise run with stale roots), and those of the spec
        Frame.Welcome welcome = new Frame.Welcome(name, domain.name(), allowed, inits, Roots.of(Domain.INTERNAL, spec),
                Roots.of(Domain.EXTERNAL, spec));
        if (!i.channel.send(welcome)) {
            discard(i, null, null);
            return false;
        }
        return true;
    }

    /** Waits until a welcomed JVM has run its init functions; on failure it is discarded. */
    private Incarnation awaitReady(Incarnation i, long deadline) {
        try {
            await(i.ready, i, deadline, "run its init functions");
            return i;
        } catch (RuntimeException e) {
            discard(i, null, null);
            if (e instanceof SKProcessStartException s) {
                throw s;
            }
            throw new SKProcessStartException("Cannot start " + where(i.pid) + ": " + e.getMessage() + stderrTail(i), e);
        }
    }

    /**
     * Once a JVM has exited: drops its global subscriptions and frees the budget slots it still
     * held for processes it spawned itself (those exit with it, as their parent is gone). Runs on
     * more than one thread (the exit's callback, and {@link #ended}); each call returns only once
     * the slots are freed, whichever call freed them (see {@link HeldSlots#close}).
     */
    private void releaseWhatItHeld(Incarnation i) {
        releaseWhatItHeld(i, where(i.pid));
    }

    private static void releaseWhatItHeld(Incarnation i, String where) {
        if (i.relay != null) {
            i.relay.close();
        }
        int freed = i.slots.close(Commanders.current(), where);
        if (freed > 0) {
            LOG.debug("{} exited holding {} slot(s) for processes it spawned; freed them", where, freed);
        }
    }

    private <T> T await(CompletableFuture<T> f, Incarnation i, long deadline, String what) {
        long left = deadline - System.nanoTime();
        try {
            CompletableFuture.anyOf(f, i.exited).get(Math.max(1, left), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            throw new SKProcessStartException(where(i.pid) + " did not " + what + " within " + spec.startTimeout()
                    + "; it is killed. Raise ProcessSpec.Builder.startTimeout if it needs longer." + stderrTail(i), null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SKProcessStartException("Interrupted while " + where(i.pid) + " started; it is killed.", e);
        } catch (ExecutionException e) {
            // f failed: reported below
        }
        if (!f.isDone()) {
            try {
                f.get(1, TimeUnit.SECONDS); // an init failure arrives just before the exit
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException | TimeoutException e) {
                // reported below
            }
        }
        if (f.isDone()) {
            try {
                return f.join();
            } catch (CompletionException e) {
                if (e.getCause() instanceof SKProcessStartException s) {
                    throw s;
                }
                throw new SKProcessStartException(where(i.pid) + " failed to " + what + ": " + e.getCause() + stderrTail(i), e.getCause());
            }
        }
        i.err.awaitEnd(2000);
        throw new SKProcessStartException(where(i.pid) + " exited with code " + i.process.exitValue() + " before it could "
                + what + "." + stderrTail(i), null);
    }

    private static String stderrTail(Incarnation i) {
        List<String> lines = i.err.lastLines();
        if (lines.isEmpty()) {
            return " It wrote nothing to stderr.";
        }
        List<String> tail = lines.subList(Math.max(0, lines.size() - 15), lines.size());
        return " Its last stderr lines:\n  " + String.join("\n  ", tail);
    }

    private void readLoop(Incarnation i) {
        try {
            while (true) {
                handle(i, i.channel.receive());
            }
        } catch (IOException | RuntimeException e) {
            i.ready.completeExceptionally(new SKProcessStartException("The channel of " + where(i.pid)
                    + " closed before it was ready: " + e.getMessage() + stderrTail(i), e));
            if (!i.intentional && i.process.isAlive()) {
                LOG.debug("Channel of {} ended ({}); waiting for its JVM to exit", where(i.pid), e.getMessage());
                Timers.SCHEDULER.schedule(() -> {
                    if (i.process.isAlive()) {
                        LOG.warn("{} lost its channel and did not exit; killing it", where(i.pid));
                        i.killReason = "it lost its channel and did not exit";
                        i.process.destroyForcibly();
                    }
                }, 2, TimeUnit.SECONDS);
            }
        }
    }

    private void handle(Incarnation i, Frame f) {
        switch (f) {
            case Frame.Ready r -> i.ready.complete(null);
            case Frame.InitFailed x -> i.ready.completeExceptionally(new SKProcessStartException("An init function of "
                    + where(i.pid) + " failed: " + Errors.summary(x.error()) + "\n  at " + String.join("\n  at ", x.error().stack()),
                    Errors.original(x.error(), codec)));
            case Frame.TaskDone d -> {
                Incarnation.Pending p = i.pending.remove(d.id());
                if (p != null) {
                    Object v;
                    try {
                        v = codec.deserialize(d.value());
                    } catch (SKCerealException e) {
                        failed.incrementAndGet();
                        updateBusy(i);
                        p.future().completeExceptionally(new SKProcessException("The result of task " + d.id() + " from "
                                + where(i.pid) + " cannot be read here: " + Errors.unreadable(e), e));
                        return;
                    }
                    done.incrementAndGet();
                    updateBusy(i);
                    p.future().complete(v);
                }
            }
            case Frame.TaskFailed t when Errors.TASK_NOT_READ.equals(t.error().className()) -> {
                // not SKTaskFailedException: that says the function threw, and this one never ran
                Incarnation.Pending p = i.pending.remove(t.id());
                if (p != null) {
                    failed.incrementAndGet();
                    updateBusy(i);
                    p.future().completeExceptionally(new SKProcessException("Task " + t.id() + " did not run in " + where(i.pid)
                            + ": the child could not read it. " + t.error().message(), Errors.original(t.error(), codec)));
                }
            }
            case Frame.TaskFailed t -> {
                Incarnation.Pending p = i.pending.remove(t.id());
                if (p != null) {
                    failed.incrementAndGet();
                    updateBusy(i);
                    p.future().completeExceptionally(new SKTaskFailedException("Task " + t.id() + " failed in " + where(i.pid) + ": "
                            + Errors.summary(t.error()), t.error().className(), t.error().stack(), Errors.original(t.error(), codec)));
                }
            }
            case Frame.Heartbeat h -> {
                i.pingInFlight = false; // a child sends a heartbeat only to answer the one ping in flight
                i.lastBeatAt = Instant.now();
                i.heapUsed = h.heapUsed();
                i.heapMax = h.heapMax();
            }
            case Frame.GlobalCall g when g.op() == Frame.GlobalOp.SUBSCRIBE || g.op() == Frame.GlobalOp.UNSUBSCRIBE ->
                    i.channel.send(i.relay.handle(g));
            case Frame.GlobalCall g -> i.channel.send(GlobalHost.handle(g, codec));
            case Frame.Message m -> {
                try {
                    inbox.add(codec.deserialize(m.payload()));
                } catch (SKCerealException e) {
                    LOG.error("A message from {} cannot be read and is dropped: {} Allow its class with"
                            + " ProcessSpec.Builder.allowClasses or SKProcessManager.allowClasses.", where(i.pid), e.getMessage());
                }
            }
            case Frame.CommanderCall c -> Commanders.serve(c, i.slots, i.channel::send);
            default -> LOG.warn("{} sent an unexpected {} frame; ignored", where(i.pid), f.getClass().getSimpleName());
        }
    }

    private void updateBusy(Incarnation i) {
        synchronized (lock) {
            if (inc == i && (state == ProcessState.READY || state == ProcessState.BUSY)) {
                state = i.pending.isEmpty() ? ProcessState.READY : ProcessState.BUSY;
            }
        }
    }

    /**
     * Makes a ready JVM this process's current one, ending the start or restart under way; if the
     * process was stopped meanwhile, kills the JVM instead, waits for it and records the end.
     *
     * @return false if the process was stopped and the JVM killed
     */
    private boolean install(Incarnation i) {
        List<Incarnation.Pending> flush = new ArrayList<>();
        boolean kill;
        synchronized (lock) {
            launchInFlight = false;
            launching = null;
            kill = stopRequested || ended;
            if (!kill) {
                inc = i;
                flush.addAll(backlog);
                backlog.clear();
                flush.forEach(p -> i.pending.put(p.id(), p));
                state = i.pending.isEmpty() ? ProcessState.READY : ProcessState.BUSY;
            } else {
                endLocked(ProcessState.STOPPED, flush);
            }
        }
        if (kill) {
            discard(i, null, null);
            fail(flush, new SKProcessException("Process '" + name + "' (" + domain + ") was stopped before the task was sent."));
            finish();
            return false;
        }
        long every = spec.heartbeatInterval().toMillis();
        i.heartbeat = Timers.SCHEDULER.scheduleAtFixedRate(() -> heartbeat(i), every, every, TimeUnit.MILLISECONDS);
        i.exited.thenRun(() -> Thread.ofVirtual().name("sk-process-exit-" + name).start(() -> ended(i)));
        flush.forEach(p -> send(i, p));
        return true;
    }

    private void send(Incarnation i, Incarnation.Pending p) {
        if (p.future().isCancelled()) {
            return;
        }
        i.channel.send(new Frame.RunTask(p.id(), p.function()));
        if (p.future().isCancelled()) {
            // cancelled while it was being sent: the cancel may have missed it, so interrupt it now
            if (!(p.future() instanceof TaskFuture<?> f) || f.interruptAllowed()) {
                i.channel.sendQueued(new Frame.CancelTask(p.id()));
            }
            return;
        }
        if (p.timeoutMillis() > 0) {
            Timers.SCHEDULER.schedule(() -> timeout(i, p.id()), p.timeoutMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /** On the timer thread: fails a task that outlived its timeout. */
    private void timeout(Incarnation i, long id) {
        Incarnation.Pending p = i.pending.remove(id);
        if (p != null) {
            failed.incrementAndGet();
            i.channel.sendQueued(new Frame.CancelTask(id));
            updateBusy(i);
            SKProcessTimeoutException failure = new SKProcessTimeoutException("Task " + id + " in " + where(i.pid)
                    + " did not finish within " + Duration.ofMillis(p.timeoutMillis()) + "; it was interrupted in the child. Give it"
                    + " a longer timeout, or make it react to interruption.");
            // the caller's dependent actions run where the future completes: not on the shared timer
            Thread.ofVirtual().name("sk-process-timeout-" + name).start(() -> p.future().completeExceptionally(failure));
        }
    }

    /**
     * The caller cancelled a task's future: forget the task and, if allowed, interrupt it in the
     * child, as a timeout does. A task still waiting for a restart is dropped unsent.
     */
    private void cancelled(long id, boolean interrupt) {
        Incarnation i;
        synchronized (lock) {
            if (backlog.removeIf(p -> p.id() == id)) {
                failed.incrementAndGet();
                return;
            }
            i = inc;
        }
        if (i == null) {
            return;
        }
        Incarnation.Pending p = i.pending.remove(id);
        if (p == null) {
            return;
        }
        failed.incrementAndGet();
        if (interrupt) {
            i.channel.sendQueued(new Frame.CancelTask(id));
        }
        updateBusy(i);
        LOG.debug("Task {} of {} cancelled by its caller{}", id, where(i.pid), interrupt ? "; interrupting it in the child" : "");
    }

    /**
     * On the timer thread, every heartbeat interval: sends a ping unless one is still unanswered,
     * and kills the child if that one has waited longer than the spec allows. The silence counts
     * from when the ping was sent, so a timer that runs late blames no child for its own delay.
     */
    private void heartbeat(Incarnation i) {
        if (!i.process.isAlive() || i.channel.isClosed()) {
            return;
        }
        if (i.pingInFlight) {
            long silentMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - i.pingSentNanos);
            if (silentMillis > spec.unresponsiveAfter().toMillis() && i.unresponsive.compareAndSet(false, true)) {
                i.killReason = "it did not answer heartbeats for " + silentMillis + " ms";
                LOG.error("{} did not answer heartbeats for {} ms (a ping sent then is unanswered); killing it", where(i.pid),
                        silentMillis);
                i.process.destroyForcibly();
            }
            return;
        }
        // set before sending: the answer may come back before send returns
        i.pingSentNanos = System.nanoTime();
        i.pingInFlight = true;
        i.channel.sendQueued(new Frame.Ping());
    }

    private void ended(Incarnation i) {
        // before the end is recorded: stop() and shutdownAll() return with the slots freed (idempotent)
        releaseWhatItHeld(i);
        if (i.heartbeat != null) {
            i.heartbeat.cancel(false);
        }
        i.err.awaitEnd(2000);
        i.out.awaitEnd(500);
        int code = i.process.exitValue();
        if (i.channel != null) {
            i.channel.close();
        }
        List<Incarnation.Pending> orphans = new ArrayList<>();
        boolean crash;
        boolean restart = false;
        boolean fin = false;
        int attempt;
        synchronized (lock) {
            if (inc != i) {
                return;
            }
            inc = null;
            lastExitCode = code;
            orphans.addAll(i.pending.values());
            i.pending.clear();
            crash = !(i.intentional || stopRequested);
            if (!crash) {
                endLocked(ProcessState.STOPPED, orphans);
                fin = true;
            } else if (restarts < spec.restartPolicy().maxRestarts()) {
                restarts++;
                restart = true;
                state = ProcessState.STARTING;
            } else {
                endLocked(ProcessState.CRASHED, orphans);
                fin = true;
            }
            attempt = restarts;
        }
        SKProcessException failure;
        if (crash) {
            failure = crashed(i, code);
            LOG.warn("{} died with exit code {}{}; {} pending task(s) failed; {}", where(i.pid), code,
                    i.killReason == null ? "" : " (killed because " + i.killReason + ")", orphans.size(),
                    restart ? "restart " + attempt + " of " + spec.restartPolicy().maxRestarts() + " follows" : "no restart");
        } else {
            failure = new SKProcessException("Task of " + where(i.pid) + " did not finish: the process was stopped first.");
            LOG.debug("{} exited with code {} after being stopped", where(i.pid), code);
        }
        fail(orphans, failure);
        if (restart) {
            scheduleRestart(attempt);
        }
        if (fin) {
            finish();
        }
        if (code != 0) {
            // a JVM killed (SIGKILL) runs no shutdown hook: the socket directory it opened to spawn
            // processes of its own is left behind unless someone removes it
            sweepSocketDirectories();
        }
    }

    /**
     * Removes, in the background, the socket directories that dead JVMs left beside this JVM's own
     * (see {@link SocketDirs}); does not block.
     */
    private static void sweepSocketDirectories() {
        try {
            ProcessServer.get().sweepBesideInBackground();
        } catch (IOException e) {
            LOG.debug("No sweep of stale socket directories: {}", e.toString());
        }
    }

    private SKProcessCrashedException crashed(Incarnation i, int code) {
        List<String> lines = i.err.lastLines();
        String why = i.killReason == null ? "" : " after being killed because " + i.killReason;
        return new SKProcessCrashedException(where(i.pid) + " died with exit code " + code + why + " before its task finished."
                + stderrTail(i), name, i.pid, code, lines);
    }

    private void scheduleRestart(int attempt) {
        Duration delay = spec.restartPolicy().delayBefore(attempt);
        Timers.SCHEDULER.schedule(() -> Thread.ofPlatform().daemon().name("sk-process-restart-" + name).start(this::restart),
                delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void restart() {
        synchronized (lock) {
            if (stopRequested || ended) {
                return;
            }
            launchInFlight = true;
        }
        Incarnation i;
        try {
            i = launch();
        } catch (SKProcessStartException e) {
            List<Incarnation.Pending> orphans = new ArrayList<>();
            boolean again = false;
            boolean stopped;
            int attempt;
            synchronized (lock) {
                launchInFlight = false;
                launching = null;
                stopped = stopRequested;
                if (ended) {
                    return;
                }
                if (!stopped && restarts < spec.restartPolicy().maxRestarts()) {
                    restarts++;
                    again = true;
                } else {
                    endLocked(stopped ? ProcessState.STOPPED : ProcessState.CRASHED, orphans);
                }
                attempt = restarts;
            }
            SKProcessException failure;
            if (stopped) {
                LOG.debug("Process '{}' ({}) was stopped while it restarted: {}", name, domain, e.getMessage());
                failure = new SKProcessException("Process '" + name + "' (" + domain + ") was stopped while it restarted, before"
                        + " the task was sent.", e);
            } else {
                LOG.error("Process '{}' ({}) could not be restarted: {}", name, domain, e.getMessage());
                failure = new SKProcessException("Process '" + name + "' (" + domain + ") crashed and could not be restarted: "
                        + e.getMessage(), e);
            }
            fail(orphans, failure);
            if (again) {
                scheduleRestart(attempt);
            } else {
                finish();
            }
            return;
        }
        if (install(i)) {
            LOG.info("Process '{}' ({}) restarted as pid {}", name, domain, i.pid);
        }
    }

    /** Records the end for good: frees the slot and completes {@link #onExit()}, exactly once. */
    private void finish() {
        synchronized (lock) {
            if (finished) {
                return;
            }
            finished = true;
        }
        try {
            onEnd.accept(this);
        } finally {
            exit.complete(this);
        }
    }

    /**
     * Waits up to {@code millis} for a JVM to exit. An interrupt does not cut the wait short: the
     * thread's interrupt status is set again when this returns.
     */
    private static boolean waitExit(Process p, long millis) {
        return Waits.awaitUninterruptibly(p.onExit(), TimeUnit.MILLISECONDS.toNanos(millis));
    }

    /**
     * Waits up to {@code millis} for the end to be recorded ({@link #finish()}). An interrupt does
     * not cut the wait short: the thread's interrupt status is set again when this returns.
     */
    private boolean awaitFinish(long millis) {
        return Waits.awaitUninterruptibly(exit, TimeUnit.MILLISECONDS.toNanos(millis));
    }

    @Override
    public long pid() {
        Incarnation i = inc;
        return i == null ? -1 : i.pid;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Domain domain() {
        return domain;
    }

    @Override
    public ProcessState state() {
        return state;
    }

    @Override
    public <R> CompletableFuture<R> submit(AnyFunction<R> function) {
        return submit(function, spec.taskTimeout());
    }

    @Override
    @SuppressWarnings("unchecked")
    public <R> CompletableFuture<R> submit(AnyFunction<R> function, Duration timeout) {
        Objects.requireNonNull(function, "function");
        if (timeout != null && (timeout.isNegative() || timeout.isZero())) {
            throw new IllegalArgumentException("The timeout of a task must be positive, was " + timeout);
        }
        byte[] bytes;
        try {
            bytes = codec.serialize(function);
        } catch (SKCerealException e) {
            throw new SKProcessException("The function cannot be sent to process '" + name + "': " + e.getMessage(), e);
        }
        TaskFuture<Object> future = new TaskFuture<>();
        Incarnation.Pending p = new Incarnation.Pending(ids.incrementAndGet(), bytes, timeout == null ? 0 : Math.max(1, timeout.toMillis()),
                future);
        Incarnation target = null;
        synchronized (lock) {
            if (stopRequested || ended) {
                throw new SKProcessException("Process '" + name + "' (" + domain + ") is " + state
                        + " and takes no more tasks; spawn a new one.");
            }
            Incarnation i = inc;
            if (i != null && (state == ProcessState.READY || state == ProcessState.BUSY)) {
                i.pending.put(p.id(), p);
                state = ProcessState.BUSY;
                target = i;
            } else {
                backlog.add(p);
            }
        }
        future.onCancel(interrupt -> cancelled(p.id(), interrupt));
        if (target != null) {
            send(target, p);
        }
        return (CompletableFuture<R>) p.future();
    }

    @Override
    public <R> R execute(AnyFunction<R> function, Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        CompletableFuture<R> f = submit(function, timeout);
        try {
            // the task's own timeout fails the future; the extra second covers the trip back
            return f.get(timeout.toMillis() + 1000, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            f.cancel(true);
            Thread.currentThread().interrupt();
            throw new SKProcessException("Interrupted while waiting for a task of process '" + name + "'; the task was cancelled"
                    + " and interrupted in the child.", e);
        } catch (TimeoutException e) {
            f.cancel(true);
            throw new SKProcessTimeoutException("Task of process '" + name + "' did not finish within " + timeout + ".");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof SKProcessException s) {
                throw s;
            }
            throw new SKProcessException("Task of process '" + name + "' failed: " + e.getCause(), e.getCause());
        }
    }

    @Override
    public void tell(Object message) {
        Objects.requireNonNull(message, "message");
        byte[] bytes;
        try {
            bytes = codec.serialize(message);
        } catch (SKCerealException e) {
            throw new SKProcessException("Message " + message + " cannot be sent to process '" + name + "': " + e.getMessage(), e);
        }
        Incarnation i;
        synchronized (lock) {
            i = inc;
            if (i == null || !(state == ProcessState.READY || state == ProcessState.BUSY)) {
                throw new SKProcessException("Process '" + name + "' (" + domain + ") is " + state
                        + " and cannot take messages now; tell it again once it is READY.");
            }
        }
        if (!i.channel.send(new Frame.Message(bytes))) {
            throw new SKProcessException("The channel of " + where(i.pid) + " is closed; the message was not sent.");
        }
    }

    @Override
    public java.util.Optional<Object> listen(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        try {
            return java.util.Optional.ofNullable(inbox.poll(timeout.toNanos(), TimeUnit.NANOSECONDS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SKProcessException("Interrupted while listening to process '" + name + "'.", e);
        }
    }

    @Override
    public int stop(Duration grace) {
        Objects.requireNonNull(grace, "grace");
        return end(grace, false);
    }

    @Override
    public void kill() {
        end(Duration.ZERO, true);
    }

    /**
     * Ends the process for good; the bounds are those documented on {@link SKProcess#stop} and
     * {@link SKProcess#kill}. Interrupts do not cut the waits short (the interrupt status is kept).
     */
    private int end(Duration grace, boolean force) {
        Incarnation i;
        Incarnation starting = null;
        boolean launchUnderWay = false;
        boolean alreadyEnded;
        List<Incarnation.Pending> orphans = new ArrayList<>();
        synchronized (lock) {
            alreadyEnded = ended;
            stopRequested = true;
            i = alreadyEnded ? null : inc;
            if (alreadyEnded) {
                // nothing to stop: only wait below for the end to be recorded
            } else if (i != null) {
                state = ProcessState.STOPPING;
            } else if (launchInFlight) {
                // a start or restart is under way: its JVM is killed below, and it records the end itself
                state = ProcessState.STOPPING;
                starting = launching;
                launchUnderWay = true;
            } else {
                // between a crash and its restart, or before the first start: no JVM runs
                endLocked(ProcessState.STOPPED, orphans);
            }
        }
        if (alreadyEnded) {
            // the end may still be being recorded (a crash just now): it is quick
            awaitFinish(RECORD_MILLIS);
            return lastExitCode;
        }
        if (i == null && !launchUnderWay) {
            fail(orphans, new SKProcessException("Process '" + name + "' was stopped before the task was sent."));
            finish();
            return lastExitCode;
        }
        if (i == null) {
            if (starting != null) {
                // not a process yet (no task ran there): no grace; one that runs later is killed as it launches
                starting.intentional = true;
                starting.process.destroyForcibly();
            }
            if (!awaitFinish(LAUNCH_END_MILLIS)) {
                throw new SKProcessTimeoutException("Process '" + name + "' (" + domain + ") was starting when it was stopped, and"
                        + " its start did not end within " + LAUNCH_END_MILLIS / 1000 + " s of its JVM being killed.");
            }
            return lastExitCode;
        }
        i.intentional = true;
        Process p = i.process;
        if (force) {
            p.destroyForcibly();
        } else {
            i.channel.send(new Frame.Stop(grace.toMillis()));
            if (!waitExit(p, grace.toMillis())) {
                LOG.debug("{} did not exit within {}; terminating it", where(i.pid), grace);
                p.destroy();
                if (!waitExit(p, TERM_MILLIS)) {
                    LOG.warn("{} did not terminate; killing it", where(i.pid));
                    p.destroyForcibly();
                }
            }
        }
        if (!waitExit(p, KILL_MILLIS)) {
            throw new SKProcessTimeoutException("The JVM of " + where(i.pid) + " did not exit within " + KILL_MILLIS / 1000
                    + " s of being killed.");
        }
        if (!awaitFinish(RECORD_MILLIS)) {
            throw new SKProcessTimeoutException("The end of " + where(i.pid) + " was not recorded within " + RECORD_MILLIS / 1000
                    + " s of its JVM's exit.");
        }
        return lastExitCode;
    }

    @Override
    public CompletableFuture<SKProcess> onExit() {
        return exit.copy();
    }

    @Override
    public ProcessStats stats() {
        Incarnation i = inc;
        int r;
        synchronized (lock) {
            r = restarts;
        }
        if (i == null) {
            return new ProcessStats(-1, done.get(), failed.get(), r, Duration.ZERO, null, -1, -1);
        }
        return new ProcessStats(i.pid, done.get(), failed.get(), r, Duration.between(i.startedAt, Instant.now()),
                i.lastBeatAt, i.heapUsed, i.heapMax);
    }

    @Override
    public String toString() {
        return "SKProcess[" + name + ", " + domain + ", pid " + pid() + ", " + state + "]";
    }
}
