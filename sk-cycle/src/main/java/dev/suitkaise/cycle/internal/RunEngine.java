package dev.suitkaise.cycle.internal;

import dev.suitkaise.cycle.CycleContext;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * Runs a cycle once. All scheduling state is owned by the thread that calls {@link #run()}; parts
 * run on pooled threads and workers and report back through a queue.
 */
public final class RunEngine {

    private static final Logger LOG = LoggerFactory.getLogger(RunEngine.class);
    private static final long NEVER = Long.MAX_VALUE;

    private enum State { PENDING, RUNNING, STOPPING, DONE }

    private enum StopReason { TIMEOUT, CANCEL }

    private enum Kind { OK, FAIL, CONDITION_FALSE }

    /** One attempt of a part: the thread running it, so that it can be interrupted safely. */
    private static final class Attempt {
        private Thread thread;
        private boolean started;
        private boolean interruptRequested;

        synchronized boolean begin(Thread t) {
            started = true;
            thread = t;
            return !interruptRequested;
        }

        synchronized void end() {
            thread = null;
        }

        synchronized void interrupt() {
            interruptRequested = true;
            if (thread != null) {
                thread.interrupt();
            }
        }

        synchronized boolean started() {
            return started;
        }
    }

    private record Done(PartState part, Attempt attempt, Kind kind, Object value, Throwable error) {
    }

    private static final class PartState {
        final CyclePart part;
        final Node node;
        final int index;
        final List<PartState> deps = new ArrayList<>();
        PartState parent;
        PartState pipeFrom;
        Predicate<Object> pipeValidator;
        Predicate<CycleContext> condition;
        State state = State.PENDING;
        int attempts;
        Instant start;
        Instant end;
        long deadline = NEVER;
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

    private final CycleSpec spec;
    private final PartPool pool;
    private final ConcurrentMap<String, Object> data;
    private final long iteration;
    private final Duration limit;
    private final List<PartState> parts = new ArrayList<>();
    private final LinkedBlockingQueue<Done> events = new LinkedBlockingQueue<>();
    private final ConcurrentMap<String, Optional<Object>> outputsByName = new ConcurrentHashMap<>();
    private final ConcurrentMap<SlotAddress, Optional<Object>> outputsBySlot = new ConcurrentHashMap<>();
    private int running;
    private int done;
    private boolean stopped;
    private boolean cancelledRun;

    /**
     * Prepares a run.
     *
     * @param spec the cycle
     * @param pool the cycle's pool
     * @param data the cycle's data store
     * @param iteration the run's number
     * @param limit the most the run may take, null for none
     */
    public RunEngine(CycleSpec spec, PartPool pool, ConcurrentMap<String, Object> data, long iteration,
                     Duration limit) {
        this.spec = spec;
        this.pool = pool;
        this.data = data;
        this.iteration = iteration;
        this.limit = limit;
        Map<String, PartState> byName = new HashMap<>();
        Map<Node, PartState> byNode = new HashMap<>();
        for (List<Node> level : spec.levels()) {
            for (Node n : level) {
                if (!n.isFork()) {
                    PartState p = new PartState(n.part(), n, parts.size());
                    parts.add(p);
                    byName.put(n.part().name(), p);
                    byNode.put(n, p);
                }
            }
        }
        for (PartState p : parts) {
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
            to.deps.add(from);
            if (e.pipe()) {
                to.pipeFrom = from;
                to.pipeValidator = e.validator();
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
        long runDeadline = limit == null ? NEVER : System.nanoTime() + Math.max(0, limit.toNanos());
        boolean interrupted = false;
        schedule();
        while (done < parts.size()) {
            long next = stopped ? NEVER : runDeadline;
            for (PartState p : parts) {
                if (p.state == State.RUNNING) {
                    next = Math.min(next, p.deadline);
                } else if (p.state == State.STOPPING) {
                    next = Math.min(next, p.stopDeadline);
                }
            }
            Done ev;
            try {
                long wait = next == NEVER ? NEVER : next - System.nanoTime();
                ev = wait <= 0 ? events.poll() : events.poll(wait, TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                interrupted = true;
                LOG.debug("cycle {} run {}: the caller was interrupted; cancelling", spec.name(), iteration);
                cancelledRun = true;
                stopAll("the caller's thread was interrupted");
                continue;
            }
            if (ev != null) {
                handle(ev);
            }
            long now = System.nanoTime();
            if (!stopped && now - runDeadline >= 0 && runDeadline != NEVER) {
                cancelledRun = true;
                stopAll("the run's time limit of " + limit + " ran out");
            }
            checkDeadlines(now);
            schedule();
        }
        Instant ended = Instant.now();
        List<PartResult> results = new ArrayList<>();
        boolean error = false;
        for (PartState p : parts) {
            error |= p.runError;
            results.add(new PartResult(p.part.name(), p.node.address(), p.part.where(), p.outcome, p.attempts,
                    p.start, p.end, p.output, p.error, p.abandoned));
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
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        return new CycleRun(spec.name(), iteration, status, started, ended, results);
    }

    private void schedule() {
        if (stopped) {
            return;
        }
        boolean changed = true;
        while (changed) {
            changed = false;
            int lowestOpenLevel = Integer.MAX_VALUE;
            for (PartState p : parts) {
                if (p.state != State.DONE) {
                    lowestOpenLevel = Math.min(lowestOpenLevel, p.level());
                }
            }
            for (PartState p : parts) {
                if (p.state != State.PENDING || !p.deps.stream().allMatch(d -> d.state == State.DONE)) {
                    continue;
                }
                if (!p.deps.stream().allMatch(d -> d.passes)) {
                    if (p.parent != null && p.parent.conditionSkipped) {
                        p.conditionSkipped = true;
                        finish(p, PartOutcome.SKIPPED, null, null, false, false);
                    } else {
                        finish(p, PartOutcome.NOT_RUN, null, null, false, false);
                    }
                    changed = true;
                    continue;
                }
                if (spec.syncMode() == SyncMode.LEVEL && lowestOpenLevel < p.level()) {
                    continue;
                }
                if (spec.limit() > 0 && running >= spec.limit()) {
                    continue;
                }
                start(p);
                changed = true;
            }
        }
    }

    private void start(PartState p) {
        p.state = State.RUNNING;
        p.event.begin();
        p.start = Instant.now();
        long now = System.nanoTime();
        p.deadline = p.part.timeout().map(t -> now + t.toNanos()).orElse(NEVER);
        running++;
        submitAttempt(p);
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
                case Where.Here here -> pool.execute(task);
                case Where.Worker w -> spec.threader().worker(w.component()).submit(p.part.name(), () -> {
                    task.run();
                    return null;
                }).whenComplete((v, ex) -> {
                    if (ex != null && !attempt.started()) {
                        events.add(new Done(p, attempt, Kind.FAIL, null, ex));
                    }
                });
            }
        } catch (RuntimeException e) {
            events.add(new Done(p, attempt, Kind.FAIL, null, e));
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
            finishStopping(p, false);
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
            boolean timeLeft = p.deadline == NEVER || p.deadline - now >= p.longestAttempt;
            if (!stopped && p.attempts < r.maxAttempts() && timeLeft) {
                LOG.debug("cycle {} run {}: part {} failed attempt {} ({}); retrying", spec.name(), iteration,
                        p.part.name(), p.attempts, error.toString());
                submitAttempt(p);
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
        if (p.state == State.RUNNING || (p.state == State.STOPPING && !p.abandoned)) {
            running--;
        }
        p.state = State.DONE;
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
    }

    private void checkDeadlines(long now) {
        for (PartState p : parts) {
            if (p.state == State.RUNNING && p.deadline != NEVER && now - p.deadline >= 0) {
                LOG.debug("cycle {} run {}: part {} timed out; interrupting it", spec.name(), iteration, p.part.name());
                p.state = State.STOPPING;
                p.stopReason = StopReason.TIMEOUT;
                p.stopDeadline = now + spec.abandonAfter().toNanos();
                p.current.interrupt();
            } else if (p.state == State.STOPPING && now - p.stopDeadline >= 0) {
                LOG.warn("cycle {} run {}: part {} ignored its interrupt for {}; abandoning it (its thread runs on)",
                        spec.name(), iteration, p.part.name(), spec.abandonAfter());
                running--;
                p.abandoned = true;
                finishStopping(p, true);
            }
        }
    }

    private void finishStopping(PartState p, boolean abandoned) {
        p.abandoned = abandoned;
        if (p.stopReason == StopReason.TIMEOUT) {
            CycleTimeoutException e = new CycleTimeoutException("part '" + p.part.name() + "' of cycle '" + spec.name()
                    + "' did not finish within its timeout of " + p.part.timeout().orElseThrow()
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
            } else if (p.state == State.RUNNING) {
                p.state = State.STOPPING;
                p.stopReason = StopReason.CANCEL;
                p.lastError = new CancellationException("part '" + p.part.name() + "' was cancelled: " + why);
                p.stopDeadline = now + spec.abandonAfter().toNanos();
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
    }
}
