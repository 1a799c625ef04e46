package dev.suitkaise.cycle;

import dev.suitkaise.cycle.internal.CycleSpec;
import dev.suitkaise.cycle.internal.PartPool;
import dev.suitkaise.cycle.internal.Permits;
import dev.suitkaise.cycle.internal.RunEngine;
import dev.suitkaise.cycle.internal.TreeText;
import dev.suitkaise.reg.Domain;
import dev.suitkaise.reg.GlobalMap;
import dev.suitkaise.reg.SKAccessException;
import dev.suitkaise.reg.SKGlobal;
import dev.suitkaise.cycle.internal.Node;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A built cycle: an immutable tree of parts plus sync modes, run with {@link #runOnce()}. Get one
 * from {@link #builder(String)}. Thread-safe: runs may be started from several threads (each run is
 * independent; they share the data store, the thread pool and the rate limits).
 *
 * <h2>Running</h2>
 * Parts run where they belong, never on the caller's thread: on pooled threads of the cycle's
 * {@link dev.suitkaise.thread.SKThreader}, on named component workers, or in managed child processes
 * (sent through sk-process; their answers arrive through callbacks of the task futures, so no thread
 * waits per part). A part runs after its parent, after the parts it is sequenced after or piped from,
 * under {@link SyncMode#LEVEL} (cycle-wide, or set on a split above it) after every part of the levels
 * above it in that scope, and only while every rate limit over it has room (limits count the parts of
 * all runs of the cycle in progress: concurrent {@code runOnce} calls and independent branch loops). {@code runOnce} blocks
 * until every part has ended or been abandoned. {@link #start()} runs the cycle continuously.
 */
public final class Cycle implements CycleElement, AutoCloseable {

    private final CycleSpec spec;
    private final PartPool pool;
    private final GlobalMap<String, Object> data;
    private final AtomicLong iterations = new AtomicLong();
    private final List<CycleListener> listeners = new CopyOnWriteArrayList<>();
    private final Permits permits;

    Cycle(CycleSpec spec) {
        this.spec = spec;
        this.pool = new PartPool(spec.threader(), spec.name());
        this.permits = new Permits(spec.limit());
        this.data = SKGlobal.map(Domain.GLOBAL, "sk-cycle." + spec.name() + "." + UUID.randomUUID());
    }

    /**
     * Starts a builder for a cycle.
     *
     * @param name the cycle's name (not blank)
     * @return the builder
     */
    public static CycleBuilder builder(String name) {
        return new CycleBuilder(name);
    }

    CycleSpec spec() {
        return spec;
    }

    @Override
    public String name() {
        return spec.name();
    }

    /**
     * Returns every part's slot, in level then position order.
     *
     * @return part name to slot
     */
    public Map<String, SlotAddress> addresses() {
        Map<String, SlotAddress> out = new LinkedHashMap<>();
        for (List<Node> level : spec.levels()) {
            for (Node n : level) {
                if (!n.isFork()) {
                    out.put(n.part().name(), n.address());
                }
            }
        }
        return Collections.unmodifiableMap(out);
    }

    /**
     * Returns the cycle's shared data store, also seen by parts as {@link CycleContext#data()}: a
     * {@link Domain#GLOBAL} cross-process global map of its own (see {@link SKGlobal}), so parts running
     * in child processes read and write the same entries. Null keys and values are rejected. Thread-safe.
     *
     * @return the store
     */
    public ConcurrentMap<String, Object> data() {
        return data;
    }

    /**
     * Runs every part once, with no time limit for the whole run, and waits for the end.
     *
     * @return the run's record
     * @throws IllegalStateException if the cycle is closed
     */
    public CycleRun runOnce() {
        return runOnce(null);
    }

    /**
     * Runs every part once and waits for the end; when the limit runs out, running parts are
     * interrupted (CANCELLED), waiting ones do not run and the run is CANCELLED. If the calling thread
     * is interrupted while waiting, the run is cancelled the same way and the interrupt flag is set
     * again on return. Called on a component worker's own thread, a part placed on that same worker
     * fails at once (with a {@link CycleException} saying so) instead of waiting in the worker's
     * mailbox behind this call forever.
     *
     * @param limit the most the whole run may take, null for no limit (longer than 10,000 days counts as
     *              10,000 days)
     * @return the run's record
     * @throws IllegalStateException if the cycle is closed
     */
    public CycleRun runOnce(Duration limit) {
        if (pool.isClosed()) {
            throw new IllegalStateException("cycle '" + name() + "' is closed");
        }
        return new RunEngine(spec, pool, data, iterations.incrementAndGet(), limit, null, Map.of(), listeners, permits)
                .run();
    }

    /**
     * Under independent sync: runs the trunk once.
     *
     * @param given receives the trunk's outputs when the branches may run
     * @param extra listeners of the handle
     * @return the trunk's run
     */
    CycleRun runTrunk(Map<Node, Object> given, List<CycleListener> extra) {
        checkOpen();
        RunEngine engine = new RunEngine(spec, pool, data, iterations.incrementAndGet(), null, spec.trunk(), Map.of(),
                with(extra), permits);
        CycleRun run = engine.run();
        Map<Node, Object> outputs = engine.passedOutputs();
        Node last = spec.branches().isEmpty() ? null : branchParent();
        if (last != null && outputs.containsKey(last)) {
            given.putAll(outputs);
        }
        return run;
    }

    private Node branchParent() {
        Node head = null;
        for (List<Node> level : spec.levels()) {
            for (Node n : level) {
                if (!n.isFork() && n.part().name().equals(spec.branches().get(0).head())) {
                    head = n;
                }
            }
        }
        return head == null ? null : head.parentPart();
    }

    /**
     * Under independent sync: runs one branch once, reading the trunk's outputs.
     *
     * @param branch the branch
     * @param iteration the branch's run number
     * @param given the trunk's outputs
     * @param extra listeners of the handle
     * @return the branch's run
     */
    CycleRun runBranch(CycleSpec.Branch branch, long iteration, Map<Node, Object> given, List<CycleListener> extra) {
        checkOpen();
        return new RunEngine(spec, pool, data, iteration, null, branch.parts(), given, with(extra), permits).run();
    }

    /**
     * Runs every part once for a continuous handle.
     *
     * @param extra listeners of the handle
     * @return the run
     */
    CycleRun runOnceFor(List<CycleListener> extra) {
        checkOpen();
        return new RunEngine(spec, pool, data, iterations.incrementAndGet(), null, null, Map.of(), with(extra), permits)
                .run();
    }

    private List<CycleListener> with(List<CycleListener> extra) {
        if (extra.isEmpty()) {
            return listeners;
        }
        List<CycleListener> all = new ArrayList<>(listeners);
        all.addAll(extra);
        return all;
    }

    /**
     * Adds a listener told about every part and every run of this cycle as they end, whether run with
     * {@link #runOnce()} or continuously. Thread-safe; see {@link CycleListener} for the thread it is
     * called on.
     *
     * @param listener the listener
     */
    public void addListener(CycleListener listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    /**
     * Removes a listener added with {@link #addListener(CycleListener)}. Thread-safe.
     *
     * @param listener the listener
     * @return true if it was registered
     */
    public boolean removeListener(CycleListener listener) {
        return listeners.remove(Objects.requireNonNull(listener, "removeListener: listener is null"));
    }

    private void checkOpen() {
        if (pool.isClosed()) {
            throw new IllegalStateException("cycle '" + name() + "' is closed");
        }
    }

    /**
     * Runs the cycle continuously, back to back, on a thread of the cycle's threader. Like
     * {@link #start(Duration)} with a zero interval.
     *
     * @return the handle
     * @throws IllegalStateException if the cycle is closed
     */
    public CycleHandle start() {
        return start(Duration.ZERO);
    }

    /**
     * Runs the cycle continuously on a thread of the cycle's threader: each run waits for all its
     * parts; the next starts no earlier than {@code interval} after the previous one started. Never
     * blocks.
     *
     * @param interval the least time between the starts of two runs, not negative; longer than
     *                 10,000 days counts as 10,000 days
     * @return the handle
     * @throws IllegalStateException if the cycle is closed
     */
    public CycleHandle start(Duration interval) {
        Objects.requireNonNull(interval, "start: interval is null; call start() to run back to back");
        if (interval.isNegative()) {
            throw new IllegalArgumentException("the interval must not be negative, got " + interval);
        }
        if (pool.isClosed()) {
            throw new IllegalStateException("cycle '" + name() + "' is closed");
        }
        return new CycleHandle(this, interval);
    }

    /**
     * Describes the tree: every slot with its level and position, indented by depth, the sync settings
     * of the cycle and of its splits, and the edges.
     *
     * @return the description
     */
    public String describe() {
        Map<SlotAddress, String> notes = new LinkedHashMap<>();
        for (CycleSpec.SplitRule r : spec.splitRules()) {
            String note = r.level() ? "sync LEVEL" : "";
            if (r.limit() > 0) {
                note = note.isEmpty() ? "limit " + r.limit() : note + ", limit " + r.limit();
            }
            notes.put(r.top().address(), r.top().isFork() ? note : "with the parts below it: " + note);
        }
        if (spec.independent() && spec.syncMode() != SyncMode.INDEPENDENT) {
            Node head = spec.branches().get(0).parts().stream().filter(n -> n.part().name()
                    .equals(spec.branches().get(0).head())).findFirst().orElseThrow();
            notes.merge(head.parent().address(), "sync INDEPENDENT", (x, y) -> y + ", " + x);
        }
        String settings = CycleBuilder.settings(spec.syncMode() != SyncMode.PARALLEL, spec.syncMode(), spec.limit());
        return TreeText.describe(name(), spec.root(), spec.edges(), null, settings, notes);
    }

    /**
     * Renders the tree as a Mermaid flowchart.
     *
     * @return the Mermaid source
     */
    public String toMermaid() {
        return TreeText.mermaid(spec.root(), spec.edges());
    }

    /**
     * Closes the cycle: later runs fail; idle pool threads end; the data store is dropped. Runs in
     * progress finish. Never blocks, except that emptying the store of a cycle in a child process is a
     * round trip to the commander's storage.
     */
    @Override
    public void close() {
        pool.close();
        try {
            SKGlobal.storage().drop(data.globalName());
        } catch (SKAccessException e) {
            data.clear();
        }
    }

    @Override
    public String toString() {
        return "Cycle[" + name() + "]";
    }
}
