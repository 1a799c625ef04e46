package dev.suitkaise.process.internal;

import dev.suitkaise.cereal.InternalCereal;
import dev.suitkaise.cereal.SKCereal;
import dev.suitkaise.cereal.SKCerealException;
import dev.suitkaise.function.AnyFunction;
import dev.suitkaise.process.SKProcessException;
import dev.suitkaise.process.SKProcessTimeoutException;
import dev.suitkaise.reg.Domain;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * The child side of a connection: runs init functions and tasks, answers heartbeats, carries
 * global and commander requests to the parent, hands the changes of subscribed globals to
 * {@link ChildGlobalEvents}, and exits when the parent dies or the channel closes. One per child JVM; thread-safe.
 */
public final class ChildRuntime {

    private static final Logger LOG = LoggerFactory.getLogger(ChildRuntime.class);
    /** How long a request to the parent waits for its answer, unless the request says otherwise. */
    static final long CALL_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(60);
    private static final java.util.concurrent.atomic.AtomicBoolean EXITING = new java.util.concurrent.atomic.AtomicBoolean();
    private static volatile ChildRuntime current;
    /** The exit status of a child that gives up before its parent welcomed it (see {@link #gaveUp}). */
    static final int GAVE_UP = 4;

    private final Channel channel;
    private final long parentPid;
    private volatile InternalCereal payload = SKCereal.internal();
    private final Map<Long, FutureTask<Void>> tasks = new ConcurrentHashMap<>();
    private final Map<Long, CompletableFuture<Frame.Reply>> calls = new ConcurrentHashMap<>();
    private final AtomicLong callIds = new AtomicLong();
    /**
     * Reads frames and runs tasks on reused daemon platform threads: a task runs on the thread
     * that read it, which first passes reading on to an idle thread (see {@link FrameLoop}). The
     * loop clears a thread's interrupt status after each task, so cancelling one task (timeout)
     * never leaks into the next.
     */
    private final FrameLoop executor;
    private final java.util.concurrent.LinkedBlockingQueue<Object> inbox = new java.util.concurrent.LinkedBlockingQueue<>();
    private volatile String name = "?";
    /** Set when the parent's welcome arrives: from then on the parent owns this JVM's end. */
    private volatile boolean welcomed;
    /** When this JVM connected to its parent ({@link System#nanoTime()}). */
    private final long connectedAt = System.nanoTime();
    /** Consecutive checks that found the parent gone; touched by the timer thread only. */
    private int parentMissing;
    private volatile String domain = "INTERNAL";
    private volatile ChildGlobalEvents globalEvents;

    private ChildRuntime(Channel channel, long parentPid) {
        this.channel = channel;
        this.parentPid = parentPid;
        this.executor = new FrameLoop(() -> dispatch(channel.receive()), this::channelEnded,
                Thread.ofPlatform().daemon().name("sk-task-", 0).factory());
    }

    /**
     * The runtime of this JVM if it is a child started by sk-process.
     *
     * @return the runtime, or null in a JVM that is not such a child
     */
    public static ChildRuntime current() {
        return current;
    }

    /**
     * The process's name, as its parent knows it.
     *
     * @return the name
     */
    public String name() {
        return name;
    }

    /**
     * The domain of the manager that started this child.
     *
     * @return the domain's name
     */
    public String domain() {
        return domain;
    }

    /**
     * Sends a message to the parent. Never blocks.
     *
     * @param message the message; it travels through sk-cereal
     * @throws SKProcessException if it cannot be serialized or the channel is closed
     */
    public void tell(Object message) {
        byte[] bytes;
        try {
            bytes = payload.serialize(message);
        } catch (SKCerealException e) {
            throw new SKProcessException("Process '" + name + "' cannot send message " + message + " to its parent: " + e.getMessage(), e);
        }
        if (!channel.send(new Frame.Message(bytes))) {
            throw new SKProcessException("Process '" + name + "' has lost its channel to its parent (pid " + parentPid + ").");
        }
    }

