package dev.suitkaise.process.internal;

import java.util.List;

/**
 * The messages between a parent and a child, one per length-prefixed sk-cereal frame. User
 * values (functions, results, global keys and values) travel as nested byte arrays, so that a
 * value that cannot be read fails alone and the channel stays in step.
 */
public sealed interface Frame {

    /**
     * Version of this protocol; a child of another version is refused. Version 2 writes every
     * frame with registered class numbers ({@link Codecs#frameClasses()}). Adding, removing or
     * renaming a frame class changes the numbers, so it needs a new version ({@code FrameCodecTest}
     * fails until the version is raised). Version 3 adds the parent's domain roots to
     * {@link Welcome}. Version 4 adds {@link CommanderOp#CANCEL}, which a parent of version 3
     * cannot read (its hello was still a frame). Version 5 takes the child's hello out of the
     * frames: it is the connection's first bytes, in the fixed layout of {@link Hello} (which any
     * later version can read and refuse by version), written right after the child connects; a
     * peer of version 4 and one of version 5 cannot shake hands.
     */
    int VERSION = 5;

    /**
     * Parent to child, the first frame once the child's {@link Hello} was accepted: the rest of
     * the handshake, which the child takes once its channel is set up.
     *
     * @param name the process's name
     * @param domain the manager's domain name
     * @param allowed the class names and package prefixes the child's codec must allow, exactly as
     *     the parent's codec for this child does
     * @param inits the serialized init functions, in the order to run
     * @param internalRoots the parent's current roots of the INTERNAL domain, in the text form of
     *     {@code CodeRoot.parse} (paths absolute): the child's INTERNAL roots become exactly these
     * @param externalRoots the parent's current roots of the EXTERNAL domain, likewise
     */
    record Welcome(String name, String domain, List<String> allowed, List<byte[]> inits, List<String> internalRoots,
                   List<String> externalRoots) implements Frame {
    }

    /** Child to parent: init functions done, ready for tasks. */
    record Ready() implements Frame {
    }

    /**
     * Child to parent: an init function failed; the child exits.
     *
     * @param error the failure
     */
    record InitFailed(RemoteError error) implements Frame {
    }

    /**
     * Parent to child: run a function.
     *
     * @param id the task's id
     * @param function the serialized function
     */
    record RunTask(long id, byte[] function) implements Frame {
    }

    /**
     * Parent to child: interrupt a task.
     *
     * @param id the task's id
     */
    record CancelTask(long id) implements Frame {
    }

    /**
     * Child to parent: a task returned.
     *
     * @param id the task's id
     * @param value the serialized result
     */
    record TaskDone(long id, byte[] value) implements Frame {
    }

    /**
     * Child to parent: a task threw.
     *
     * @param id the task's id
     * @param error the failure
     */
    record TaskFailed(long id, RemoteError error) implements Frame {
    }

    /**
     * Either way: a plain message for the other side's listeners.
     *
     * @param payload the serialized message
     */
    record Message(byte[] payload) implements Frame {
    }

    /** Parent to child: are you there? */
    record Ping() implements Frame {
    }

    /**
     * Child to parent: the answer to a ping.
     *
     * @param heapUsed used heap bytes
     * @param heapMax maximum heap bytes
     * @param running tasks running
     */
    record Heartbeat(long heapUsed, long heapMax, int running) implements Frame {
    }

    /**
     * Parent to child: finish running tasks within the grace and exit.
     *
     * @param graceMillis the grace
     */
    record Stop(long graceMillis) implements Frame {
    }

