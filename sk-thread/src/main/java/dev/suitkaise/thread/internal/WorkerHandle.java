package dev.suitkaise.thread.internal;

import dev.suitkaise.function.AnyFunction;
import dev.suitkaise.thread.SKRejectedException;
import dev.suitkaise.thread.SKWorker;
import dev.suitkaise.thread.ThreadInfo;
import dev.suitkaise.thread.ThreadKind;
import dev.suitkaise.thread.ThreadState;
import dev.suitkaise.thread.ThreadStateListener;
import dev.suitkaise.thread.WorkerSpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;

/**
 * A component worker: a Java thread that takes tasks from a FIFO mailbox and runs them one at a
 * time. A bounded mailbox counts free room in a semaphore (one permit per waiting task); the stop
 * signal is a sentinel task that needs no room.
 *
 * <p>No task is ever left pending: a submitter that queued a task checks afterwards whether the
 * worker has ended and, if it can still remove its task from the mailbox, rejects it itself; the
 * worker, once ended, rejects everything left in the mailbox. One of the two always sees the task.
 */
public final class WorkerHandle extends Managed implements SKWorker, Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(WorkerHandle.class);
    private static final VarHandle STATE;
    /** The stop signal. */
    private static final Task<Object> STOP = new Task<>(() -> null, "stop");

    static {
        try {
            STATE = MethodHandles.lookup().findVarHandle(WorkerHandle.class, "state", ThreadState.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final WorkerSpec spec;
    private final LinkedBlockingQueue<Task<?>> mailbox = new LinkedBlockingQueue<>();
    /** Free room of a bounded mailbox, or null when unbounded. */
    private final Semaphore room;
    private volatile ThreadState state = ThreadState.NEW;
    private volatile boolean accepting = true;
    private volatile boolean rejectNow;
    private volatile boolean terminated;
    private volatile Task<?> current;
    private volatile long failures;
    private volatile Throwable lastFailure;
    /**
     * Run by a submitter after it took room in a bounded mailbox and before it queues its task: a
     * seam for tests of this package (a submitter held between the two while the worker ends); does
     * nothing otherwise. Set it before starting the submitters that should run it.
     */
    private Runnable afterRoomTaken = () -> { };

    WorkerHandle(ThreaderCore core, String name, WorkerSpec spec) {
        super(core, name, name, spec.kind(), spec.listener());
        this.spec = spec;
        this.room = spec.capacity() > 0 ? new Semaphore(spec.capacity()) : null;
    }

    @Override
    public void run() {
        enter();
        try {
            try {
                core.runInitializers(this);
            } catch (Throwable t) {
                if (stopFlag) {
                    LOG.debug("an initializer of worker '{}' threw while it was being stopped", name, t);
                } else {
                    lastFailure = t;
                    failures++;
                    if (toState(ThreadState.FAILED)) {
                        LOG.error("worker '{}' failed before it ran any task; its tasks are rejected", name, t);
                    }
                }
                return;
            }
            toState(ThreadState.RUNNING);
            loop();
        } finally {
            finish();
            leave();
        }
    }

    private void loop() {
        while (true) {
            Task<?> t;
            try {
                t = mailbox.take();
            } catch (InterruptedException e) {
                if (rejectNow) {
                    return;
                }
                continue;
            }
            if (t == STOP) {
                return;
            }
            if (room != null) {
                room.release();
            }
            if (rejectNow) {
                reject(t, SKRejectedException.Reason.STOPPED);
                continue;
            }
            if (t.isDone()) {
                continue; // cancelled before it started
            }
            current = t;
            try {
                t.runHere();
            } catch (Throwable e) {
                lastFailure = e;
                failures++;
                LOG.debug("task {} of worker '{}' threw; its future carries the exception", t.label(), name, e);
            } finally {
                current = null;
            }
            if (Thread.interrupted() && rejectNow) {
                return; // stray interrupts of one task do not leak into the next
            }
        }
    }

    private void finish() {
        accepting = false;
        terminated = true;
        rejectAll(OffThreadCompletions.HERE);
        if (room != null) {
            room.release(Integer.MAX_VALUE / 2); // wake every blocked submitter; they see the worker ended
        }
        while (true) {
            ThreadState s = state;
            if (s.isTerminal()) {
                break;
            }
            if (STATE.compareAndSet(this, s, ThreadState.FINISHED)) {
                endNanos = System.nanoTime();
                fire(s, ThreadState.FINISHED);
                break;
            }
        }
    }

    /** Moves from a non-terminal state to the target; true if this call did it. */
    private boolean toState(ThreadState to) {
        while (true) {
            ThreadState s = state;
            if (s.isTerminal() || s == to || (to == ThreadState.RUNNING && s != ThreadState.NEW)) {
                return false;
            }
            if (STATE.compareAndSet(this, s, to)) {
                if (to.isTerminal()) {
                    endNanos = System.nanoTime();
                }
                fire(s, to);
                return true;
            }
        }
    }

    @Override
    public <R> CompletableFuture<R> submit(AnyFunction<R> task) {
        return enqueue(null, task);
    }

    @Override
    public <R> CompletableFuture<R> submit(String taskName, AnyFunction<R> task) {
        return enqueue(Objects.requireNonNull(taskName, "submit: taskName is null; call submit(task) for an unnamed task"),
                task);
    }

    /** Queues a task; {@code taskName} is null for one submitted without a name. */
    private <R> CompletableFuture<R> enqueue(String taskName, AnyFunction<R> task) {
        Objects.requireNonNull(task, "task");
        Task<R> t = new Task<>(task, taskName);
        if (!accepting) {
            reject(t, SKRejectedException.Reason.STOPPED);
            return t;
        }
        if (room != null) {
            if (!takeRoom(t)) {
                return t;
            }
            afterRoomTaken.run();
        }
        mailbox.offer(t);
        if (terminated && mailbox.remove(t)) {
            reject(t, SKRejectedException.Reason.STOPPED);
        }
        return t;
    }

    /** Takes room for one task in a bounded mailbox, or rejects the task. */
    private boolean takeRoom(Task<?> t) {
        if (!room.tryAcquire()) {
            switch (spec.overflow()) {
                case FAIL -> {
                    reject(t, SKRejectedException.Reason.FULL);
                    return false;
                }
                case BLOCK -> {
                    if (Thread.currentThread() == thread) {
                        reject(t, SKRejectedException.Reason.FULL);
                        return false;
                    }
                    try {
                        room.acquire();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        reject(t, SKRejectedException.Reason.INTERRUPTED);
                        return false;
                    }
                }
                case DROP_OLDEST -> {
                    while (!room.tryAcquire()) {
                        Task<?> old = mailbox.poll();
                        if (old == null) {
                            Thread.onSpinWait(); // the worker took it and is about to free its room
                        } else if (old == STOP) {
                            mailbox.offer(STOP);
                            reject(t, SKRejectedException.Reason.STOPPED);
                            return false;
                        } else {
                            reject(old, SKRejectedException.Reason.DROPPED);
                            break; // the dropped task's room is now this task's
                        }
                    }
                }
            }
        }
        if (!accepting) {
            room.release();
            reject(t, SKRejectedException.Reason.STOPPED);
            return false;
        }
        return true;
    }

    /**
     * Rejects every task in the mailbox, failing each future by {@code completions}: a stopAll's on a
     * thread of its own, so that no dependent stage runs on (or blocks) the stopping thread;
     * {@link OffThreadCompletions#HERE} here.
     */
    private void rejectAll(OffThreadCompletions completions) {
        Task<?> t;
        while ((t = mailbox.poll()) != null) {
            if (t == STOP) {
                continue;
            }
            if (room != null) {
                room.release();
            }
            Task<?> task = t;
            completions.complete("task-of-" + name, task, () -> reject(task, SKRejectedException.Reason.STOPPED));
        }
    }

    private void reject(Task<?> t, SKRejectedException.Reason reason) {
        String what = "task " + t.label() + " of worker '" + name + "' ";
        String message = switch (reason) {
            case STOPPED -> core.isShutdown()
                    // the threader refuses new workers now: asking it for one would only fail again
                    ? what + "did not run: threader '" + core.name() + "' is shut down, so its workers take no tasks"
                    + " and it starts no new ones; submit before the shutdown, or use another SKThreader"
                    + " (SKThreader.builder())"
                    : what + "did not run: the worker was stopped (or failed) first; submit to a running"
                    + " worker (SKThreader.worker(\"" + name + "\") creates a new one once this one ended)";
            case FULL -> Thread.currentThread() == thread
                    ? what + "was rejected: the worker submitted it to its own full mailbox (capacity "
                    + spec.capacity() + "), which would wait forever; raise the capacity or do not submit to"
                    + " the worker from its own tasks"
                    : what + "was rejected: the mailbox is full (capacity " + spec.capacity()
                    + ", policy FAIL); slow down, raise the capacity, or use BLOCK or DROP_OLDEST";
            case DROPPED -> what + "was dropped to make room for a newer one (capacity " + spec.capacity()
                    + ", policy DROP_OLDEST); raise the capacity or use BLOCK if every task must run";
            case INTERRUPTED -> what + "was not queued: the submitter '" + Thread.currentThread().getName()
                    + "' was interrupted while waiting for room (policy BLOCK)";
        };
        t.completeExceptionally(new SKRejectedException(reason, name, message));
    }

    @Override
    public void requestStop() {
        accepting = false;
        stopFlag = true;
        if (toState(ThreadState.STOP_REQUESTED)) {
            LOG.debug("worker '{}' asked to stop; it drains {} pending task(s)", name, mailbox.size());
        }
        mailbox.offer(STOP);
    }

    @Override
    public void stopNow() {
        stopNow(OffThreadCompletions.HERE);
    }

    /** stopNow, failing the pending futures by {@code completions} (see {@link #rejectAll(OffThreadCompletions)}). */
    private void stopNow(OffThreadCompletions completions) {
        accepting = false;
        stopFlag = true;
        rejectNow = true;
        toState(ThreadState.STOP_REQUESTED);
        rejectAll(completions);
        thread.interrupt();
        mailbox.offer(STOP);
    }

    /**
     * Sets what a submitter runs between taking room in the bounded mailbox and queuing its task:
     * for tests of this package only. Submitters started after this call see it.
     *
     * @param seam run on the submitting thread
     */
    void afterRoomTaken(Runnable seam) {
        afterRoomTaken = Objects.requireNonNull(seam, "seam");
    }

    /** Its thread could not be started: reject whatever callers that saw it submitted. */
    void neverStarted() {
        finish();
    }

    /** Whether it still takes tasks (so {@code worker(name)} returns it). */
    boolean isAccepting() {
        return accepting;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public ThreadKind kind() {
        return kind;
    }

    @Override
    public ThreadState state() {
        return state;
    }

    @Override
    ThreadState state0() {
        return state;
    }

    @Override
    public WorkerSpec spec() {
        return spec;
    }

    @Override
    public int pending() {
        int n = mailbox.size();
        return n > 0 && mailbox.contains(STOP) ? n - 1 : n;
    }

    @Override
    public boolean join(Duration timeout) throws InterruptedException {
        return join0(timeout);
    }

    @Override
    public Duration uptime() {
        return uptime0();
    }

    @Override
    public long failures() {
        return failures;
    }

    @Override
    public void addListener(ThreadStateListener listener) {
        addListener0(listener);
    }

    @Override
    void politeStop(OffThreadCompletions completions) {
        requestStop(); // completes no future
    }

    @Override
    void requestOwnStop() {
        requestStop(); // interrupts nothing: the worker ends once it took every queued task
    }

    @Override
    void forceStop(OffThreadCompletions completions) {
        stopNow(completions);
    }

    @Override
    ThreadInfo info() {
        Task<?> t = current;
        Optional<String> task = t != null ? Optional.of(t.label()) : task(currentTask);
        return new ThreadInfo(name, ThreadInfo.Role.WORKER, kind, component, state, uptime0(), task, failures,
                Optional.ofNullable(lastFailure), pending());
    }

    @Override
    public String toString() {
        return "SKWorker[" + name + ", " + kind + ", " + state + "]";
    }

    /**
     * A submitted task: the function and its future in one object.
     *
     * @param <R> the result type
     */
    static final class Task<R> extends CompletableFuture<R> {
        private final AnyFunction<R> function;
        private final String name;

        Task(AnyFunction<R> function, String name) {
            this.function = function;
            this.name = name;
        }

        /** Runs the function here and completes the future; rethrows what the function threw. */
        void runHere() throws Exception {
            R r;
            try {
                r = function.call();
            } catch (Throwable e) {
                completeExceptionally(e);
                throw e;
            }
            complete(r);
        }

        /** The task's name, or its function's class name. */
        String label() {
            return name != null ? "'" + name + "'" : function.getClass().getName();
        }
    }
}