    /**
     * Takes the next message from the parent, waiting at most {@code timeout}.
     *
     * @param timeout the bound
     * @return the message, or null if none arrived in time
     * @throws InterruptedException if the calling thread is interrupted
     */
    public Object listen(Duration timeout) throws InterruptedException {
        return inbox.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    /**
     * This child's channel to its parent (for tests).
     *
     * @return the channel
     */
    Channel channel() {
        return channel;
    }

    /**
     * The parent's pid.
     *
     * @return the pid
     */
    public long parentPid() {
        return parentPid;
    }

    /**
     * The global listeners of this child, created on first use.
     *
     * @return the listeners' side of the channel
     */
    ChildGlobalEvents globalEvents() {
        ChildGlobalEvents g = globalEvents;
        if (g == null) {
            synchronized (this) {
                g = globalEvents;
                if (g == null) {
                    g = new ChildGlobalEvents(this);
                    globalEvents = g;
                }
            }
        }
        return g;
    }

    /**
     * The codec for user values in this child.
     *
     * @return the codec
     */
    InternalCereal payload() {
        return payload;
    }

    /**
     * Connects to the parent, says hello, and serves the parent until the channel ends. The hello
     * is this JVM's first write, right after its connect returns: nothing is set up in between
     * (the parent refuses a connection whose hello is late, see {@link ProcessServer}). The rest
     * of the handshake, the parent's {@link Frame.Welcome}, comes once the channel is set up.
     *
     * @param address the parent's channel address
     * @param token this JVM's token
     * @param parentPid the parent's pid
     */
    static void run(String address, String token, long parentPid) {
        long pid = ProcessHandle.current().pid();
        byte[] hello;
        try {
            hello = new Hello(Frame.VERSION, token, pid).encode();
        } catch (IllegalArgumentException e) {
            System.err.println("sk-process child (pid " + pid + ") exits with status 2: the token on its stdin is not one"
                    + " its parent (pid " + parentPid + ") made: " + e.getMessage());
            exit(2);
            return;
        }
        SocketChannel socket;
        try {
            socket = connect(address);
        } catch (IOException | RuntimeException e) {
            // no channel to report on: the parent forwards this JVM's stderr and quotes it when its start fails
            System.err.println("sk-process child (pid " + pid + ") exits with status 3: it cannot"
                    + " connect to its parent (pid " + parentPid + ") at " + address + ": " + e);
            exit(3);
            return;
        }
        try {
            Hello.write(socket, hello);
        } catch (IOException e) {
            System.err.println("sk-process child (pid " + pid + ") of parent pid " + parentPid + " exits with status "
                    + GAVE_UP + ": it could not send its hello to " + address + " (" + e + "). The parent refused or closed"
                    + " its connection (its log says why, at WARN: 'Refused a connection').");
            exit(GAVE_UP); // closes the socket with the JVM
            return;
        }
        ChildRuntime rt = new ChildRuntime(new Channel(socket, "child"), parentPid);
        current = rt;
        rt.serve();
    }

    private static SocketChannel connect(String address) throws IOException {
        if (address.startsWith("unix:")) {
            return SocketChannel.open(UnixDomainSocketAddress.of(address.substring("unix:".length())));
        }
        if (address.startsWith("tcp:")) {
            String hostPort = address.substring("tcp:".length());
            int colon = hostPort.lastIndexOf(':');
            return SocketChannel.open(new InetSocketAddress(hostPort.substring(0, colon), Integer.parseInt(hostPort.substring(colon + 1))));
        }
        throw new IOException("Unknown channel address " + address);
    }

    private void serve() {
        Timers.SCHEDULER.scheduleAtFixedRate(this::watchParent, 200, 200, TimeUnit.MILLISECONDS);
        executor.lead(); // this thread reads frames and runs tasks with the loop's other threads
    }

    /** Called by the frame loop, once, when the channel to the parent ends. */
    private void channelEnded(IOException e) {
        if (!welcomed && ProcessHandle.of(parentPid).map(ProcessHandle::isAlive).orElse(false)) {
            gaveUp("its channel ended " + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - connectedAt)
                    + " ms after it connected, before the parent welcomed it (" + e.getMessage() + "). The parent refused"
                    + " its handshake (its log says why, at WARN: 'Refused a connection') or stopped waiting for it");
            return;
        }
        if (e instanceof java.io.EOFException || channel.isClosed()) {
            LOG.debug("Channel to the parent ended ({}); exiting", e.getMessage());
        } else {
            LOG.warn("Child '{}' exits: its channel to the parent (pid {}) failed: {}", name, parentPid, e.getMessage(), e);
        }
        channel.close();
        failCalls();
        exit(0);
    }

