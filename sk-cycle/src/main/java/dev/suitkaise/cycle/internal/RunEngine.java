package dev.suitkaise.cycle.internal;

import dev.suitkaise.cycle.CycleContext;
import dev.suitkaise.cycle.CycleException;
import dev.suitkaise.cycle.CycleListener;
import dev.suitkaise.cycle.CyclePart;
import dev.suitkaise.cycle.CycleRun;
import dev.suitkaise.cycle.CycleTimeoutException;
import dev.suitkaise.cycle.CycleValidationException;
import dev.suitkaise.cycle.ErrorMode;
import dev.suitkaise.cycle.PartOutcome;
import dev.suitkaise.cycle.PartResult;
import dev.suitkaise.cycle.RunStatus;
import dev.suitkaise.cycle.SlotAddress;
import dev.suitkaise.cycle.SyncMode;
import dev.suitkaise.cycle.Where;
import dev.suitkaise.function.AnyFunction;
import dev.suitkaise.function.SKLambda;
import dev.suitkaise.process.SKProcess;
import dev.suitkaise.process.SKProcessManager;
import dev.suitkaise.process.SKProcessTimeoutException;
import dev.suitkaise.process.SKTaskFailedException;
import dev.suitkaise.reg.GlobalMap;
import dev.suitkaise.thread.SKWorker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;

/**
 * Runs a cycle once. All scheduling state is owned by the thread that calls {@link #run()}; parts
 * run on pooled threads and workers and report back through a queue.
 */
public final class RunEngine {

    private static final Logger LOG = LoggerFactory.getLogger(RunEngine.class);
    private static final long NEVER = Long.MAX_VALUE;
    private static final Duration CANCEL_TIMEOUT = Duration.ofSeconds(10);

    private enum State { PENDING, RUNNING, STOPPING, DONE }

    private enum StopReason { TIMEOUT, CANCEL }

    private enum Kind { OK, FAIL, CONDITION_FALSE }

    /**
     * One attempt of a part: the thread running it, so that it can be interrupted safely; for a part in
     * a child process, the child and the attempt's token, so that the child can be told to interrupt it.
     */
    private static final class Attempt extends AttemptThread {
        private SKProcess process;
        private String token;
        private boolean cancelSent;

        void interrupt() {
            SKProcess target;
            synchronized (this) {
                interruptThread();
                target = process != null && !cancelSent ? process : null;
                cancelSent |= target != null;
            }
            if (target != null) {
                cancelRemote(target, token);
            }
        }

        /** Records that the attempt was sent to a child; interrupts it there at once if asked before. */
        void sent(SKProcess p, String t) {
            boolean cancel;
            synchronized (this) {
                process = p;
                token = t;
                cancel = interruptRequested() && !cancelSent;
                cancelSent |= cancel;
            }
            if (cancel) {
                cancelRemote(p, t);
            }
        }
    }

    private record Done(PartState part, Attempt attempt, Kind kind, Object value, Throwable error) {
    }

    /** Posted by another run of the cycle that freed a rate-limit slot: look for a part to start. */
    private static final Done WAKE = new Done(null, null, Kind.OK, null, null);

    private static final class PartState {
        final CyclePart part;
        final Node node;
        final int index;
        final List<PartState> deps = new ArrayList<>();
        final List<PartState> dependents = new ArrayList<>(1);
        int waiting;
        PartState parent;
        PartState pipeFrom;
        Predicate<Object> pipeValidator;
        Predicate<CycleContext> condition;
        State state = State.PENDING;
        int attempts;
        Instant start;
        Instant end;
        long deadline = NEVER;
        /** When the next attempt starts, while the part waits out a retry backoff; NEVER otherwise. */
        long retryAt = NEVER;
        long attemptStart;
        long longestAttempt;
        long stopDeadline;
        StopReason stopReason;
        Attempt current;
        Throwable lastError;
        PartOutcome outcome;
        Object output;
        Throwable error;
        boolean abandoned;
        boolean passes;
        boolean conditionSkipped;
        boolean runError;
        boolean holding;
        final List<LevelCount> scopes = new ArrayList<>(0);
        final List<CycleSpec.SplitRule> limits = new ArrayList<>(0);
        final PartEndEvent event = new PartEndEvent();

        PartState(CyclePart part, Node node, int index) {
            this.part = part;
            this.node = node;
            this.index = index;
        }

        int level() {
            return node.address().level();
        }
    }

    /** Counts the parts not yet ended per level, to find the lowest level with one. */
    private static final class LevelCount {
        private final int[] open;
        private int lowest = 1;

        LevelCount(int maxLevel) {
            open = new int[maxLevel + 2];
        }

        void add(int level) {
            open[level]++;
            lowest = Math.min(lowest, level);
        }

        void ended(int level) {
            open[level]--;
        }

        int lowest() {
            while (lowest < open.length && open[lowest] == 0) {
                lowest++;
            }
            return lowest;
        }
    }