    /** Operations on a global map, for {@link GlobalCall}. */
    enum GlobalOp {
        /** get(key). */
        GET,
        /** containsKey(key). */
        CONTAINS,
        /** put(key, value). */
        PUT,
        /** remove(key). */
        REMOVE,
        /** putIfAbsent(key, value). */
        PUT_IF_ABSENT,
        /** replace(key, value). */
        REPLACE,
        /** replace(key, expected, value). */
        REPLACE_IF,
        /** remove(key, expected). */
        REMOVE_IF,
        /** size(). */
        SIZE,
        /** clear(). */
        CLEAR,
        /** all entries, as key, value, key, value... */
        ENTRIES,
        /** names of all maps of the storage. */
        NAMES,
        /** drop the map. */
        DROP,
        /** send this child the map's changes as {@link GlobalEvent}s until unsubscribed or the child ends. */
        SUBSCRIBE,
        /** stop sending this child the map's changes. */
        UNSUBSCRIBE
    }

    /**
     * Child to parent: an operation on the commander's global storage.
     *
     * @param id the request's id
     * @param op the operation
     * @param domain the global's domain name
     * @param name the global's name
     * @param key the serialized key, or null
     * @param value the serialized value, or null
     * @param expected the serialized expected value, or null
     */
    record GlobalCall(long id, GlobalOp op, String domain, String name, byte[] key, byte[] value, byte[] expected) implements Frame {
    }

    /**
     * Parent to child: a change of a global map the child subscribed to, made in any process.
     *
     * @param domain the global's domain name
     * @param name the global's name
     * @param key the serialized key
     * @param oldValue the serialized previous value, or null
     * @param newValue the serialized new value, or null for a removal
     */
    record GlobalEvent(String domain, String name, byte[] key, byte[] oldValue, byte[] newValue) implements Frame {
    }

    /** Operations on the commander's budget, for {@link CommanderCall}. */
    enum CommanderOp {
        /** take a slot for a domain (waits per policy). */
        ACQUIRE,
        /** free a slot of a domain. */
        RELEASE,
        /** the budget. */
        GET_MAX,
        /** change the budget. */
        SET_MAX,
        /** a domain's quota. */
        GET_QUOTA,
        /** change a domain's quota. */
        SET_QUOTA,
        /** a domain's processes in use. */
        RUNNING,
        /** a domain's spawns waiting for a slot. */
        WAITING,
        /** the quota policy (as the reply's value) and maximum wait (its number, in milliseconds), read together. */
        GET_POLICY,
        /** change the quota policy and maximum wait. */
        SET_POLICY,
        /** take a slot for a domain only if one is free now (answers 1 or 0). */
        TRY_ACQUIRE,
        /**
         * the child gave up its {@code ACQUIRE} whose id is the amount: stop waiting for it (answers
         * 1 if it was not answered yet, which then frees any slot it is granted and answers with an
         * error; 0 if it was, and the child gives the granted slot back itself).
         */
        CANCEL
    }

    /**
     * Child to parent: an operation on the commander's budget.
     *
     * @param id the request's id
     * @param op the operation
     * @param domain the domain name (the policy name for {@code SET_POLICY}), or null
     * @param amount the new value for setters (the maximum wait in milliseconds for {@code SET_POLICY},
     *     the id of the request to give up for {@code CANCEL})
     * @param who the process asking for a slot, for messages
     */
    record CommanderCall(long id, CommanderOp op, String domain, long amount, String who) implements Frame {
    }

    /**
     * Parent to child: the answer to a {@link GlobalCall} or {@link CommanderCall}. A failed
     * {@code REPLACE_IF} or {@code REMOVE_IF} carries the current value, so the caller's next
     * attempt needs no extra {@code GET}.
     *
     * @param id the request's id
     * @param value a serialized value, or null
     * @param flag a boolean answer
     * @param number a numeric answer
     * @param items serialized items, for listings
     * @param error the failure, or null
     */
    record Reply(long id, byte[] value, boolean flag, long number, List<byte[]> items, RemoteError error) implements Frame {
    }

    /**
     * A failure in the other process.
     *
     * @param className the exception's class name
     * @param message its message, or null
     * @param stack its stack trace, one frame a line
     * @param original the serialized exception, or null if it could not be serialized
     */
    record RemoteError(String className, String message, List<String> stack, byte[] original) {
    }
}
