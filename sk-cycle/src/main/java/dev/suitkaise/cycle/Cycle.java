package dev.suitkaise.cycle;

import dev.suitkaise.cycle.internal.CycleSpec;
import dev.suitkaise.cycle.internal.PartPool;
import dev.suitkaise.cycle.internal.RunEngine;
import dev.suitkaise.cycle.internal.TreeText;

import dev.suitkaise.cycle.internal.Node;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A built cycle: an immutable tree of parts plus sync modes, run with {@link #runOnce()}. Get one
 * from {@link #builder(String)}. Thread-safe: runs may be started from several threads (each run is
 * independent; they share the data store and the thread pool).
 *
 * <h2>Running</h2>
 * Parts run where they belong, never on the caller's thread: on pooled threads of the cycle's
 * {@link dev.suitkaise.thread.SKThreader} or on named component workers. A part runs after its
 * parent, after the parts it is sequenced after or piped from, and (in {@link SyncMode#LEVEL}) after
 * every part of the levels above it. {@code runOnce} blocks until every part has ended or been
 * abandoned.
 */
public final class Cycle implements CycleElement, AutoCloseable {

    private final CycleSpec spec;
    private final PartPool pool;
    private final ConcurrentMap<String, Object> data = new ConcurrentHashMap<>();
    private final AtomicLong iterations = new AtomicLong();

    Cycle(CycleSpec spec) {
        this.spec = spec;
        this.pool = new PartPool(spec.threader(), spec.name());
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
     * Returns the cycle's shared data store, also seen by parts as {@link CycleContext#data()}.
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
     * again on return.
     *
     * @param limit the most the whole run may take, null for no limit
     * @return the run's record
     * @throws IllegalStateException if the cycle is closed
     */
    public CycleRun runOnce(Duration limit) {
        if (pool.isClosed()) {
            throw new IllegalStateException("cycle '" + name() + "' is closed");
        }
        return new RunEngine(spec, pool, data, iterations.incrementAndGet(), limit).run();
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
     * @param interval the least time between the starts of two runs, not negative
     * @return the handle
     * @throws IllegalStateException if the cycle is closed
     */
    public CycleHandle start(Duration interval) {
        if (interval.isNegative()) {
            throw new IllegalArgumentException("the interval must not be negative, got " + interval);
        }
        if (pool.isClosed()) {
            throw new IllegalStateException("cycle '" + name() + "' is closed");
        }
        return new CycleHandle(this, interval);
    }

    /**
     * Describes the tree: every slot with its level and position, indented by depth, and the edges.
     *
     * @return the description
     */
    public String describe() {
        return TreeText.describe(name(), spec.root(), spec.edges(), null);
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
     * Closes the cycle: later runs fail; idle pool threads end. Runs in progress finish. Never blocks.
     */
    @Override
    public void close() {
        pool.close();
    }

    @Override
    public String toString() {
        return "Cycle[" + name() + "]";
    }
}