    private final CycleSpec spec;
    private final PartPool pool;
    private final LevelCount openLevels;
    private final ArrayDeque<PartState> due = new ArrayDeque<>();
    private final List<PartState> held = new ArrayList<>();
    private final Set<PartState> timed = new java.util.LinkedHashSet<>();
    /** Parts waiting out a retry backoff. */
    private final Set<PartState> backingOff = new java.util.LinkedHashSet<>();
    private final List<CycleListener> listeners;
    private final GlobalMap<String, Object> data;
    private final long iteration;
    private final String runId = UUID.randomUUID().toString();
    private final Duration limit;
    /** The abandon grace in nanoseconds. */
    private final long abandonNanos;
    private final List<PartState> parts = new ArrayList<>();
    private final LinkedBlockingQueue<Done> events = new LinkedBlockingQueue<>();
    /** Attempts sent to a child whose answer has not come back yet. */
    private final AtomicInteger remoteInFlight = new AtomicInteger();
    private final ConcurrentMap<String, Optional<Object>> outputsByName = new ConcurrentHashMap<>();
    private final ConcurrentMap<SlotAddress, Optional<Object>> outputsBySlot = new ConcurrentHashMap<>();
    private final Permits permits;
    private final Runnable waker = () -> events.add(WAKE);
    /** What ends a watch for a child's answer: an event has come, or no attempt waits for a child any more. */
    private final BooleanSupplier answerOrNoneInFlight = () -> !events.isEmpty() || remoteInFlight.get() == 0;
    private boolean limited;
    private int done;
    private boolean stopped;
    private boolean cancelledRun;
    private boolean interrupted;

    /**
     * Prepares a run of the cycle's parts, or of some of them (a trunk or a branch under independent
     * sync): the other parts count as ended and passed, with the given outputs.
     *
     * @param spec the cycle
     * @param pool the cycle's pool
     * @param data the cycle's data store
     * @param iteration the run's number
     * @param limit the most the run may take, null for none
     * @param active the part nodes to run, null for all
     * @param given the outputs of parts that do not run, by node
     * @param listeners told about every part and the run as they end, on the calling thread
     * @param permits the cycle's rate limits, shared by its runs
     */
    public RunEngine(CycleSpec spec, PartPool pool, GlobalMap<String, Object> data, long iteration,
                     Duration limit, Set<Node> active, Map<Node, Object> given, List<CycleListener> listeners,
                     Permits permits) {
        this.spec = spec;
        this.listeners = listeners;
        this.permits = permits;
        this.limited = spec.limit() > 0;
        this.pool = pool;
        this.data = data;
        this.iteration = iteration;
        this.limit = limit;
        this.abandonNanos = Durations.nanos(spec.abandonAfter());
        Map<String, PartState> byName = new HashMap<>();
        Map<Node, PartState> byNode = new HashMap<>();
        List<PartState> all = new ArrayList<>();
        for (List<Node> level : spec.levels()) {
            for (Node n : level) {
                if (!n.isFork()) {
                    PartState p = new PartState(n.part(), n, parts.size());
                    all.add(p);
                    byName.put(n.part().name(), p);
                    byNode.put(n, p);
                    if (active == null || active.contains(n)) {
                        parts.add(p);
                    } else {
                        p.state = State.DONE;
                        p.passes = true;
                        p.output = given.get(n);
                        if (given.containsKey(n)) {
                            outputsByName.put(n.part().name(), Optional.ofNullable(p.output));
                            outputsBySlot.put(n.address(), Optional.ofNullable(p.output));
                        }
                    }
                }
            }
        }
        int maxLevel = spec.levels().size();
        openLevels = new LevelCount(maxLevel);
        for (PartState p : parts) {
            openLevels.add(p.level());
        }
        for (CycleSpec.SplitRule rule : spec.splitRules()) {
            LevelCount scope = new LevelCount(maxLevel);
            ArrayDeque<Node> stack = new ArrayDeque<>();
            stack.push(rule.top()); // a split's node is no part; an added cycle's root part is in its scope
            while (!stack.isEmpty()) {
                Node n = stack.pop();
                PartState p = byNode.get(n);
                if (p != null && p.state != State.DONE) {
                    if (rule.level()) {
                        scope.add(p.level());
                        p.scopes.add(scope);
                    }
                    if (rule.limit() > 0) {
                        p.limits.add(rule);
                    }
                }
                n.children().forEach(stack::push);
            }
            limited |= rule.limit() > 0;
        }
        for (PartState p : all) {
            Node parent = p.node.parentPart();
            if (parent != null) {
                p.parent = byNode.get(parent);
                p.deps.add(p.parent);
            }
            Predicate<CycleContext> own = p.part.condition().orElse(null);
            Predicate<CycleContext> extra = spec.conditions().get(p.part.name());
            p.condition = own == null ? extra : extra == null ? own : own.and(extra);
        }
        for (CycleSpec.Edge e : spec.edges()) {
            PartState to = byName.get(e.to());
            PartState from = byName.get(e.from());
            if (to.state == State.DONE) {
                continue;
            }
            to.deps.add(from);
            if (e.pipe()) {
                to.pipeFrom = from;
                to.pipeValidator = e.validator();
            }
        }
        for (PartState p : parts) {
            for (PartState d : p.deps) {
                if (d.state != State.DONE) {
                    p.waiting++;
                    d.dependents.add(p);
                }
            }
            if (p.waiting == 0) {
                due.add(p);
            }
        }
    }

