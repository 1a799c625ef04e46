package dev.suitkaise.process.internal;

import dev.suitkaise.process.SKProcessException;
import dev.suitkaise.reg.Domain;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.EnumMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The budget slots a child JVM took for the processes it spawned itself (through this process's
 * commander), so that they are freed when the child dies before it could free them: its own
 * children exit with it. Thread-safe (one monitor).
 *
 * <p>Taking or freeing a slot in the commander and recording it here are one step with respect
 * to {@link #close}: once a {@code close} has returned, every slot the child held has been given
 * back to the commander, and so has every slot granted to it after it ended, however its requests
 * and its end interleave, with two exceptions, both when this JVM is itself a child (its
 * commander is its parent's): a request still waiting there {@link #SETTLE_MILLIS} after the end
 * is left behind, and the slot it is granted is freed when the answer arrives, after
 * {@code close} returned; and a slot whose release failed there without being carried out is
 * forgotten here (see {@link #release}) and stays counted there until this JVM exits.
 * A second {@code close} (the end is seen by more than one thread) returns only once the first
 * has freed them too.
 */
final class HeldSlots {

    private static final Logger LOG = LoggerFactory.getLogger(HeldSlots.class);
    /**
     * How long {@link #close} waits for a wait for a slot under way to end. A wait in this JVM's
     * own budget is interrupted and ends at once; one in the parent's commander (this JVM is a
     * child itself) is waited for this long, then left to free its slot when it is granted. It
     * stays well under the 5 s within which a stop expects the end to be recorded.
     */
    static final long SETTLE_MILLIS = 1_000;

    private final Map<Domain, Integer> held = new EnumMap<>(Domain.class);
    /** The threads waiting in {@link #acquire}; guarded by the monitor. */
    private final Set<Thread> acquiring = new HashSet<>();
    private boolean closed;

    private static SKProcessException ended(Domain domain, String who) {
        return new SKProcessException("The process that asked for a slot for '" + who + "' in " + domain
                + " has ended; no slot is held for it.");
    }

    /**
     * Takes a slot of the commander for the child, failing or waiting by the commander's policy,
     * and records it. Blocks while the commander waits for a slot; {@link #close} ends the wait.
     *
     * @param authority the commander
     * @param domain the slot's domain
     * @param who the new process's name, for messages
     * @throws SKProcessException if the child has ended, before or during the wait (a slot
     *     granted meanwhile is freed again)
     * @throws dev.suitkaise.process.SKQuotaExceededException if no slot is (or becomes) free
     */
    void acquire(Authority authority, Domain domain, String who) {
        Thread me = Thread.currentThread();
        synchronized (this) {
            if (closed) {
                throw ended(domain, who);
            }
            acquiring.add(me);
        }
        boolean granted = false;
        try {
            authority.acquire(domain, who);
            granted = true;
        } finally {
            boolean endedMeanwhile;
            synchronized (this) {
                acquiring.remove(me);
                notifyAll();
                endedMeanwhile = closed;
                if (granted && !endedMeanwhile) {
                    held.merge(domain, 1, Integer::sum);
                } else if (granted) {
                    free(authority, domain, "granted after its process ended");
                }
            }
            if (endedMeanwhile) {
                Thread.interrupted(); // close() may have interrupted the wait; this thread only served the call
                throw ended(domain, who);
            }
        }
    }

    /**
     * Takes a slot of the commander for the child only if one is free now, and records it. Never
     * waits for a slot (in a child, it waits for its parent's answer).
     *
     * @param authority the commander
     * @param domain the slot's domain
     * @param who the new process's name, for the log
     * @return true if a slot was taken, false if none was free
     * @throws SKProcessException if the child has ended
     */
    synchronized boolean tryAcquire(Authority authority, Domain domain, String who) {
        if (closed) {
            throw ended(domain, who);
        }
        if (!authority.tryAcquire(domain, who)) {
            return false;
        }
        held.merge(domain, 1, Integer::sum);
        return true;
    }

    /**
     * Forgets a slot the child held and frees it in the commander. A slot it does not hold (it
     * ended, and {@link #close} freed it) frees nothing. The slot is forgotten even if freeing it
     * fails: a release to a parent's commander that fails may have been carried out there (only
     * its answer was lost), so {@link #close} must not free it a second time, which would free
     * another process's slot; one that was not carried out stays counted there against this JVM,
     * and is freed when this JVM exits.
     *
     * @param authority the commander
     * @param domain the slot's domain
     * @throws RuntimeException what freeing the slot in the commander threw
     */
    synchronized void release(Authority authority, Domain domain) {
        Integer n = held.get(domain);
        if (n == null) {
            return;
        }
        if (n == 1) {
            held.remove(domain);
        } else {
            held.put(domain, n - 1);
        }
        authority.release(domain);
    }

    /**
     * Ends the record, the child being gone: ends the waits for slots under way (see
     * {@link #SETTLE_MILLIS}) and frees in the commander every slot the child still held. Returns
     * once they are freed (except the slot of a request to a parent's commander still waiting after
     * {@link #SETTLE_MILLIS}, freed when it is granted), also when another thread closed it first. Blocks at most about
     * {@link #SETTLE_MILLIS} plus the commander's answers; an interrupt does not cut it short
     * (the interrupt status is set again).
     *
     * @param authority the commander
     * @param where the child, for the log
     * @return how many slots this call freed
     */
    synchronized int close(Authority authority, String where) {
        if (!closed) {
            closed = true;
            if (!authority.remote()) {
                acquiring.forEach(Thread::interrupt); // Budget.acquire ends at once, taking nothing
            }
        }
        boolean interrupted = false;
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(SETTLE_MILLIS);
        while (!acquiring.isEmpty()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                LOG.debug("{} ended while {} request(s) for a slot waited in the parent's commander; a slot granted"
                        + " later is freed when it arrives", where, acquiring.size());
                break;
            }
            try {
                TimeUnit.NANOSECONDS.timedWait(this, left);
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        int freed = 0;
        for (Map.Entry<Domain, Integer> e : held.entrySet()) {
            for (int k = 0; k < e.getValue(); k++) {
                if (free(authority, e.getKey(), "held by the processes of " + where)) {
                    freed++;
                }
            }
        }
        held.clear();
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        return freed;
    }

    private static boolean free(Authority authority, Domain domain, String what) {
        try {
            authority.release(domain);
            return true;
        } catch (RuntimeException e) {
            LOG.warn("Cannot free a {} slot {}: {}", domain, what, e.getMessage());
            return false;
        }
    }
}
