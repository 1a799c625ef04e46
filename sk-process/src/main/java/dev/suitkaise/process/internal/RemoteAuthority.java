package dev.suitkaise.process.internal;

import dev.suitkaise.process.QuotaPolicy;
import dev.suitkaise.process.SKProcessException;
import dev.suitkaise.process.SKQuotaExceededException;
import dev.suitkaise.reg.Domain;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * The parent's commander seen from a child: every call is one request over the channel. Thread-safe.
 *
 * <p>A slot request ({@link #acquire}) the caller gives up on (interrupt, cancel through its
 * {@link SlotCancel}, or no answer in time) is
 * cancelled: a {@link Frame.CommanderOp#CANCEL} tells the parent to stop waiting for it (see
 * {@link HeldSlots#cancel}). It may still be granted there, before the cancel arrives, or if the
 * cancel is lost: such a late grant is given back at once with a release when its answer arrives
 * (a request the parent cancelled before answering it is answered with an error, and frees
 * nothing here), so no slot stays taken for a spawn that failed, and none is freed twice. A
 * {@link #tryAcquire} never waits for a slot in the parent, so there is nothing to cancel there;
 * the caller may still stop waiting for its answer (interrupt, cancel through the
 * {@link SlotCancel} of {@link #tryAcquire(Domain, String, SlotCancel)}, or no answer in time),
 * and a slot granted to one it stopped waiting for is given back the same way, with a release when
 * its answer arrives. The read of the policy that begins an {@link #acquire} ends on the same
 * cancel (it takes nothing in the parent, so its late answer is dropped).
 */
final class RemoteAuthority implements Authority {

    private static final Logger LOG = LoggerFactory.getLogger(RemoteAuthority.class);

    private final ChildRuntime rt;
    /**
     * How much longer than the commander's {@linkplain #maxWait() longest wait} a slot request
     * waits for its answer, in nanoseconds.
     */
    private final long acquireMarginNanos;

    /**
     * The parent's commander, as {@link Commanders#current()} makes it: a slot request waits
     * {@link ChildRuntime#CALL_TIMEOUT_NANOS} longer than the commander's longest wait.
     *
     * @param rt this child's runtime
     */
    RemoteAuthority(ChildRuntime rt) {
        this(rt, ChildRuntime.CALL_TIMEOUT_NANOS);
    }

    /**
     * The parent's commander with another margin for slot requests (tests make one with none).
     *
     * @param rt this child's runtime
     * @param acquireMarginNanos how much longer than the commander's longest wait a slot request
     *     waits for its answer, in nanoseconds; not negative
     */
    RemoteAuthority(ChildRuntime rt, long acquireMarginNanos) {
        if (acquireMarginNanos < 0) {
            throw new IllegalArgumentException("The margin of a slot request must not be negative, was " + acquireMarginNanos + " ns");
        }
        this.rt = Objects.requireNonNull(rt, "rt");
        this.acquireMarginNanos = acquireMarginNanos;
    }

    private Frame.Reply call(Frame.CommanderOp op, Domain domain, long amount, String who) {
        return answer(op, rt.call(id -> new Frame.CommanderCall(id, op, domain == null ? null : domain.name(), amount, who)));
    }

    /**
     * A slot request: one the caller gives up on is cancelled if it is an {@code ACQUIRE}, and a
     * slot granted after the caller gave up is freed again at once (see {@link #lateAnswer}).
     */
    private Frame.Reply slotCall(Frame.CommanderOp op, Domain domain, String who, long timeoutNanos, SlotCancel cancel) {
        long[] sent = {0};
        Frame.Reply r;
        try {
            r = rt.call(id -> {
                sent[0] = id;
                return new Frame.CommanderCall(id, op, domain.name(), 0, who);
            }, timeoutNanos, late -> lateAnswer(op, domain, who, late), cancel);
        } catch (SKProcessException e) { // given up (or the channel is gone, and the cancel with it)
            if (op == Frame.CommanderOp.ACQUIRE && sent[0] != 0) {
                long request = sent[0];
                rt.sendWithoutWaiting(id -> new Frame.CommanderCall(id, Frame.CommanderOp.CANCEL, domain.name(), request, who),
                        "cancel the request for a " + domain + " slot for '" + who + "'");
            }
            throw e;
        }
        return answer(op, r);
    }

    /**
     * Takes the answer to a slot request that arrived after the caller gave up on it: a slot it
     * grants is freed again at once with a release (its cancel came too late, or was lost); an
     * error (the request was cancelled in time, or failed) frees nothing. Never blocks; runs on
     * the thread that reads frames.
     *
     * @param op the request, {@code ACQUIRE} or {@code TRY_ACQUIRE}
     * @param domain the slot's domain
     * @param who the process the slot was for, for the log
     * @param late the answer
     */
    void lateAnswer(Frame.CommanderOp op, Domain domain, String who, Frame.Reply late) {
        if (late.error() == null && (op == Frame.CommanderOp.ACQUIRE || late.number() == 1)) {
            LOG.debug("A {} slot for '{}' was granted after the request was given up; freeing it", domain, who);
            rt.sendWithoutWaiting(id -> new Frame.CommanderCall(id, Frame.CommanderOp.RELEASE, domain.name(), 0, null),
                    "free the " + domain + " slot granted for '" + who + "' after the request was given up");
        }
    }

    private Frame.Reply answer(Frame.CommanderOp op, Frame.Reply r) {
        Frame.RemoteError e = r.error();
        if (e != null) {
            String message = e.message() == null ? e.className() : e.message();
            if (e.className().equals(SKQuotaExceededException.class.getName())) {
                throw new SKQuotaExceededException(message);
            }
            if (e.className().equals(IllegalArgumentException.class.getName())) {
                throw new IllegalArgumentException(message);
            }
            throw new SKProcessException("The commander of the parent (pid " + rt.parentPid() + ") of process '" + rt.name()
                    + "' failed " + op + ": " + Errors.summary(e));
        }
        return r;
    }

    /**
     * {@inheritDoc} A cancel ends the wait for the parent's answer, to the read of the policy or
     * to the slot request (a thread that reads its answer itself notices it when it next reads a
     * frame, within a heartbeat interval); a slot request given up is cancelled in the parent with
     * a {@link Frame.CommanderOp#CANCEL}, as after an interrupt.
     */
    @Override
    public void acquire(Domain domain, String who, SlotCancel cancel) {
        Objects.requireNonNull(domain, "domain");
        Objects.requireNonNull(cancel, "cancel");
        // the answer may take the commander's longest wait: ask for it first (a policy changed in
        // between may make this wait too short; a slot granted after it is freed again); a cancel
        // ends this read too, before any slot is asked for
        Policy policy = policyAndMaxWait(cancel);
        slotCall(Frame.CommanderOp.ACQUIRE, domain, who,
                acquireTimeoutNanos(policy.policy(), policy.maxWait().toMillis(), acquireMarginNanos), cancel);
    }

    /**
     * How long a slot request waits for the commander's answer: the commander's longest wait
     * under {@link QuotaPolicy#WAIT} (it answers at once under the other policies) plus a margin
     * for the channel, saturating.
     *
     * @param policy the commander's policy
     * @param maxWaitMillis the commander's longest wait, in milliseconds
     * @param marginNanos the margin
     * @return the timeout in nanoseconds
     */
    static long acquireTimeoutNanos(QuotaPolicy policy, long maxWaitMillis, long marginNanos) {
        long wait = policy == QuotaPolicy.WAIT ? TimeUnit.MILLISECONDS.toNanos(maxWaitMillis) : 0;
        return wait > Long.MAX_VALUE - marginNanos ? Long.MAX_VALUE : wait + marginNanos;
    }

    @Override
    public boolean tryAcquire(Domain domain, String who) {
        return tryAcquire(domain, who, new SlotCancel());
    }

    /**
     * {@inheritDoc} The request is not cancelled in the parent (it never waits for a slot there):
     * a slot it is granted after the caller stopped waiting is freed again with a release when its
     * answer arrives (see {@link #lateAnswer}).
     */
    @Override
    public boolean tryAcquire(Domain domain, String who, SlotCancel cancel) {
        Objects.requireNonNull(domain, "domain");
        Objects.requireNonNull(cancel, "cancel");
        return slotCall(Frame.CommanderOp.TRY_ACQUIRE, domain, who, ChildRuntime.CALL_TIMEOUT_NANOS, cancel).number() == 1;
    }

    @Override
    public void release(Domain domain) {
        call(Frame.CommanderOp.RELEASE, Objects.requireNonNull(domain, "domain"), 0, null);
    }

    @Override
    public int maxProcesses() {
        return (int) call(Frame.CommanderOp.GET_MAX, null, 0, null).number();
    }

    @Override
    public void setMaxProcesses(int max) {
        call(Frame.CommanderOp.SET_MAX, null, max, null);
    }

    @Override
    public int quota(Domain domain) {
        return (int) call(Frame.CommanderOp.GET_QUOTA, Objects.requireNonNull(domain, "domain"), 0, null).number();
    }

    @Override
    public void setQuota(Domain domain, int quota) {
        call(Frame.CommanderOp.SET_QUOTA, Objects.requireNonNull(domain, "domain"), quota, null);
    }

    @Override
    public int running(Domain domain) {
        return (int) call(Frame.CommanderOp.RUNNING, Objects.requireNonNull(domain, "domain"), 0, null).number();
    }

    @Override
    public int waiting(Domain domain) {
        return (int) call(Frame.CommanderOp.WAITING, Objects.requireNonNull(domain, "domain"), 0, null).number();
    }

    /** One request: the parent answers both from one read of its commander. */
    @Override
    public Policy policyAndMaxWait() {
        return policy(call(Frame.CommanderOp.GET_POLICY, null, 0, null));
    }

    /**
     * As {@link #policyAndMaxWait()}, and the wait for the answer also ends when {@code cancel} is
     * cancelled (the interrupt status is left alone then); an answer that arrives later is dropped.
     *
     * @param cancel ends the wait for the answer when cancelled
     * @return the policy and the longest wait
     * @throws SKProcessException if the wait is cancelled or interrupted, or the parent does not
     *     answer within {@link ChildRuntime#CALL_TIMEOUT_NANOS}
     */
    private Policy policyAndMaxWait(SlotCancel cancel) {
        Frame.CommanderOp op = Frame.CommanderOp.GET_POLICY;
        return policy(answer(op, rt.call(id -> new Frame.CommanderCall(id, op, null, 0, null), ChildRuntime.CALL_TIMEOUT_NANOS,
                null, cancel)));
    }

    private static Policy policy(Frame.Reply r) {
        return new Policy(QuotaPolicy.valueOf(new String(r.value(), StandardCharsets.UTF_8)), Duration.ofMillis(r.number()));
    }

    @Override
    public void setPolicy(QuotaPolicy policy, Duration maxWait) {
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(maxWait, "maxWait");
        rt.call(id -> new Frame.CommanderCall(id, Frame.CommanderOp.SET_POLICY, policy.name(), maxWait.toMillis(), null));
    }

    @Override
    public boolean remote() {
        return true;
    }
}
