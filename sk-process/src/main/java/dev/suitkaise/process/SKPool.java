package dev.suitkaise.process;

import dev.suitkaise.function.AnyFunction;
import dev.suitkaise.process.internal.PoolTasks;
import dev.suitkaise.process.internal.TaskFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.Serializable;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * A fixed set of warm child processes that share work: Python's {@code multiprocessing.Pool} is
 * the model. Created by {@link SKProcessManager#pool(int)}; {@link #close()} stops the children.
 *
 * <p>Work is queued in the parent and handed to the least busy child, at most two tasks per child
 * at a time, so a long list never floods a child. A child that crashes fails the tasks it held
 * with {@link SKProcessCrashedException}; with a {@link RestartPolicy} in the pool's spec it comes
 * back and takes work again (tasks queued meanwhile wait for it). Once every child has ended for
 * good (crashed with no restart left, or stopped), the tasks still queued fail with
 * {@link SKProcessException}, its cause the last crash, and the pool refuses new work: start a
 * new pool.
 *
 * <p>All methods are thread-safe. The blocking methods take a bound and throw
 * {@link SKProcessTimeoutException} when it passes; the call's tasks then keep running (cancel
 * their futures, or close the pool, to stop them). A blocking call whose thread is interrupted
 * cancels the call's unfinished tasks, as {@link SKProcess#execute} does, sets the interrupt flag
 * again and throws {@link SKProcessException}.
 */
public final class SKPool implements AutoCloseable {

    /**
     * A function of one item that can travel to a child (a serializable lambda or method reference).
     *
     * @param <T> the item type
     * @param <R> the result type
     */
    @FunctionalInterface
    public interface Mapper<T, R> extends Serializable {
        /**
         * Maps one item, in a child.
         *
         * @param item the item
         * @return the result
         * @throws Exception whatever the mapping throws
         */
        R apply(T item) throws Exception;
    }

    private static final Logger LOG = LoggerFactory.getLogger(SKPool.class);
    private static final int PER_WORKER = 2;

    private final String name;
    private final List<SKProcess> workers;
    private final Map<SKProcess, Integer> inFlight = new IdentityHashMap<>();
    private final ArrayDeque<Job> queue = new ArrayDeque<>();
    private boolean closed;
    /** The last crash that failed a task of this pool, or null: the cause given once no child is left. */
    private SKProcessCrashedException lastCrash;

    /** A queued or sent function; {@code sent} is set, under the pool's lock, once a child took it. */
    private static final class Job {
        final AnyFunction<?> function;
        final TaskFuture<Object> result = new TaskFuture<>();
        CompletableFuture<Object> sent;

        Job(AnyFunction<?> function) {
            this.function = function;
        }

        AnyFunction<?> function() {
            return function;
        }

        CompletableFuture<Object> result() {
            return result;
        }
    }

    SKPool(String name, List<SKProcess> workers) {
        this.name = name;
        this.workers = List.copyOf(workers);
        this.workers.forEach(w -> inFlight.put(w, 0));
        // a child that ends for good with no task of the pool (it finished them while it stopped)
        // lets the queue learn whether any child is left
        this.workers.forEach(w -> w.onExit().thenRun(this::dispatch));
    }

    /**
     * The pool's children.
     *
     * @return the processes, in start order
     */
    public List<SKProcess> workers() {
        return workers;
    }

    /**
     * Queues one function for the least busy child.
     *
     * @param function the function
     * @param <R> the result type
     * @return its result's future; it fails as {@link SKProcess#submit} describes. Cancelling it
     *     drops a task still queued in the pool, and cancels a task a child has taken as
     *     {@link SKProcess#submit} describes ({@code cancel(true)} interrupts it there). It also
     *     fails with {@link SKProcessException} if the pool is closed, or every child ends for
     *     good, before a child took it
     * @throws SKProcessException if the pool is closed, every child has ended for good (crashed
     *     with no restart left, or stopped), or the function cannot be serialized
     */
    @SuppressWarnings("unchecked")
    public <R> CompletableFuture<R> submit(AnyFunction<R> function) {
        Objects.requireNonNull(function, "function");
        Job job = new Job(function);
        job.result.onCancel(interrupt -> cancel(job, interrupt));
        synchronized (this) {
            if (closed) {
                throw new SKProcessException("Pool '" + name + "' is closed; create a new one with SKProcessManager.pool.");
            }
            if (allEnded()) {
                throw noChildLeft("takes no more tasks");
            }
            queue.add(job);
        }
        dispatch();
        return (CompletableFuture<R>) job.result();
    }

