package dev.suitkaise.thread.internal;

import dev.suitkaise.function.AnyFunction;
import dev.suitkaise.thread.SKThread;
import dev.suitkaise.thread.ThreadInfo;
import dev.suitkaise.thread.ThreadKind;
import dev.suitkaise.thread.ThreadSpec;
import dev.suitkaise.thread.ThreadState;
import dev.suitkaise.thread.ThreadStateListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The handle of a thread started by a threader, and the {@link Runnable} its Java thread runs.
 * The state is one volatile field changed only by compare-and-set; the result is published by
 * the state's volatile write; the future is created on first demand.
 *
 * @param <R> the body's result type
 */
public final class ThreadHandle<R> extends Managed implements SKThread<R>, Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(ThreadHandle.class);
    private static final VarHandle STATE;
    private static final VarHandle FUTURE;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            STATE = l.findVarHandle(ThreadHandle.class, "state", ThreadState.class);
            FUTURE = l.findVarHandle(ThreadHandle.class, "future", ThreadFuture.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final AnyFunction<R> body;
    private volatile ThreadState state = ThreadState.NEW;
    /** The body's value; published by the volatile write of FINISHED. */
    private R value;
    private volatile Throwable failure;
    private volatile ThreadFuture<R> future;

    ThreadHandle(ThreaderCore core, String name, ThreadSpec spec, ThreadKind kind, AnyFunction<R> body) {
        super(core, name, spec.component(), kind, spec.listener());
        this.body = body;
    }

    @Override
    public void run() {
        enter();
        try {
            runOnThread();
        } finally {
            leave();
        }
    }

    private void runOnThread() {
        try {
            core.runInitializers(this);
        } catch (Throwable t) {
            if (settle(ThreadState.NEW, ThreadState.FAILED, t)) {
                LOG.error("thread '{}' failed before its body started; the failure is on its handle", name, t);
            } else {
                LOG.debug("an initializer of cancelled thread '{}' threw", name, t);
            }
            return;
        }
        if (!STATE.compareAndSet(this, ThreadState.NEW, ThreadState.RUNNING)) {
            LOG.debug("thread '{}' was cancelled before its body started", name);
            return;
        }
        fire(ThreadState.NEW, ThreadState.RUNNING);
        currentTask = "body";
        R r;
        try {
            r = body.call();
        } catch (Throwable t) {
            currentTask = null;
            if (t instanceof InterruptedException && stopFlag) {
                settleActive(ThreadState.CANCELLED, null);
                LOG.debug("thread '{}' stopped by interrupt", name);
                return;
            }
            failure = t;
            if (settleActive(ThreadState.FAILED, t)) {
                LOG.error("thread '{}' failed; the exception is on its handle (failure(), result())", name, t);
            } else {
                LOG.warn("thread '{}' threw after it was cancelled; the exception is on its handle (failure())", name, t);
            }
            return;
        }
        currentTask = null;
        value = r;
        settleActive(ThreadState.FINISHED, null);
    }

    /** NEW or RUNNING or STOP_REQUESTED (whichever holds) to a terminal state. */
    private boolean settleActive(ThreadState to, Throwable t) {
        while (true) {
            ThreadState s = state;
            if (s.isTerminal()) {
                return false;
            }
            if (settle(s, to, t)) {
                return true;
            }
        }
    }

    /** One terminal transition: CAS, uptime, listeners, future (completed on this thread). */
    private boolean settle(ThreadState from, ThreadState to, Throwable t) {
        return settle(from, to, t, OffThreadCompletions.HERE);
    }

    /**
     * One terminal transition: CAS, uptime, listeners, future. A stopAll's {@code completions}
     * complete the future on a thread of its own, so that its dependent stages do not run on the
     * stopping thread.
     */
    private boolean settle(ThreadState from, ThreadState to, Throwable t, OffThreadCompletions completions) {
        if (t != null) {
            failure = t;
        }
        if (!STATE.compareAndSet(this, from, to)) {
            return false;
        }
        endNanos = System.nanoTime();
        if (to == ThreadState.CANCELLED) {
            stopFlag = true;
        }
        fire(from, to);
        ThreadFuture<R> f = future;
        if (f != null) {
            completions.complete("thread-" + name, f, () -> f.settle(this));
        }
        return true;
    }

    @Override
    public void requestStop() {
        requestStop(OffThreadCompletions.HERE, true);
    }

    /**
     * requestStop, completing the future by {@code completions} (see
     * {@link #settle(ThreadState, ThreadState, Throwable, OffThreadCompletions)}); interrupts the thread
     * only if {@code interrupt}.
     */
    private void requestStop(OffThreadCompletions completions, boolean interrupt) {
        while (true) {
            ThreadState s = state;
            if (s == ThreadState.NEW) {
                if (settle(s, ThreadState.CANCELLED, null, completions)) {
                    if (interrupt) {
                        thread.interrupt();
                    }
                    return;
                }
            } else if (s == ThreadState.RUNNING) {
                if (STATE.compareAndSet(this, s, ThreadState.STOP_REQUESTED)) {
                    // listeners first: a body that polls the flag reports its end after this transition's call
                    fire(s, ThreadState.STOP_REQUESTED);
                    stopFlag = true;
                    if (interrupt) {
                        thread.interrupt();
                    }
                    return;
                }
            } else {
                return;
            }
        }
    }

    /** Cancels the thread (from its future). */
    boolean cancel(boolean mayInterrupt) {
        while (true) {
            ThreadState s = state;
            if (s.isTerminal()) {
                return s == ThreadState.CANCELLED;
            }
            if (settle(s, ThreadState.CANCELLED, null)) {
                if (mayInterrupt) {
                    thread.interrupt();
                }
                return true;
            }
        }
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String component() {
        return component;
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
    public boolean join(Duration timeout) throws InterruptedException {
        return join0(timeout);
    }

    @Override
    public R result() throws InterruptedException, ExecutionException {
        if (!state.isTerminal()) {
            try {
                future().get();
            } catch (ExecutionException | CancellationException e) {
                // the outcome is read from the handle below, not from the future
            }
            if (!state.isTerminal()) {
                thread.join(); // the future was completed by hand: wait for the thread itself
            }
        }
        return outcome();
    }

    @Override
    public R result(Duration timeout) throws InterruptedException, ExecutionException, TimeoutException {
        Objects.requireNonNull(timeout, "timeout");
        if (!state.isTerminal()) {
            long nanos = saturatedNanos(timeout);
            long begin = System.nanoTime();
            try {
                future().get(Math.max(0, nanos), TimeUnit.NANOSECONDS);
            } catch (ExecutionException | CancellationException e) {
                // the outcome is read from the handle below, not from the future
            } catch (TimeoutException e) {
                throw new TimeoutException("thread '" + name + "' did not finish within " + timeout
                        + " (state " + state + "); wait longer or call requestStop()");
            }
            // elapsed time is compared by subtraction: begin + nanos may overflow for a long timeout
            if (!state.isTerminal()
                    && !thread.join(Duration.ofNanos(Math.max(0, nanos - (System.nanoTime() - begin))))) {
                throw new TimeoutException("thread '" + name + "' did not finish within " + timeout);
            }
        }
        return outcome();
    }

    private R outcome() throws ExecutionException {
        return switch (state) {
            case FINISHED -> value;
            case FAILED -> throw new ExecutionException("thread '" + name + "' failed", failure);
            case CANCELLED -> throw new CancellationException("thread '" + name
                    + "' was cancelled (stopped before its body started, its future cancelled, or stopped by"
                    + " interrupt); it has no result");
            default -> throw new IllegalStateException("thread '" + name + "' is " + state + ", not terminal");
        };
    }

    @Override
    public CompletableFuture<R> future() {
        ThreadFuture<R> f = future;
        if (f != null) {
            return f;
        }
        f = new ThreadFuture<>(this);
        if (!FUTURE.compareAndSet(this, null, f)) {
            return future;
        }
        if (state.isTerminal()) {
            f.settle(this);
        }
        return f;
    }

    @Override
    public Optional<Throwable> failure() {
        return Optional.ofNullable(failure);
    }

    @Override
    public Duration uptime() {
        return uptime0();
    }

    @Override
    public void addListener(ThreadStateListener listener) {
        addListener0(listener);
    }

    @Override
    void politeStop(OffThreadCompletions completions) {
        requestStop(completions, true);
    }

    @Override
    void requestOwnStop() {
        requestStop(OffThreadCompletions.HERE, false);
    }

    @Override
    void forceStop(OffThreadCompletions completions) {
        stopFlag = true;
        thread.interrupt();
    }

    @Override
    ThreadInfo info() {
        Throwable f = failure;
        return new ThreadInfo(name, ThreadInfo.Role.THREAD, kind, component, state, uptime0(), task(currentTask),
                f == null ? 0 : 1, Optional.ofNullable(f), 0);
    }

    @Override
    public String toString() {
        return "SKThread[" + name + ", " + kind + ", " + state + "]";
    }

    /**
     * The future of a thread: cancelling it cancels the thread.
     *
     * @param <R> the result type
     */
    static final class ThreadFuture<R> extends CompletableFuture<R> {
        private final ThreadHandle<R> handle;

        ThreadFuture(ThreadHandle<R> handle) {
            this.handle = handle;
        }

        void settle(ThreadHandle<R> h) {
            switch (h.state) {
                case FINISHED -> complete(h.value);
                case FAILED -> completeExceptionally(h.failure);
                case CANCELLED -> super.cancel(false);
                default -> throw new IllegalStateException("thread '" + h.name + "' is not terminal");
            }
        }

        @Override
        public boolean cancel(boolean mayInterruptIfRunning) {
            handle.cancel(mayInterruptIfRunning);
            return isCancelled();
        }
    }
}
