package dev.suitkaise.process;

import dev.suitkaise.function.AnyFunction;
import dev.suitkaise.reg.Domain;

import dev.suitkaise.process.internal.ChildRuntime;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * A handle to a child JVM started by an {@link SKProcessManager}. Obtained from
 * {@link SKProcessManager#spawn}; not meant to be implemented outside sk-process.
 *
 * <p>The handle outlives crashes: when a {@link RestartPolicy} brings the child back, the same
 * handle points to the new JVM (with a new {@link #pid()}). All methods are thread-safe.
 *
 * <p><b>Crashes.</b> When the child dies without being asked (a crash, {@code kill -9},
 * {@code System.exit}, or killed for not answering heartbeats) every task pending in it fails with
 * {@link SKProcessCrashedException} carrying the exit code and the child's last stderr lines.
 */
public interface SKProcess {

    /**
     * The current child JVM's process id.
     *
     * @return the pid, or -1 while no JVM runs (during a restart, or after the end)
     */
    long pid();

    /**
     * The process's name, unique among the live processes of its manager.
     *
     * @return the name
     */
    String name();

    /**
     * The domain of the manager that started the process.
     *
     * @return INTERNAL or EXTERNAL
     */
    Domain domain();

    /**
     * The current state.
     *
     * @return the state
     */
    ProcessState state();

    /**
     * Sends a function to the child and runs it there, with the spec's default task timeout. The
     * function (a lambda with its captured values, or a method reference) travels through the
     * internal codec of sk-cereal; so does its result. Does not block on the child: tasks
     * submitted while the child is restarting wait for it to be ready.
     *
     * <p>The future fails with {@link SKTaskFailedException} if the function throws in the child,
     * {@link SKProcessCrashedException} if the child dies first, {@link SKProcessTimeoutException}
     * if the task outlives its timeout (it is then interrupted in the child), and
     * {@link SKProcessException} if the process is stopped first, the result cannot be read, or the
     * child cannot read the function (a class it carries is not allowed there: the function then
     * never ran, and the message says so and how to allow the class).
     * <b>Cancelling</b> the future with {@code cancel(true)} interrupts the task in the child, as a
     * timeout does (a task that ignores interruption runs on, its result discarded);
     * {@code cancel(false)} only forgets it. Either way the future fails at once with
     * {@link java.util.concurrent.CancellationException} and a task still waiting for a restart is
     * never sent. Dependent actions attached
     * without an executor may run on the process's reader thread (or, after a timeout, on a
     * virtual thread of sk-process; never on its shared timer): keep them short, as one that
     * takes longer than the spec's {@link ProcessSpec#unresponsiveAfter()} holds up the child's
     * answer to a heartbeat and gets it killed as unresponsive, or use the {@code ...Async} variants.
     *
     * @param function the function
     * @param <R> the result type
     * @return the result's future
     * @throws SKProcessException at once if the function cannot be serialized, or if the process
     *     has stopped or crashed for good
     */
    <R> CompletableFuture<R> submit(AnyFunction<R> function);

    /**
     * Like {@link #submit(AnyFunction)} with an explicit timeout.
     *
     * @param function the function
     * @param timeout how long the task may run in the child, from the moment it is sent, or null for
     *     no limit (as a spec's {@link ProcessSpec#taskTimeout()})
     * @param <R> the result type
     * @return the result's future
     * @throws SKProcessException at once if the function cannot be serialized or the process is over
     */
    <R> CompletableFuture<R> submit(AnyFunction<R> function, Duration timeout);

    /**
     * Runs a function in the child and waits for its result, at most {@code timeout} (the task
     * is interrupted in the child when the timeout passes).
     *
     * @param function the function
     * @param timeout the bound
     * @param <R> the result type
     * @return the result
     * @throws SKTaskFailedException if the function threw in the child
     * @throws SKProcessCrashedException if the child died first
     * @throws SKProcessTimeoutException if the timeout passed
     * @throws SKProcessException if the process stopped first, the child could not read the
     *     function (it did not run) or this process cannot read the result, or the calling thread was
     *     interrupted (its interrupt flag is then set again, and the task is cancelled and
     *     interrupted in the child)
     */
    <R> R execute(AnyFunction<R> function, Duration timeout);

    /**
     * Sends a plain message to the child, where {@link SKChildContext#listen(Duration)} takes it.
     * Messages arrive in the order they were told. Never blocks.
     *
     * @param message the message; it travels through sk-cereal
     * @throws SKProcessException if it cannot be serialized, or the child is not READY or BUSY
     *     (starting, restarting or ended)
     */
    void tell(Object message);

    /**
     * Takes the next plain message the child sent with {@link SKChildContext#tell(Object)},
     * waiting at most {@code timeout}. Messages are kept across restarts, in arrival order.
     *
     * @param timeout the bound
     * @return the message, or empty if none arrived in time
     * @throws SKProcessException if the calling thread is interrupted (its flag is set again)
     */
    Optional<Object> listen(Duration timeout);

    /**
     * Inside a child JVM started by sk-process: its own side, to learn its name and parent and to
     * exchange messages with the parent. Globals need nothing special: {@link dev.suitkaise.reg.SKGlobal}
     * reaches the commander's store by itself.
     *
     * @return the context, or empty in a JVM that is not such a child
     */
    static Optional<SKChildContext> current() {
        return Optional.ofNullable(ChildRuntime.current()).map(SKChildContext::new);
    }

    /**
     * Stops the child: asks it to finish its running tasks and exit, waits up to {@code grace},
     * then terminates it (SIGTERM) and waits up to 2 s more, then kills it forcibly (SIGKILL).
     * Tasks that did not finish fail with {@link SKProcessException}. The process is not restarted
     * and its slot in the budget is freed, once. While the process is starting or restarting (its
     * new JVM not ready yet, so no task ran there), that JVM is killed at once, without a grace,
     * and a {@link SKProcessManager#spawn} waiting for it fails with
     * {@link SKProcessStartException}.
     *
     * <p>Returns once the JVM has exited and the end is recorded ({@link #onExit()} is complete).
     * Blocks at most {@code grace} plus 12 seconds (2 s after SIGTERM, 5 s for SIGKILL to take
     * effect, 5 s to record the end), or 10 seconds for a process that was starting; if the
     * process has already ended, it does nothing more than wait, at most 5 seconds, for that end
     * to be recorded. An interrupt of the calling thread shortens none of these
     * waits (the child still gets its whole grace); the thread's interrupt status is set again
     * when this returns.
     *
     * @param grace how long the child may take to exit by itself
     * @return the exit code of the last JVM that ran as this process, or -1 if none did
     * @throws SKProcessTimeoutException if the JVM did not exit within 5 s of SIGKILL, or its end
     *     was not recorded in time; the JVM may then still be running
     */
    int stop(Duration grace);

    /**
     * Kills the child forcibly at once (SIGKILL), as {@code stop} does once the grace has run out;
     * a JVM still starting or restarting is killed too. Pending tasks fail with
     * {@link SKProcessException}; the process is not restarted. Returns once the JVM has exited
     * and the end is recorded, at most 10 seconds later (5 s for SIGKILL to take effect, 5 s to
     * record the end). An interrupt of the calling thread shortens no wait; the thread's
     * interrupt status is set again when this returns.
     *
     * @throws SKProcessTimeoutException if the JVM did not exit within 5 s, or its end was not
     *     recorded in time; the JVM may then still be running
     */
    void kill();

    /**
     * Completes with this handle when the process has ended for good (stopped, killed, or crashed
     * with no restart left). Never completes exceptionally.
     *
     * @return the future
     */
    CompletableFuture<SKProcess> onExit();

    /**
     * A snapshot of the process's counters.
     *
     * @return the statistics
     */
    ProcessStats stats();
}
