package dev.suitkaise.process.internal;

import dev.suitkaise.process.SKProcessException;
import dev.suitkaise.reg.Domain;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.EnumMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
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
 *
 * <p>A slot request the child gives up on (its caller was interrupted, a {@code shutdownAll}
 * cancelled its wait, or it stopped waiting for the answer) is cancelled: the child sends a {@link Frame.CommanderOp#CANCEL} naming it, and
 * {@link #cancel} ends its wait in the commander. Each slot granted to a request is given back
 * exactly once: a request cancelled before it is answered takes no slot, or frees the one it was
 * granted as the cancel arrived, and is answered with an error; a cancel that comes after the
 * answer, or never comes (lost with the channel), does nothing here, and the child gives the slot
 * it was granted back with a release when the answer reaches it.
 */
final class HeldSlots {

    private static final Logger LOG = LoggerFactory.getLogger(HeldSlots.class);
    /**
     * How long {@link #close} waits for a wait for a slot under way to end. A wait in this JVM's
     * own budget is cancelled (through its {@link SlotCancel}) and ends at once; one in the parent's commander (this JVM is a
     * child itself) is waited for this long, then left to free its slot when it is granted. It
     * stays well under the 5 s within which a stop expects the end to be recorded.
     */
    static final long SETTLE_MILLIS = 1_000;

    private final Map<Domain, Integer> held = new EnumMap<>(Domain.class);
    /** The cancels of the waits in {@link #acquire} under way; guarded by the monitor. */
    private final Set<SlotCancel> acquiring = new HashSet<>();
    private boolean closed;
    /**
     * The child's slot requests not answered yet that it may cancel, by the id it gave them (see
     * {@link #expect}); not guarded by the monitor, so that a cancel never waits for it.
     */
    private final Map<Long, Request> requests = new ConcurrentHashMap<>();

    /**
     * A slot request of the child that it may cancel: whether it did, whether it is answered,
     * and the cancel of the wait serving it. Guarded by its own monitor, taken after the
     * {@link HeldSlots} one, never before it.
     */
    private static final class Request {
        private SlotCancel serving;
        private boolean cancelled;
        private boolean answered;

        /** A wait starts serving it: false if it was cancelled already. */
        synchronized boolean start(SlotCancel wait) {
            serving = wait;
            return !cancelled;
        }

        /**
         * Cancels it unless it is answered: false if it was answered. The cancel of the wait
         * serving it, if any, is cancelled by the caller, outside this monitor.
         */
        synchronized boolean cancel() {
            if (answered) {
                return false;
            }
            cancelled = true;
            return true;
        }

        /** The cancel of the wait serving it, or null if none has started or it is answered. */
        synchronized SlotCancel serving() {
            return serving;
        }

        /** Its answer is decided, and a cancel comes too late from now on: true if it was cancelled. */
        synchronized boolean answer() {
            answered = true;
            serving = null;
            return cancelled;
        }
    }

    private static SKProcessException ended(Domain domain, String who) {
        return new SKProcessException("The process that asked for a slot for '" + who + "' in " + domain
                + " has ended; no slot is held for it.");
    }

    private static SKProcessException cancelled(Domain domain, String who) {
        return new SKProcessException("The process that asked for a slot for '" + who + "' in " + domain
                + " gave the request up; no slot is held for it.");
    }

    /**
     * Makes a slot request of the child known before it is served, so that a
     * {@linkplain #cancel cancel} the child sends after it finds it even if its wait has not
     * begun. Call it on the thread that reads the child's frames, before handing the request to
     * {@link #acquire(Authority, Domain, String, long)}. Never blocks.
     *
     * @param id the request's id, as the child numbered it
     */
    void expect(long id) {
        requests.put(id, new Request());
    }

    /**
     * Forgets a slot request {@linkplain #expect made known} that ended without being served
     * (it failed before its wait began). Never blocks.
     *
     * @param id the request's id
     */
    void forget(long id) {
        requests.remove(id);
    }

    /**
     * Cancels a slot request of the child that it gave up on, if it is not answered yet: a wait
     * for it in the commander ends (through its {@link SlotCancel}: no thread is interrupted; a wait
     * in a parent's commander, this JVM being a child itself, is cancelled there in turn), one not begun does
     * not begin, and a slot granted to it before its answer is freed again; it is answered with an
     * error. A request already answered, or not known, is left alone: the child gives back the
     * slot it was granted when the answer reaches it. Never waits for a slot or an answer (it
     * takes the commander's monitor only as long as a short call holds it), so it may run on the thread
     * that reads the child's frames.
     *
     * @param id the id of the request, as the child numbered it
     * @return true if the request was not answered yet, and is now cancelled
     */
    boolean cancel(long id) {
        Request r = requests.get(id);
        if (r == null || !r.cancel()) {
            return false;
        }
        SlotCancel wait = r.serving();
        if (wait != null) {
            wait.cancel(); // a wait that starts later sees the request cancelled, or is cancelled here
        }
        return true;
    }

    /**
     * Takes a slot of the commander for the child, failing or waiting by the commander's policy,
     * and records it. Blocks while the commander waits for a slot; {@link #close} ends the wait.
     * The request cannot be cancelled: see {@link #acquire(Authority, Domain, String, long)}.
     *
     * @param authority the commander
     * @param domain the slot's domain
     * @param who the new process's name, for messages
     * @throws SKProcessException if the child has ended, before or during the wait (a slot
     *     granted meanwhile is freed again)
     * @throws dev.suitkaise.process.SKQuotaExceededException if no slot is (or becomes) free
     */
    void acquire(Authority authority, Domain domain, String who) {
        acquire(authority, domain, who, null);
    }

    /**
     * As {@link #acquire(Authority, Domain, String)}, for a request the child may
     * {@linkplain #cancel cancel}: one {@linkplain #expect made known} with this id. A cancel ends
     * the wait, or, if the slot was granted as it came, frees the slot again.
     *
     * @param authority the commander
     * @param domain the slot's domain
     * @param who the new process's name, for messages
     * @param id the request's id, as the child numbered it
     * @throws SKProcessException if the child has ended or cancelled the request, before or
     *     during the wait (a slot granted meanwhile is freed again)
     * @throws dev.suitkaise.process.SKQuotaExceededException if no slot is (or becomes) free
     */
    void acquire(Authority authority, Domain domain, String who, long id) {
        try {
            acquire(authority, domain, who, requests.get(id));
        } finally {
            requests.remove(id);
        }
    }

    private void acquire(Authority authority, Domain domain, String who, Request request) {
        SlotCancel me = new SlotCancel();
        if (request != null && !request.start(me)) {
            request.answer();
            throw cancelled(domain, who);
        }
        synchronized (this) {
            if (closed) {
                if (request != null) {
                    request.answer();
                }
                throw ended(domain, who);
            }
            acquiring.add(me);
        }
        boolean granted = false;
        try {
            authority.acquire(domain, who, me);
            granted = true;
        } finally {
            boolean endedMeanwhile;
            boolean cancelledMeanwhile;
            synchronized (this) {
                acquiring.remove(me);
                notifyAll();
                endedMeanwhile = closed;
                cancelledMeanwhile = request != null && request.answer();
                if (granted && !endedMeanwhile && !cancelledMeanwhile) {
                    held.merge(domain, 1, Integer::sum);
                } else if (granted) {
                    free(authority, domain, endedMeanwhile ? "granted after its process ended"
                            : "granted as the process that asked for it gave the request up");
                }
            }
            if (endedMeanwhile || cancelledMeanwhile) {
                throw endedMeanwhile ? ended(domain, who) : cancelled(domain, who);
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
                acquiring.forEach(SlotCancel::cancel); // Budget.acquire ends at once, taking nothing
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