    /** The caller cancelled a job: a queued one is dropped, a sent one is cancelled in its child. */
    private void cancel(Job job, boolean interrupt) {
        CompletableFuture<Object> sent;
        synchronized (this) {
            if (queue.remove(job)) {
                return;
            }
            sent = job.sent;
        }
        if (sent != null) {
            sent.cancel(interrupt);
        }
    }

    private void dispatch() {
        List<Runnable> failures = new ArrayList<>();
        synchronized (this) {
            while (!queue.isEmpty()) {
                SKProcess worker = leastBusy();
                if (worker == null) {
                    if (allEnded()) {
                        // no child will ever take these: fail them rather than leave them waiting
                        SKProcessException none = noChildLeft("could not run the task");
                        List<Job> orphans = new ArrayList<>(queue);
                        queue.clear();
                        orphans.forEach(j -> failures.add(() -> j.result().completeExceptionally(none)));
                    }
                    break;
                }
                Job job = queue.poll();
                if (job.result().isCancelled()) {
                    continue;
                }
                CompletableFuture<Object> sent;
                try {
                    @SuppressWarnings("unchecked")
                    AnyFunction<Object> f = (AnyFunction<Object>) job.function();
                    sent = worker.submit(f);
                } catch (SKProcessException e) {
                    if (unavailable(worker)) {
                        queue.addFirst(job); // the child ended meanwhile: another takes the job, or the queue fails above
                    } else {
                        failures.add(() -> job.result().completeExceptionally(e));
                    }
                    continue;
                }
                inFlight.merge(worker, 1, Integer::sum);
                job.sent = sent;
                sent.whenComplete((v, t) -> {
                    synchronized (this) {
                        inFlight.merge(worker, -1, Integer::sum);
                        if (unwrap(t) instanceof SKProcessCrashedException c) {
                            lastCrash = c;
                        }
                    }
                    if (t != null) {
                        job.result().completeExceptionally(t);
                    } else {
                        job.result().complete(v);
                    }
                    dispatch();
                });
            }
        }
        failures.forEach(Runnable::run);
    }

    private static Throwable unwrap(Throwable t) {
        return t instanceof CompletionException c && c.getCause() != null ? c.getCause() : t;
    }

    private static boolean unavailable(SKProcess w) {
        ProcessState s = w.state();
        return s.isFinal() || s == ProcessState.STOPPING;
    }

    private SKProcess leastBusy() {
        SKProcess best = null;
        int bestLoad = PER_WORKER;
        for (SKProcess w : workers) {
            int load = inFlight.get(w);
            if (load < bestLoad && !unavailable(w)) {
                best = w;
                bestLoad = load;
            }
        }
        return best;
    }

    /** Whether every child has ended for good; a restarting child ({@link ProcessState#STARTING}) has not. */
    private boolean allEnded() {
        for (SKProcess w : workers) {
            if (!w.state().isFinal()) {
                return false;
            }
        }
        return true;
    }

    /** The failure of a task that no child is left to run; called under the pool's lock. */
    private SKProcessException noChildLeft(String what) {
        StringBuilder states = new StringBuilder();
        for (SKProcess w : workers) {
            states.append(states.isEmpty() ? "" : ", ").append(w.name()).append(' ').append(w.state());
        }
        return new SKProcessException("Pool '" + name + "' " + what + ": every child has ended for good (" + states + ")"
                + (lastCrash == null ? "" : "; the last crash: " + lastCrash.getMessage().lines().findFirst().orElse(""))
                + ". Give the pool's spec a RestartPolicy so that crashed children come back, or close this pool and start a"
                + " new one with SKProcessManager.pool.", lastCrash);
    }