    /**
     * Gives up before the parent welcomed this JVM: says why on stderr (the parent forwards it to
     * its log and quotes it in the failure of the start), closes the channel and exits with status
     * {@value #GAVE_UP}. The parent is alive but does not own this JVM yet, so it must learn why
     * the JVM ended from its status and its stderr: logging would not do, as the child's SLF4J
     * binding may print nothing.
     *
     * @param why what went wrong
     */
    private void gaveUp(String why) {
        System.err.println("sk-process child (pid " + ProcessHandle.current().pid() + ") of parent pid " + parentPid
                + " exits with status " + GAVE_UP + ": " + why + ".");
        channel.close();
        failCalls();
        exit(GAVE_UP);
    }

    /** A backup for the channel's end of stream: exits once the parent is seen gone twice in a row. */
    private void watchParent() {
        boolean gone = ProcessHandle.of(parentPid).map(h -> !h.isAlive()).orElse(true);
        if (!gone) {
            parentMissing = 0;
            return;
        }
        if (++parentMissing >= 2) {
            LOG.info("Child '{}' exits: its parent (pid {}) is gone", name, parentPid);
            channel.close();
            exit(0);
        }
    }

    private void dispatch(Frame f) {
        switch (f) {
            case Frame.Welcome w -> {
                welcomed = true;
                name = w.name();
                System.setProperty(Launcher.NAME_PROPERTY, w.name()); // a warm spare learns its name only now
                domain = w.domain();
                Thread.ofPlatform().name("sk-init").start(() -> init(w));
            }
            case Frame.RunTask t -> runTask(t);
            case Frame.CancelTask c -> {
                FutureTask<Void> task = tasks.get(c.id());
                if (task != null) {
                    task.cancel(true);
                }
            }
            case Frame.Ping p -> {
                Runtime r = Runtime.getRuntime();
                channel.send(new Frame.Heartbeat(r.totalMemory() - r.freeMemory(), r.maxMemory(), tasks.size()));
            }
            case Frame.Stop s -> stop(s.graceMillis());
            case Frame.Message m -> {
                try {
                    inbox.add(payload.deserialize(m.payload()));
                } catch (SKCerealException e) {
                    LOG.error("Child '{}' cannot read a message from its parent: {}", name, e.getMessage());
                }
            }
            case Frame.GlobalEvent e -> globalEvents().arrived(e);
            case Frame.Reply r -> {
                CompletableFuture<Frame.Reply> call = calls.remove(r.id());
                if (call != null) {
                    call.complete(r);
                }
            }
            default -> LOG.warn("Child '{}' ignores an unexpected {} frame from its parent", name, f.getClass().getSimpleName());
        }
    }