    /**
     * Runs the cycle once and waits until every part has ended or been abandoned.
     *
     * @return the run's record
     */
    public CycleRun run() {
        Instant started = Instant.now();
        RunEndEvent runEvent = new RunEndEvent();
        runEvent.begin();
        LOG.debug("cycle {} run {} starts with {} parts", spec.name(), iteration, parts.size());
        long runDeadline = limit == null ? NEVER : System.nanoTime() + Math.max(0, Durations.nanos(limit));
        boolean interrupted;
        if (limited) {
            permits.register(waker);
        }
        try {
            schedule();
            loop(runDeadline);
        } catch (RuntimeException | Error e) {
            LOG.error("cycle {} run {} failed inside the engine; interrupting its running parts", spec.name(),
                    iteration, e);
            interruptAll();
            throw e;
        } finally {
            if (limited) {
                permits.unregister(waker);
            }
            for (PartState p : parts) {
                release(p);
            }
        }
        interrupted = this.interrupted;
        Instant ended = Instant.now();
        List<PartResult> results = new ArrayList<>();
        boolean error = false;
        for (PartState p : parts) {
            error |= p.runError;
            results.add(result(p));
        }
        RunStatus status = cancelledRun ? RunStatus.CANCELLED : error ? RunStatus.ERROR : RunStatus.OK;
        LOG.debug("cycle {} run {} ended {}", spec.name(), iteration, status);
        runEvent.end();
        if (runEvent.shouldCommit()) {
            runEvent.cycle = spec.name();
            runEvent.iteration = iteration;
            runEvent.status = status.name();
            runEvent.parts = parts.size();
            runEvent.commit();
        }
        CycleRun run = new CycleRun(spec.name(), iteration, status, started, ended, results);
        for (CycleListener l : listeners) {
            try {
                l.runEnded(run);
            } catch (RuntimeException | Error e) { // never lets a listener abort the run's bookkeeping
                LOG.warn("a listener of cycle {} threw on the end of run {}; ignored", spec.name(), iteration, e);
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        return run;
    }

    /**
     * After an unexpected failure of the engine itself: interrupts every attempt still running or
     * waiting to start, so that none is left running after {@link #run()} has thrown.
     */
    private void interruptAll() {
        for (PartState p : parts) {
            if ((p.state == State.RUNNING || p.state == State.STOPPING) && p.current != null) {
                try {
                    p.current.interrupt();
                } catch (RuntimeException | Error e) {
                    LOG.warn("cycle {} run {}: could not interrupt part {}", spec.name(), iteration, p.part.name(), e);
                }
            }
        }
    }

    private static PartResult result(PartState p) {
        return new PartResult(p.part.name(), p.node.address(), p.part.where(), p.outcome, p.attempts, p.start, p.end,
                p.output, p.error, p.abandoned);
    }

    /**
     * After {@link #run()}: the outputs of the parts that ran and let their dependents run.
     *
     * @return output by node (values may be null)
     */
    public Map<Node, Object> passedOutputs() {
        Map<Node, Object> out = new HashMap<>();
        for (PartState p : parts) {
            if (p.state == State.DONE && p.passes) {
                out.put(p.node, p.output);
            }
        }
        return out;
    }

    /**
     * While a part runs in a child, watches the event queue for sk-process's spin window (at most
     * {@code wait}) with one of the JVM's polling slots ({@link SKProcessManager#watchBriefly}), before the loop
     * sleeps on it: a child's answer usually comes within
     * the window, and the loop then takes it without being woken. Returns at once when no part runs
     * in a child.
     *
     * @return the first event seen, or null
     */
    private Done watchForRemoteAnswer(long wait) {
        if (remoteInFlight.get() == 0) {
            return null;
        }
        // a watch lasts at most the spin window anyway: only a wait shorter than it needs a Duration of its own
        SKProcessManager.watchBriefly(wait >= SpinWindow.NANOS ? SpinWindow.WINDOW : Duration.ofNanos(wait),
                answerOrNoneInFlight);
        return events.poll();
    }

    /** sk-process's spin window, read on the first watch for a child's answer (sk-process is in use by then). */
    private static final class SpinWindow {
        static final Duration WINDOW = SKProcessManager.spinWindow();
        static final long NANOS = WINDOW.toNanos();

        private SpinWindow() {
        }
    }

    /** Waits for reports and deadlines, starting parts as they become due, until every part has ended. */
    private void loop(long runDeadline) {
        while (done < parts.size()) {
            long next = stopped ? NEVER : runDeadline;
            for (PartState p : timed) {
                next = Math.min(next, p.state == State.STOPPING ? p.stopDeadline : p.deadline);
            }
            for (PartState p : backingOff) {
                next = Math.min(next, p.retryAt);
            }
            Done ev;
            try {
                long wait = next == NEVER ? NEVER : next - System.nanoTime();
                ev = wait <= 0 ? events.poll() : watchForRemoteAnswer(wait);
                if (ev == null && wait > 0) {
                    wait = next == NEVER ? NEVER : next - System.nanoTime();
                    ev = wait <= 0 ? events.poll() : events.poll(wait, TimeUnit.NANOSECONDS);
                }
            } catch (InterruptedException e) {
                interrupted = true;
                LOG.debug("cycle {} run {}: the caller was interrupted; cancelling", spec.name(), iteration);
                cancelledRun = true;
                stopAll("the caller's thread was interrupted");
                continue;
            }
            while (ev != null) {
                if (ev != WAKE) {
                    handle(ev);
                }
                ev = events.poll();
            }
            long now = System.nanoTime();
            if (!stopped && now - runDeadline >= 0 && runDeadline != NEVER) {
                cancelledRun = true;
                stopAll("the run's time limit of " + limit + " ran out");
            }
            checkDeadlines(now);
            startRetries(now);
            schedule();
        }
    }

    /** Starts the next attempt of every part whose retry backoff is over. */
    private void startRetries(long now) {
        if (backingOff.isEmpty() || stopped) {
            return;
        }
        for (PartState p : List.copyOf(backingOff)) {
            if (now - p.retryAt >= 0) {
                backingOff.remove(p);
                p.retryAt = NEVER;
                submitAttempt(p);
            }
        }
    }

    /**
     * Starts every part that may start now: a part becomes due when all its dependencies have ended;
     * a due part whose dependencies do not all let it run ends NOT_RUN (or SKIPPED under a skipped
     * condition), the others wait in {@code held} until the level barriers and rate limits allow them.
     */
    private void schedule() {
        if (stopped) {
            return;
        }
        while (!due.isEmpty()) {
            PartState p = due.poll();
            if (p.state != State.PENDING) {
                continue;
            }
            boolean pass = true;
            for (PartState d : p.deps) {
                pass &= d.passes;
            }
            if (pass) {
                held.add(p);
            } else if (p.parent != null && p.parent.conditionSkipped) {
                p.conditionSkipped = true;
                finish(p, PartOutcome.SKIPPED, null, null, false, false);
            } else {
                finish(p, PartOutcome.NOT_RUN, null, null, false, false);
            }
        }
        if (held.isEmpty()) {
            return;
        }
        int lowestOpen = spec.syncMode() == SyncMode.LEVEL ? openLevels.lowest() : Integer.MAX_VALUE;
        int kept = 0;
        for (int i = 0; i < held.size(); i++) {
            PartState p = held.get(i);
            if (p.state != State.PENDING) {
                continue;
            }
            if (lowestOpen >= p.level() && levelsAllow(p) && (!limited || permits.tryAcquire(p.limits))) {
                p.holding = limited;
                start(p);
            } else {
                held.set(kept++, p);
            }
        }
        held.subList(kept, held.size()).clear();
    }

    private static boolean levelsAllow(PartState p) {
        for (LevelCount scope : p.scopes) {
            if (scope.lowest() < p.level()) {
                return false;
            }
        }
        return true;
    }

    private void start(PartState p) {
        p.state = State.RUNNING;
        p.event.begin();
        p.start = Instant.now();
        long now = System.nanoTime();
        p.deadline = p.part.timeout().map(t -> now + Durations.nanos(t)).orElse(NEVER);
        if (p.deadline != NEVER) {
            timed.add(p);
        }
        submitAttempt(p);
    }

    /** Frees the slots a started part holds in the cycle-wide limit and its splits' limits. Idempotent. */
    private void release(PartState p) {
        if (p.holding) {
            p.holding = false;
            permits.release(p.limits, waker);
        }
    }

    private void submitAttempt(PartState p) {
        p.attempts++;
        Attempt attempt = new Attempt();
        p.current = attempt;
        p.attemptStart = System.nanoTime();
        Object input = p.pipeFrom == null ? null : p.pipeFrom.output;
        Context ctx = new Context(p, input);
        Runnable task = () -> runAttempt(p, attempt, ctx);
        LOG.debug("cycle {} run {}: part {} attempt {} on {}", spec.name(), iteration, p.part.name(), p.attempts,
                p.part.where());
        try {
            switch (p.part.where()) {
                case Where.Process w -> {
                    RemotePart remote = remotePart(p, w, ctx);
                    if (p.condition == null && p.pipeValidator == null) {
                        sendRemote(p, attempt, ctx, w, remote);
                    } else {
                        pool.execute(what(p), () -> prepareRemote(p, attempt, ctx, w, remote),
                                e -> events.add(new Done(p, attempt, Kind.FAIL, null, e)));
                    }
                }
                case Where.Here here -> pool.execute(what(p), task,
                        e -> events.add(new Done(p, attempt, Kind.FAIL, null, e)));
                case Where.Worker w -> {
                    SKWorker worker = spec.threader().worker(w.component());
                    if (WorkerThreads.isCurrent(spec.threader(), worker)) {
                        events.add(new Done(p, attempt, Kind.FAIL, null, new CycleException("part '" + p.part.name()
                                + "' of cycle '" + spec.name() + "' cannot run on worker '" + w.component() + "': the run was"
                                + " started on that worker's own thread, so the part would wait in the worker's mailbox for"
                                + " the run, and the run for the part, forever; start the run from another thread (for"
                                + " example Cycle.start(), or a task on another worker), or place the part elsewhere")));
                    } else {
                        worker.submit(p.part.name(), () -> {
                            WorkerThreads.seen(worker);
                            task.run();
                            return null;
                        }).whenComplete((v, ex) -> {
                            if (ex != null && !attempt.started()) {
                                events.add(new Done(p, attempt, Kind.FAIL, null, ex));
                            }
                        });
                    }
                }
            }
        } catch (RuntimeException e) {
            events.add(new Done(p, attempt, Kind.FAIL, null, e));
        }
    }

    /** The part in words, for messages. */
    private String what(PartState p) {
        return "part '" + p.part.name() + "' of cycle '" + spec.name() + "'";
    }

    /** Snapshots what a part in a child process may read: its input and the outputs of the parts it waits for. */
    private RemotePart remotePart(PartState p, Where.Process w, Context ctx) {
        Map<String, Object> results = new HashMap<>();
        Map<String, String> slots = new HashMap<>();
        List<PartState> known = new ArrayList<>(p.deps);
        for (PartState a = p.parent; a != null; a = a.parent) {
            known.add(a);
        }
        for (PartState k : known) {
            if (k.state == State.DONE && k.output != null && !results.containsKey(k.part.name())) {
                results.put(k.part.name(), k.output);
                slots.put(k.node.address().toString(), k.part.name());
            }
        }
        String token = runId + "/" + p.part.name() + "/" + p.attempts;
        // an SKLambda travels as its lambda: the lambda is what the child needs to run
        AnyFunction<?> function = p.part.function() instanceof SKLambda<?> l ? l.lambda() : p.part.function();
        return new RemotePart(function, w.component(), token, p.part.name(), p.level(),
                p.node.address().position(), iteration, runId, ctx.input, p.parent == null ? null : p.parent.part.name(),
                results, slots, data.globalName().name());
    }

    /** On a pooled thread: checks the condition and the piped value here, then sends the part to its child. */
    private void prepareRemote(PartState p, Attempt attempt, Context ctx, Where.Process w, RemotePart remote) {
        ContextHolder.set(ctx);
        Done refused = null;
        try {
            if (!attempt.begin(Thread.currentThread())) {
                refused = new Done(p, attempt, Kind.FAIL, null,
                        new CancellationException("part '" + p.part.name() + "' was stopped before it started"));
            } else if (p.condition != null && !p.condition.test(ctx)) {
                refused = new Done(p, attempt, Kind.CONDITION_FALSE, null, null);
            } else if (p.pipeFrom != null && p.pipeValidator != null && !p.pipeValidator.test(ctx.input)) {
                refused = new Done(p, attempt, Kind.FAIL, null, new CycleValidationException("part '" + p.part.name()
                        + "' rejected the value piped from '" + p.pipeFrom.part.name() + "' on arrival: " + ctx.input));
            }
        } catch (Throwable t) {
            refused = new Done(p, attempt, Kind.FAIL, null, t);
        } finally {
            ContextHolder.clear();
            attempt.end();
            Thread.interrupted();
        }
        if (refused != null) {
            events.add(refused);
        } else {
            sendRemote(p, attempt, ctx, w, remote);
        }
    }

    /**
     * Sends an attempt to its child without blocking; the child's answer comes back through a callback
     * of the task's future (on sk-process's reader thread, or a pooled thread when the output has a
     * validator). The task's timeout in the child is the part's remaining time plus the abandon grace:
     * the cycle interrupts the attempt in the child itself when the part's timeout runs out, and the
     * task's own timeout marks an attempt that ignored that interrupt.
     */
    private void sendRemote(PartState p, Attempt attempt, Context ctx, Where.Process w, RemotePart remote) {
        CompletableFuture<Object> future;
        SKProcess process;
        try {
            process = Processes.resolve(w, p.part.name());
            long deadline = p.deadline;
            if (deadline == NEVER) {
                future = process.submit(remote);
            } else {
                long left = Math.max(TimeUnit.MILLISECONDS.toNanos(1), deadline - System.nanoTime());
                future = process.submit(remote, Duration.ofNanos(left + abandonNanos).plusMillis(500));
            }
        } catch (RuntimeException e) {
            events.add(new Done(p, attempt, Kind.FAIL, null, e));
            return;
        }
        attempt.sent(process, remote.token());
        Optional<Predicate<Object>> validator = p.part.validator();
        remoteInFlight.incrementAndGet();
        future.whenComplete((value, error) -> {
            // the answer is queued before the count drops, so a watch that sees none in flight also sees the answer
            try {
                if (error != null) {
                    events.add(new Done(p, attempt, Kind.FAIL, null, unwrap(error)));
                } else if (validator.isEmpty()) {
                    events.add(new Done(p, attempt, Kind.OK, value, null));
                } else {
                    try {
                        pool.execute("the check of the output of " + what(p),
                                () -> validateRemote(p, attempt, ctx, validator.get(), value),
                                e -> events.add(new Done(p, attempt, Kind.FAIL, null, e)));
                    } catch (RuntimeException e) {
                        events.add(new Done(p, attempt, Kind.FAIL, null, e));
                    }
                }
            } finally {
                remoteInFlight.decrementAndGet();
            }
        });
    }

    private void validateRemote(PartState p, Attempt attempt, Context ctx, Predicate<Object> validator, Object value) {
        ContextHolder.set(ctx);
        Done result;
        try {
            result = validator.test(value) ? new Done(p, attempt, Kind.OK, value, null)
                    : new Done(p, attempt, Kind.FAIL, null, new CycleValidationException("part '" + p.part.name()
                            + "' produced an output its validator rejected: " + value));
        } catch (Throwable t) {
            result = new Done(p, attempt, Kind.FAIL, null, t);
        } finally {
            ContextHolder.clear();
            Thread.interrupted();
        }
        events.add(result);
    }

    /** The exception the part threw in the child when it travelled back, else sk-process's report. */
    private static Throwable unwrap(Throwable error) {
        Throwable e = error;
        if (e instanceof CompletionException && e.getCause() != null) {
            e = e.getCause();
        }
        if (e instanceof SKTaskFailedException && e.getCause() != null) {
            e = e.getCause();
        }
        return e;
    }

    /** Tells a child to interrupt an attempt; never blocks, and a child that is gone needs nothing. */
    private static void cancelRemote(SKProcess process, String token) {
        try {
            process.submit(new CancelRemote(token), CANCEL_TIMEOUT).whenComplete((v, e) -> {
                if (e != null) {
                    LOG.debug("could not interrupt attempt {} in process {}: {}", token, process.name(), e.toString());
                }
            });
        } catch (RuntimeException e) {
            LOG.debug("could not interrupt attempt {} in process {}: {}", token, process.name(), e.toString());
        }
    }

    private void runAttempt(PartState p, Attempt attempt, Context ctx) {
        ContextHolder.set(ctx);
        Done result;
        try {
            if (!attempt.begin(Thread.currentThread())) {
                result = new Done(p, attempt, Kind.FAIL, null,
                        new CancellationException("part '" + p.part.name() + "' was stopped before it started"));
            } else if (p.condition != null && !p.condition.test(ctx)) {
                result = new Done(p, attempt, Kind.CONDITION_FALSE, null, null);
            } else {
                if (p.pipeFrom != null && p.pipeValidator != null && !p.pipeValidator.test(ctx.input)) {
                    throw new CycleValidationException("part '" + p.part.name() + "' rejected the value piped from '"
                            + p.pipeFrom.part.name() + "' on arrival: " + ctx.input);
                }
                Object value = p.part.function().call();
                Optional<Predicate<Object>> validator = p.part.validator();
                if (validator.isPresent() && !validator.get().test(value)) {
                    throw new CycleValidationException("part '" + p.part.name() + "' produced an output its validator"
                            + " rejected: " + value);
                }
                result = new Done(p, attempt, Kind.OK, value, null);
            }
        } catch (Throwable t) {
            result = new Done(p, attempt, Kind.FAIL, null, t);
        } finally {
            ContextHolder.clear();
        }
        attempt.end();
        Thread.interrupted();
        events.add(result);
    }

    private void handle(Done ev) {
        PartState p = ev.part();
        if (p.state == State.DONE || ev.attempt() != p.current) {
            LOG.debug("cycle {} run {}: late report of part {} ignored", spec.name(), iteration, p.part.name());
            return;
        }
        if (p.state == State.STOPPING) {
            // sk-process's own timeout of a child task runs out only after the cycle's interrupt was ignored
            boolean ignored = ev.error() instanceof SKProcessTimeoutException;
            if (ignored) {
                release(p);
            }
            finishStopping(p, ignored, false);
            return;
        }
        p.longestAttempt = Math.max(p.longestAttempt, System.nanoTime() - p.attemptStart);
        switch (ev.kind()) {
            case OK -> finish(p, PartOutcome.SUCCEEDED, ev.value(), null, true, false);
            case CONDITION_FALSE -> {
                p.conditionSkipped = true;
                finish(p, PartOutcome.SKIPPED, null, null, false, false);
            }
            case FAIL -> onFailure(p, ev.error());
        }
    }

    private void onFailure(PartState p, Throwable error) {
        ErrorMode mode = p.part.errorMode();
        if (mode instanceof ErrorMode.Retry r) {
            long now = System.nanoTime();
            long wait = r.waitBefore(p.attempts + 1).toNanos();
            boolean timeLeft = p.deadline == NEVER || p.deadline - now >= wait + p.longestAttempt;
            if (!stopped && p.attempts < r.maxAttempts() && timeLeft) {
                LOG.debug("cycle {} run {}: part {} failed attempt {} ({}); retrying{}", spec.name(), iteration,
                        p.part.name(), p.attempts, error.toString(), wait > 0 ? " after " + Duration.ofNanos(wait) : "");
                if (wait > 0) {
                    p.retryAt = now + wait;
                    p.lastError = error;
                    backingOff.add(p);
                } else {
                    submitAttempt(p);
                }
                return;
            }
        }
        apply(p, error, false);
    }

    private void apply(PartState p, Throwable error, boolean timedOut) {
        ErrorMode mode = p.part.errorMode();
        if (mode instanceof ErrorMode.Retry r) {
            mode = r.then();
        }
        PartOutcome failed = timedOut ? PartOutcome.TIMED_OUT : PartOutcome.FAILED;
        switch (mode) {
            case ErrorMode.InstantFail f -> {
                finish(p, failed, null, error, false, true);
                stopAll("part '" + p.part.name() + "' failed under instant fail");
            }
            case ErrorMode.CleanFail f -> finish(p, failed, null, error, false, true);
            case ErrorMode.Skip s -> finish(p, PartOutcome.SKIPPED, null, error, false, false);
            case ErrorMode.FallbackFail f -> finish(p, PartOutcome.FALLBACK, f.value(), error, true, true);
            case ErrorMode.FallbackSkip f -> finish(p, PartOutcome.FALLBACK, f.value(), error, true, false);
            case ErrorMode.Propagate f -> finish(p, failed, error, error, true, true);
            case ErrorMode.Retry r -> finish(p, failed, null, error, false, true);
        }
    }

    private void finish(PartState p, PartOutcome outcome, Object output, Throwable error, boolean passes,
                        boolean runError) {
        release(p);
        timed.remove(p);
        p.state = State.DONE;
        openLevels.ended(p.level());
        for (LevelCount scope : p.scopes) {
            scope.ended(p.level());
        }
        for (PartState d : p.dependents) {
            if (--d.waiting == 0 && d.state == State.PENDING) {
                due.add(d);
            }
        }
        if (p.start != null) {
            p.end = Instant.now();
        }
        p.outcome = outcome;
        p.output = output;
        p.error = error;
        p.passes = passes;
        p.runError = runError;
        done++;
        p.event.end();
        if (p.event.shouldCommit()) {
            p.event.cycle = spec.name();
            p.event.iteration = iteration;
            p.event.part = p.part.name();
            p.event.slot = p.node.address().toString();
            p.event.where = p.part.where().toString();
            p.event.outcome = outcome.name();
            p.event.attempts = p.attempts;
            p.event.abandoned = p.abandoned;
            p.event.commit();
        }
        if (output != null || outcome == PartOutcome.SUCCEEDED || outcome == PartOutcome.FALLBACK) {
            outputsByName.put(p.part.name(), Optional.ofNullable(output));
            outputsBySlot.put(p.node.address(), Optional.ofNullable(output));
        }
        if (!listeners.isEmpty()) {
            PartResult r = result(p);
            for (CycleListener l : listeners) {
                try {
                    l.partEnded(spec.name(), iteration, r);
                } catch (RuntimeException | Error e) { // never lets a listener abort the run's bookkeeping
                    LOG.warn("a listener of cycle {} threw on the end of part {}; ignored", spec.name(), p.part.name(), e);
                }
            }
        }
    }

    private void checkDeadlines(long now) {
        if (timed.isEmpty()) {
            return;
        }
        for (PartState p : List.copyOf(timed)) {
            if (p.state == State.RUNNING && p.deadline != NEVER && now - p.deadline >= 0) {
                p.stopReason = StopReason.TIMEOUT;
                if (backingOff.remove(p)) {
                    LOG.debug("cycle {} run {}: part {} timed out during its retry backoff", spec.name(), iteration, p.part.name());
                    p.retryAt = NEVER;
                    finishStopping(p, false, false);
                } else if (takeOffQueue(p)) {
                    LOG.debug("cycle {} run {}: part {} timed out before it started", spec.name(), iteration, p.part.name());
                    finishStopping(p, false, true);
                } else {
                    LOG.debug("cycle {} run {}: part {} timed out; interrupting it", spec.name(), iteration, p.part.name());
                    p.state = State.STOPPING;
                    p.stopDeadline = now + abandonNanos;
                    p.current.interrupt();
                }
            } else if (p.state == State.STOPPING && now - p.stopDeadline >= 0) {
                LOG.warn("cycle {} run {}: part {} ignored its interrupt for {}; abandoning it (its thread runs on)",
                        spec.name(), iteration, p.part.name(), spec.abandonAfter());
                release(p);
                p.abandoned = true;
                finishStopping(p, true, false);
            }
        }
    }

    /**
     * For a part in this process whose current attempt still waits for its thread (a busy worker's
     * mailbox, or a pooled thread not yet running it): makes sure it never starts.
     *
     * @return true if the attempt had not started and now never will
     */
    private boolean takeOffQueue(PartState p) {
        if (p.part.where() instanceof Where.Process || !p.current.cancelIfNotStarted()) {
            return false; // a part in a child has no local start to watch: the child is told to interrupt it
        }
        p.attempts--; // the attempt never ran
        return true;
    }

    private void finishStopping(PartState p, boolean abandoned, boolean neverStarted) {
        p.abandoned = abandoned;
        if (p.stopReason == StopReason.TIMEOUT) {
            String what = "part '" + p.part.name() + "' of cycle '" + spec.name() + "'";
            String timeout = String.valueOf(p.part.timeout().orElseThrow());
            CycleTimeoutException e = new CycleTimeoutException(neverStarted
                    ? what + " did not start within its timeout of " + timeout + ": it waited all that time for "
                    + (p.part.where() instanceof Where.Worker w ? "worker '" + w.component() + "', busy with other tasks;"
                    + " it was taken off and will not run. Give it a longer timeout, or move slow tasks off that worker"
                    : "a pooled thread; it was taken off and will not run. Give it a longer timeout")
                    : what + " did not finish within its timeout of " + timeout
                    + (abandoned ? " and ignored the interrupt; it was abandoned" : "; it was interrupted"));
            apply(p, e, true);
        } else {
            finish(p, PartOutcome.CANCELLED, null, p.lastError, false, false);
        }
    }

    private void stopAll(String why) {
        if (stopped) {
            return;
        }
        stopped = true;
        long now = System.nanoTime();
        for (PartState p : parts) {
            if (p.state == State.PENDING) {
                finish(p, PartOutcome.NOT_RUN, null, null, false, false);
            } else if (p.state == State.RUNNING && backingOff.remove(p)) {
                p.retryAt = NEVER;
                p.stopReason = StopReason.CANCEL;
                p.lastError = new CancellationException("part '" + p.part.name() + "' was cancelled during its retry"
                        + " backoff: " + why);
                finishStopping(p, false, false);
            } else if (p.state == State.RUNNING && takeOffQueue(p)) {
                p.stopReason = StopReason.CANCEL;
                p.lastError = new CancellationException("part '" + p.part.name() + "' was cancelled before it"
                        + " started: " + why);
                finishStopping(p, false, true);
            } else if (p.state == State.RUNNING) {
                p.state = State.STOPPING;
                p.stopReason = StopReason.CANCEL;
                p.lastError = new CancellationException("part '" + p.part.name() + "' was cancelled: " + why);
                p.stopDeadline = now + abandonNanos;
                timed.add(p);
                p.current.interrupt();
            }
        }
    }

    /** The context a part reads. */
    private final class Context implements CycleContext {
        private final PartState part;
        private final Object input;

        Context(PartState part, Object input) {
            this.part = part;
            this.input = input;
        }

        @Override
        public String partName() {
            return part.part.name();
        }

        @Override
        public SlotAddress address() {
            return part.node.address();
        }

        @Override
        public Optional<Object> input() {
            return Optional.ofNullable(input);
        }

        @Override
        public ConcurrentMap<String, Object> data() {
            return data;
        }

        @Override
        public Optional<Object> result(String partName) {
            Objects.requireNonNull(partName, "result: partName is null");
            return outputsByName.getOrDefault(partName, Optional.empty());
        }

        @Override
        public Optional<Object> result(int level, int position) {
            return outputsBySlot.getOrDefault(new SlotAddress(level, position), Optional.empty());
        }

        @Override
        public Optional<Object> parentResult() {
            return part.parent == null ? Optional.empty() : result(part.parent.part.name());
        }

        @Override
        public long iteration() {
            return iteration;
        }

        @Override
        public String runId() {
            return runId;
        }
    }
}
