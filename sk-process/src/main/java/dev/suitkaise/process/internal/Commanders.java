package dev.suitkaise.process.internal;

import dev.suitkaise.process.CommanderConfig;
import dev.suitkaise.process.QuotaPolicy;
import dev.suitkaise.process.SKProcessException;
import dev.suitkaise.reg.Domain;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

/**
 * The process's commander authority: created by {@link #start} or lazily by the first manager;
 * in a child, the parent's commander. Thread-safe.
 */
public final class Commanders {

    private static final Object LOCK = new Object();
    private static Authority authority;

    private Commanders() {
    }

    /**
     * Starts the commander of this program with explicit settings.
     *
     * @param config the settings
     * @return the authority
     * @throws SKProcessException if a commander exists already, or this is a child
     */
    public static Authority start(CommanderConfig config) {
        synchronized (LOCK) {
            if (ChildRuntime.current() != null) {
                throw new SKProcessException("This JVM is child process '" + ChildRuntime.current().name()
                        + "': it uses its parent's commander (pid " + ChildRuntime.current().parentPid()
                        + ") and cannot start its own. Use SKProcessCommander.current().");
            }
            if (authority != null) {
                throw new SKProcessException("The SKProcessCommander of this program exists already (started explicitly or by the"
                        + " first SKProcessManager). Start it before any manager spawns, or adjust it through SKProcessCommander.current().");
            }
            authority = new Budget(config);
            return authority;
        }
    }

    /**
     * The commander's authority, created with the defaults if none exists.
     *
     * @return the authority
     */
    public static Authority current() {
        synchronized (LOCK) {
            if (authority == null) {
                ChildRuntime rt = ChildRuntime.current();
                authority = rt != null ? new RemoteAuthority(rt) : new Budget(CommanderConfig.defaults());
            }
            return authority;
        }
    }

    /**
     * Serves a child's {@link Frame.CommanderCall}, called by the thread that reads the child's
     * frames, in their order. A {@link Frame.CommanderOp#CANCEL} is served at once (it never
     * blocks); every other call on a virtual thread of its own, through {@link #handle}, as a slot
     * request may wait. A slot request is first made known to {@code slots}, so that a cancel read
     * after it finds it even before its thread starts. Never blocks.
     *
     * @param c the call
     * @param slots the slots held by the asking child JVM
     * @param reply sends the reply to the child; must not block
     */
    static void serve(Frame.CommanderCall c, HeldSlots slots, Consumer<Frame.Reply> reply) {
        if (c.op() == Frame.CommanderOp.CANCEL) {
            reply.accept(handle(c, current(), slots));
            return;
        }
        if (c.op() == Frame.CommanderOp.ACQUIRE) {
            slots.expect(c.id());
        }
        Thread.ofVirtual().name("sk-process-commander-call").start(() -> {
            try {
                reply.accept(handle(c, current(), slots));
            } finally {
                if (c.op() == Frame.CommanderOp.ACQUIRE) {
                    slots.forget(c.id()); // one that failed before its wait began is not left behind
                }
            }
        });
    }

    /**
     * Serves a child's {@link Frame.CommanderCall} from this process's commander. May block
     * (a slot request under {@link QuotaPolicy#WAIT}): call it off the reader thread, or use
     * {@link #serve}. The slots
     * the child takes and frees are taken and freed through {@code slots}, which records them in
     * the same step, so that those it still holds when it dies are freed for it (see
     * {@link HeldSlots#close}); a release of a slot it does not hold frees nothing. A slot request
     * the child cancels ends its wait (see {@link HeldSlots#cancel}).
     *
     * @param c the call
     * @param a this process's commander ({@link #current()})
     * @param slots the slots held by the asking child JVM
     * @return the reply
     */
    static Frame.Reply handle(Frame.CommanderCall c, Authority a, HeldSlots slots) {
        try {
            Domain d = c.domain() == null || c.op() == Frame.CommanderOp.SET_POLICY ? null : Domain.valueOf(c.domain());
            long n = 0;
            byte[] value = null;
            switch (c.op()) {
                case ACQUIRE -> slots.acquire(a, d, c.who(), c.id());
                case TRY_ACQUIRE -> n = slots.tryAcquire(a, d, c.who()) ? 1 : 0;
                case RELEASE -> slots.release(a, d);
                case GET_MAX -> n = a.maxProcesses();
                case SET_MAX -> a.setMaxProcesses((int) c.amount());
                case GET_QUOTA -> n = a.quota(d);
                case SET_QUOTA -> a.setQuota(d, (int) c.amount());
                case RUNNING -> n = a.running(d);
                case WAITING -> n = a.waiting(d);
                case GET_POLICY -> { // one read: the child sizes its wait for a slot by the pair
                    Authority.Policy p = a.policyAndMaxWait();
                    value = p.policy().name().getBytes(StandardCharsets.UTF_8);
                    n = p.maxWait().toMillis();
                }
                case SET_POLICY -> a.setPolicy(QuotaPolicy.valueOf(c.domain()), Duration.ofMillis(c.amount()));
                case CANCEL -> n = slots.cancel(c.amount()) ? 1 : 0;
            }
            return new Frame.Reply(c.id(), value, true, n, List.of(), null);
        } catch (RuntimeException e) {
            return new Frame.Reply(c.id(), null, false, 0, List.of(), Errors.of(e, null));
        }
    }
}