    private void init(Frame.Welcome w) {
        try {
            // before anything of the parent's is read here: its roots allow classes and open registries
            Roots.adopt(Domain.INTERNAL, w.internalRoots());
            Roots.adopt(Domain.EXTERNAL, w.externalRoots());
        } catch (RuntimeException e) {
            LOG.error("Child '{}' cannot take its parent's domain roots (INTERNAL {}, EXTERNAL {})", name, w.internalRoots(),
                    w.externalRoots(), e);
            channel.send(new Frame.InitFailed(Errors.of(new SKProcessException("Process '" + name + "' (pid "
                    + ProcessHandle.current().pid() + ") cannot take its parent's domain roots: " + e.getMessage()
                    + " If Suitkaise's jars are renamed or shaded, list them in -Dsuitkaise.domain.internal.", e), null)));
            channel.close(Duration.ofSeconds(2));
            exit(1);
            return;
        }
        try {
            ClassLoader loader = Thread.currentThread().getContextClassLoader();
            payload = Codecs.payload(w.allowed(), loader != null ? loader : ChildRuntime.class.getClassLoader());
        } catch (RuntimeException e) {
            LOG.error("Child '{}' cannot build its codec for the allowed classes {}", name, w.allowed(), e);
            channel.send(new Frame.InitFailed(Errors.of(e, null)));
            channel.close(Duration.ofSeconds(2));
            exit(1);
            return;
        }
        int i = 0;
        for (byte[] bytes : w.inits()) {
            i++;
            try {
                AnyFunction<?> fn;
                try {
                    fn = payload.deserialize(bytes, AnyFunction.class);
                } catch (SKCerealException e) {
                    throw new SKProcessException("Init function " + i + " of " + w.inits().size() + " could not be read in"
                            + " process '" + name + "' (pid " + ProcessHandle.current().pid() + "), so it did not run: "
                            + Errors.unreadable(e), e);
                }
                fn.call();
            } catch (Throwable t) {
                LOG.error("Init function {} of {} failed in child '{}'", i, w.inits().size(), name, t);
                channel.send(new Frame.InitFailed(Errors.of(t, payload)));
                channel.close(Duration.ofSeconds(2));
                exit(1);
                return;
            }
        }
        channel.send(new Frame.Ready());
    }

    private void runTask(Frame.RunTask t) {
        FutureTask<Void> task = new FutureTask<>(() -> {
            try {
                AnyFunction<?> fn;
                try {
                    fn = payload.deserialize(t.function(), AnyFunction.class);
                } catch (SKCerealException e) {
                    channel.send(new Frame.TaskFailed(t.id(), Errors.taskNotRead(e, payload)));
                    return null;
                }
                Object result = fn.call();
                byte[] bytes;
                try {
                    bytes = payload.serialize(result);
                } catch (SKCerealException e) {
                    channel.send(new Frame.TaskFailed(t.id(), Errors.of(new SKProcessException("The result of task " + t.id()
                            + " in process '" + name + "' (pid " + ProcessHandle.current().pid() + ") cannot be sent back: "
                            + e.getMessage(), e), null)));
                    return null;
                }
                channel.send(new Frame.TaskDone(t.id(), bytes));
            } catch (Throwable e) {
                channel.send(new Frame.TaskFailed(t.id(), Errors.of(e, payload)));
            } finally {
                tasks.remove(t.id());
            }
            return null;
        });
        tasks.put(t.id(), task);
        try {
            executor.execute(task);
        } catch (RejectedExecutionException e) {
            tasks.remove(t.id());
            channel.send(new Frame.TaskFailed(t.id(), Errors.of(new SKProcessException("Process '" + name
                    + "' is stopping and takes no more tasks."), null)));
        } catch (RuntimeException | Error e) { // e.g. no thread could be started for it
            tasks.remove(t.id());
            channel.send(new Frame.TaskFailed(t.id(), Errors.of(e, payload)));
        }
    }

