package dev.suitkaise.process.internal;

import dev.suitkaise.process.QuotaPolicy;
import dev.suitkaise.reg.Domain;

import java.time.Duration;

/**
 * The process budget of a program, as a commander sees it: {@link Budget} in the top process,
 * {@link RemoteAuthority} (the parent's commander, over the channel) in a child. Thread-safe.
 */
public interface Authority {

    /**
     * Takes a slot for a new process of a domain, failing or waiting by policy; as
     * {@link #acquire(Domain, String, SlotCancel)} with a token nobody cancels.
     *
     * @param domain the domain
     * @param who the process's name, for messages
     * @throws dev.suitkaise.process.SKQuotaExceededException if no slot is (or becomes) free
     * @throws dev.suitkaise.process.SKProcessException if interrupted, or (in a child) the parent
     *     did not answer in time; see {@link #acquire(Domain, String, SlotCancel)}
     */
    default void acquire(Domain domain, String who) {
        acquire(domain, who, new SlotCancel());
    }

    /**
     * Takes a slot for a new process of a domain, failing or waiting by policy; a wait for a slot
     * (in a child, also the wait for the parent's policy, read first) ends when the calling thread
     * is interrupted or {@code cancel} is cancelled. Blocks at most
     * the longest wait under {@link QuotaPolicy#WAIT} (in a child, plus the time the parent may
     * take to answer the policy read, one call timeout, and a margin for its answer to the slot
     * request). A cancel leaves the calling thread's interrupt status alone; an interrupt ends the
     * wait with the status set again. With {@code cancel} cancelled already, {@link Budget} still
     * takes a slot that is free (only a wait is ended), while {@link RemoteAuthority} gives the
     * request up at once and throws (a grant from the parent, if any, is freed again). A caller
     * that gets a slot it no longer wants frees it.
     *
     * @param domain the domain
     * @param who the process's name, for messages
     * @param cancel ends the wait for a slot when cancelled
     * @throws dev.suitkaise.process.SKQuotaExceededException if no slot is (or becomes) free
     * @throws dev.suitkaise.process.SKProcessException if the wait is interrupted or cancelled,
     *     or (in a child) the parent did not answer within its longest wait plus a margin; in a
     *     child, the request is then cancelled in the parent, and a slot the parent grants before
     *     the cancel arrives (or if it is lost) is freed again
     */
    void acquire(Domain domain, String who, SlotCancel cancel);

    /**
     * Takes a slot for a process of a domain only if one is free now; never waits, whatever the
     * policy.
     *
     * @param domain the domain
     * @param who the process's name, for the log
     * @return true if a slot was taken (free it with {@link #release}), false if none was free
     */
    boolean tryAcquire(Domain domain, String who);

    /**
     * As {@link #tryAcquire(Domain, String)}, for a spawn that a {@code shutdownAll} may end: in a
     * child, the wait for the parent's answer ends when {@code cancel} is cancelled (the calling
     * thread's interrupt status is left alone; an interrupt ends the wait too, with the status set
     * again), and a slot the parent grants after that is freed again when its answer arrives.
     * {@link Budget} never waits for an answer and ignores the token. Thread-safe.
     *
     * @param domain the domain
     * @param who the process's name, for the log
     * @param cancel ends the wait for the parent's answer when cancelled
     * @return true if a slot was taken (free it with {@link #release}), false if none was free
     * @throws dev.suitkaise.process.SKProcessException in a child, if the wait for the parent's
     *     answer is cancelled or interrupted, or the parent does not answer in time
     */
    default boolean tryAcquire(Domain domain, String who, SlotCancel cancel) {
        return tryAcquire(domain, who);
    }

    /**
     * Frees a slot of a domain.
     *
     * @param domain the domain
     */
    void release(Domain domain);

    /**
     * The budget.
     *
     * @return the most processes alive at once
     */
    int maxProcesses();

    /**
     * Changes the budget.
     *
     * @param max positive
     */
    void setMaxProcesses(int max);

    /**
     * A domain's quota.
     *
     * @param domain the domain
     * @return its quota, or the budget if it has none
     */
    int quota(Domain domain);

    /**
     * Changes a domain's quota.
     *
     * @param domain the domain
     * @param quota not negative
     */
    void setQuota(Domain domain, int quota);

    /**
     * A domain's slots in use.
     *
     * @param domain the domain
     * @return the count
     */
    int running(Domain domain);

    /**
     * Spawns of a domain waiting for a slot.
     *
     * @param domain the domain
     * @return the count
     */
    int waiting(Domain domain);

    /**
     * The policy for spawns over quota and the longest wait under {@link QuotaPolicy#WAIT}, as
     * they were together at one moment (one read: in a child, one request to the parent).
     *
     * @return the policy and the longest wait
     */
    Policy policyAndMaxWait();

    /**
     * The policy for spawns over quota. To size a wait by the policy, read both with
     * {@link #policyAndMaxWait()}: a change between two reads would mix two settings.
     *
     * @return the policy
     */
    default QuotaPolicy policy() {
        return policyAndMaxWait().policy();
    }

    /**
     * The longest wait under {@link QuotaPolicy#WAIT}. To size a wait by the policy, read both
     * with {@link #policyAndMaxWait()}: a change between two reads would mix two settings.
     *
     * @return the wait
     */
    default Duration maxWait() {
        return policyAndMaxWait().maxWait();
    }

    /**
     * Changes the policy and the longest wait.
     *
     * @param policy the policy
     * @param maxWait not negative
     */
    void setPolicy(QuotaPolicy policy, Duration maxWait);

    /**
     * Whether this is the parent's commander, reached over the channel.
     *
     * @return true in a child
     */
    boolean remote();

    /**
     * A commander's policy for spawns over quota with its longest wait.
     *
     * @param policy the policy
     * @param maxWait the longest wait under {@link QuotaPolicy#WAIT}
     */
    record Policy(QuotaPolicy policy, Duration maxWait) {
    }
}