    /** Queues one task per item; if one cannot be queued, cancels those queued before (the caller never sees them). */
    private <T, R> List<CompletableFuture<R>> submitAll(Mapper<T, R> mapper, List<T> items) {
        Objects.requireNonNull(mapper, "mapper");
        Objects.requireNonNull(items, "items");
        List<CompletableFuture<R>> futures = new ArrayList<>(items.size());
        try {
            for (T item : items) {
                futures.add(submit(PoolTasks.bind(mapper, item)));
            }
        } catch (RuntimeException e) {
            cancelUnfinished(futures);
            throw e;
        }
        return futures;
    }

    /**
     * Maps every item in the children and waits for all results. Queues every item at once, then
     * blocks until every result is in, a task has failed, or {@code timeout} has passed.
     *
     * @param mapper the function of one item
     * @param items the items; they travel with the function
     * @param timeout the bound for the whole call
     * @param <T> the item type
     * @param <R> the result type
     * @return the results, in item order
     * @throws SKTaskFailedException (or another {@link SKProcessException}, such as
     *     {@link SKProcessCrashedException}) of the first item, in item order, whose task failed;
     *     the call's other tasks keep running
     * @throws SKProcessTimeoutException if the results are not all in within {@code timeout};
     *     the call's unfinished tasks keep running
     * @throws SKProcessException if the pool is closed or has no child left, or if the calling
     *     thread is interrupted while it waits: the call's unfinished tasks are then cancelled, as
     *     {@link SKProcess#execute} cancels its task (those running are interrupted in their child,
     *     those still queued are never sent), and the interrupt flag is set again
     */
    public <T, R> List<R> map(Mapper<T, R> mapper, List<T> items, Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        long deadline = System.nanoTime() + timeout.toNanos();
        List<CompletableFuture<R>> futures = submitAll(mapper, items);
        List<R> results = new ArrayList<>(futures.size());
        for (CompletableFuture<R> f : futures) {
            results.add(await(f, futures, deadline, timeout));
        }
        return results;
    }

    /**
     * Maps every item in the children and streams the results in item order as they become
     * available. This call queues every item at once and does not block; the stream's terminal
     * operation blocks, waiting for each result in turn, until {@code timeout} (counted from this
     * call) has passed. The stream is sequential and single-use; the tasks run whether or not it
     * is consumed, and keep running if it is abandoned.
     *
     * <p>The stream's operations throw what {@link #map} throws: the exception of the first item,
     * in item order, whose task failed (when the stream reaches it);
     * {@link SKProcessTimeoutException} once the bound has passed (the unfinished tasks keep
     * running); {@link SKProcessException} if the consuming thread is interrupted while it waits
     * (the call's unfinished tasks are cancelled, as in {@code map}, and the interrupt flag is set
     * again).
     *
     * @param mapper the function of one item
     * @param items the items
     * @param timeout the bound for the whole stream, from this call
     * @param <T> the item type
     * @param <R> the result type
     * @return an ordered, sequential stream of the results
     * @throws SKProcessException if the pool is closed or has no child left
     */
    public <T, R> Stream<R> imap(Mapper<T, R> mapper, List<T> items, Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        long deadline = System.nanoTime() + timeout.toNanos();
        List<CompletableFuture<R>> futures = submitAll(mapper, items);
        return futures.stream().map(f -> await(f, futures, deadline, timeout));
    }