    private void stop(long graceMillis) {
        executor.shutdown();
        Thread.ofPlatform().daemon().name("sk-stop").start(() -> {
            try {
                executor.awaitTermination(graceMillis, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            channel.close(Duration.ofSeconds(1));
            exit(0);
        });
    }

    /**
     * Sends a request to the parent and waits for its reply, at most 60 seconds. A reply that
     * arrives after the caller gave up is dropped.
     *
     * @param request builds the request from its id
     * @return the reply
     * @throws SKProcessException if the channel is closed, the wait is interrupted or times out
     */
    Frame.Reply call(java.util.function.LongFunction<Frame> request) {
        return call(request, CALL_TIMEOUT_NANOS, null);
    }

    /**
     * Sends a request to the parent and waits for its reply, at most 60 seconds, without giving up
     * on an interrupt: an interrupt of the calling thread does not cut the wait short, and the
     * interrupt status is set again when this returns or throws. For requests that change state in
     * the parent (global operations), so that a caller never sees a failure for an operation the
     * parent carried out. A reply that arrives after a timeout is dropped.
     *
     * @param request builds the request from its id
     * @return the reply
     * @throws SKProcessException if the channel is closed or the wait times out
     *     ({@link SKProcessTimeoutException}; the parent may still carry the request out)
     */
    Frame.Reply callUninterruptibly(java.util.function.LongFunction<Frame> request) {
        return call(request, CALL_TIMEOUT_NANOS, null, null, false);
    }

    /**
     * Sends a request to the parent and waits for its reply, at most {@code timeoutNanos}. If the
     * caller gives up (interrupt or timeout), the parent may still carry the request out: a reply
     * that arrives later is handed to {@code abandoned}, on the thread that reads it (so it must
     * not block; see {@link #sendWithoutWaiting}), or dropped if {@code abandoned} is null.
     *
     * @param request builds the request from its id
     * @param timeoutNanos the longest wait for the reply, in nanoseconds (capped at about 73 years)
     * @param abandoned takes a reply that arrives after the caller gave up, or null
     * @return the reply
     * @throws SKProcessException if the channel is closed, the wait is interrupted (the interrupt
     *     status is set again) or times out ({@link SKProcessTimeoutException})
     */
    Frame.Reply call(java.util.function.LongFunction<Frame> request, long timeoutNanos,
                     java.util.function.Consumer<Frame.Reply> abandoned) {
        return call(request, timeoutNanos, abandoned, null, true);
    }

    /**
     * As {@link #call(java.util.function.LongFunction, long, java.util.function.Consumer)}, and the
     * caller also gives up when {@code cancel} is cancelled (the interrupt status is left alone
     * then). A thread that reads its answer itself (a task's) notices the cancel, like an
     * interrupt, when it next reads a frame (within a heartbeat interval).
     *
     * @param request builds the request from its id
     * @param timeoutNanos the longest wait for the reply, in nanoseconds (capped at about 73 years)
     * @param abandoned takes a reply that arrives after the caller gave up, or null
     * @param cancel ends the wait when cancelled
     * @return the reply; one that arrived before the cancel is returned even if the cancel came since
     * @throws SKProcessException if the channel is closed, the wait is interrupted (the interrupt
     *     status is set again) or cancelled, or times out ({@link SKProcessTimeoutException})
     */
    Frame.Reply call(java.util.function.LongFunction<Frame> request, long timeoutNanos,
                     java.util.function.Consumer<Frame.Reply> abandoned, SlotCancel cancel) {
        return call(request, timeoutNanos, abandoned, java.util.Objects.requireNonNull(cancel, "cancel"), true);
    }

    private Frame.Reply call(java.util.function.LongFunction<Frame> request, long timeoutNanos,
                             java.util.function.Consumer<Frame.Reply> abandoned, SlotCancel cancel, boolean interruptible) {
        long id = callIds.incrementAndGet();
        CompletableFuture<Frame.Reply> reply = new CompletableFuture<>();
        calls.put(id, reply);
        if (!channel.send(request.apply(id))) {
            calls.remove(id);
            throw new SKProcessException("Process '" + name + "' has lost its channel to its parent (pid " + parentPid + ").");
        }
        long timeout = Math.max(0, Math.min(timeoutNanos, Long.MAX_VALUE / 4));
        boolean interrupted = false;
        CompletableFuture<Void> cancelled = new CompletableFuture<>();
        CompletableFuture<?> done = cancel == null ? reply : CompletableFuture.anyOf(reply, cancelled);
        SlotCancel.Registration registration = cancel == null ? () -> { } : cancel.onCancel(() -> cancelled.complete(null));
        if (cancel != null && cancel.isCancelled()) {
            cancelled.complete(null);
        }
        try {
            long deadline = System.nanoTime() + timeout;
            while (true) {
                try {
                    executor.readUntil(done, deadline); // a task's thread reads its answer itself when it can
                    done.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                    if (!reply.isDone()) { // cancelled first
                        giveUp(id, reply, abandoned);
                        throw new SKProcessException("Process '" + name + "' stopped waiting for its parent (pid " + parentPid
                                + "): the wait was cancelled.");
                    }
                    return reply.get();
                } catch (InterruptedException e) {
                    if (interruptible) {
                        giveUp(id, reply, abandoned);
                        Thread.currentThread().interrupt();
                        throw new SKProcessException("Interrupted while process '" + name + "' waited for its parent (pid "
                                + parentPid + ").", e);
                    }
                    interrupted = true; // the flag is clear now, so the next wait blocks
                }
            }
        } catch (TimeoutException e) {
            giveUp(id, reply, abandoned);
            throw new SKProcessTimeoutException("Parent (pid " + parentPid + ") of process '" + name + "' did not answer a request within "
                    + Duration.ofNanos(timeout) + ".");
        } catch (ExecutionException e) {
            throw new SKProcessException("Request of process '" + name + "' to its parent failed: " + e.getCause(), e.getCause());
        } finally {
            registration.close();
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * Stops waiting for a reply: drops it, or hands it to {@code abandoned} when it arrives (at
     * once, on this thread, if it arrived meanwhile). The request stays in {@link #calls} until
     * then; the parent answers every request, and {@link #failCalls} ends the rest.
     */
    private void giveUp(long id, CompletableFuture<Frame.Reply> reply, java.util.function.Consumer<Frame.Reply> abandoned) {
        if (abandoned == null) {
            calls.remove(id);
        } else {
            reply.thenAccept(abandoned);
        }
    }

    /**
     * Sends a request to the parent without waiting for its reply: a reply with an error is
     * logged (at WARN, with {@code what}); the parent frees what this JVM still holds when it
     * exits. Never blocks; safe on the thread that reads frames.
     *
     * @param request builds the request from its id
     * @param what what the request does, for the log
     */
    void sendWithoutWaiting(java.util.function.LongFunction<Frame> request, String what) {
        long id = callIds.incrementAndGet();
        CompletableFuture<Frame.Reply> reply = new CompletableFuture<>();
        calls.put(id, reply);
        reply.thenAccept(r -> {
            if (r.error() != null) {
                LOG.warn("Process '{}' could not {} in its parent (pid {}): {}", name, what, parentPid, Errors.summary(r.error()));
            }
        });
        if (!channel.send(request.apply(id))) {
            calls.remove(id);
            LOG.debug("Process '{}' could not {}: its channel to its parent (pid {}) is closed", name, what, parentPid);
        }
    }

    private void failCalls() {
        calls.values().forEach(c -> c.completeExceptionally(new SKProcessException(
                "Process '" + name + "' lost its channel to its parent (pid " + parentPid + ").")));
        calls.clear();
    }

    /**
     * Exits the JVM: {@code System.exit} on its own thread, and a halt 1.5 seconds later if
     * shutdown hooks hang. The exiting thread is not a daemon: were it one, the main thread
     * returning (as it does once the channel has ended) could end the JVM, with status 0, before
     * it called {@code System.exit}.
     *
     * @param status the exit status
     */
    static void exit(int status) {
        if (!EXITING.compareAndSet(false, true)) {
            return;
        }
        Thread.ofPlatform().daemon().name("sk-halt").start(() -> {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1500));
            Runtime.getRuntime().halt(status);
        });
        Thread.ofPlatform().daemon(false).name("sk-exit").start(() -> System.exit(status));
    }
}