    /**
     * Maps every item in the children and streams the results in the order they finish. This call
     * queues every item at once and does not block; the stream's terminal operation blocks,
     * waiting for the next task to finish, until {@code timeout} (counted from this call) has
     * passed. The stream is sequential and single-use; the tasks run whether or not it is
     * consumed, and keep running if it is abandoned.
     *
     * <p>The stream's operations throw the exception of a failed task when the stream reaches it
     * (in completion order); {@link SKProcessTimeoutException} once the bound has passed (the
     * unfinished tasks keep running); {@link SKProcessException} if the consuming thread is
     * interrupted while it waits (the call's unfinished tasks are cancelled, as in {@link #map},
     * and the interrupt flag is set again).
     *
     * @param mapper the function of one item
     * @param items the items
     * @param timeout the bound for the whole stream, from this call
     * @param <T> the item type
     * @param <R> the result type
     * @return a sequential stream of the results, in completion order
     * @throws SKProcessException if the pool is closed or has no child left
     */
    public <T, R> Stream<R> unorderedImap(Mapper<T, R> mapper, List<T> items, Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        long deadline = System.nanoTime() + timeout.toNanos();
        LinkedBlockingQueue<CompletableFuture<R>> done = new LinkedBlockingQueue<>();
        List<CompletableFuture<R>> futures = submitAll(mapper, items);
        futures.forEach(f -> f.whenComplete((v, t) -> done.add(f)));
        int total = futures.size();
        Spliterator<R> split = new Spliterators.AbstractSpliterator<>(total, Spliterator.SIZED | Spliterator.NONNULL) {
            private int taken;

            @Override
            public boolean tryAdvance(Consumer<? super R> action) {
                if (taken == total) {
                    return false;
                }
                CompletableFuture<R> next;
                try {
                    next = done.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                } catch (InterruptedException e) {
                    throw interrupted(futures, e);
                }
                if (next == null) {
                    throw new SKProcessTimeoutException("Pool '" + name + "' did not deliver all " + total + " results within "
                            + timeout + " (" + taken + " arrived); the unfinished tasks keep running. Give the call a longer"
                            + " bound or split the work.");
                }
                taken++;
                action.accept(await(next, futures, deadline, timeout));
                return true;
            }
        };
        return StreamSupport.stream(split, false);
    }

    private <R> R await(CompletableFuture<R> f, List<? extends CompletableFuture<?>> call, long deadline, Duration timeout) {
        try {
            return f.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            throw interrupted(call, e);
        } catch (TimeoutException e) {
            throw new SKProcessTimeoutException("Pool '" + name + "' did not deliver a result within " + timeout
                    + "; the unfinished tasks keep running. Give the call a longer bound or split the work.");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof SKProcessException s) {
                throw s;
            }
            throw new SKProcessException("A task of pool '" + name + "' failed: " + e.getCause(), e.getCause());
        }
    }

    /**
     * The calling thread was interrupted while it waited for a result of a map: cancels the
     * call's unfinished tasks (interrupting those running) and sets the interrupt flag again.
     */
    private SKProcessException interrupted(List<? extends CompletableFuture<?>> call, InterruptedException e) {
        int cancelled = cancelUnfinished(call);
        Thread.currentThread().interrupt();
        return new SKProcessException("Interrupted while waiting for the results of pool '" + name + "'; the call's " + cancelled
                + " unfinished task(s) were cancelled (those running were interrupted in their child).", e);
    }

    /**
     * Cancels a call's unfinished tasks, interrupting those running, last first: the call's queued
     * tasks come after its sent ones, and a sent one's place, once freed, would go to the next
     * queued task if that were still in the queue.
     *
     * @return how many were cancelled
     */
    private static int cancelUnfinished(List<? extends CompletableFuture<?>> call) {
        int cancelled = 0;
        for (CompletableFuture<?> c : call.reversed()) {
            if (!c.isDone() && c.cancel(true)) {
                cancelled++;
            }
        }
        return cancelled;
    }

    /**
     * Stops the pool's children (each with a 5-second grace) and fails the tasks still queued.
     * Blocks at most about 20 seconds. Calling it again does nothing.
     */
    @Override
    public void close() {
        List<Job> dropped;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            dropped = new ArrayList<>(queue);
            queue.clear();
        }
        SKProcessException failure = new SKProcessException("Pool '" + name + "' was closed before the task was sent.");
        dropped.forEach(j -> j.result().completeExceptionally(failure));
        List<Thread> stops = new ArrayList<>();
        for (SKProcess w : workers) {
            stops.add(Thread.ofVirtual().name("sk-pool-stop-" + w.name()).start(() -> {
                try {
                    w.stop(Duration.ofSeconds(5));
                } catch (RuntimeException e) {
                    LOG.warn("Stopping {} of pool '{}' failed: {}; killing it", w, name, e.getMessage());
                    w.kill();
                }
            }));
        }
        for (Thread t : stops) {
            try {
                if (!t.join(Duration.ofSeconds(20))) {
                    LOG.warn("Pool '{}': {} did not finish stopping within 20 s", name, t.getName());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    @Override
    public String toString() {
        return "SKPool[" + name + ", " + workers.size() + " worker(s)]";
    }
}
