package dev.suitkaise.process.internal;

import dev.suitkaise.cereal.InternalCereal;
import dev.suitkaise.reg.Domain;
import dev.suitkaise.reg.GlobalName;
import dev.suitkaise.reg.SKAccessException;
import dev.suitkaise.reg.SKGlobal;
import dev.suitkaise.reg.SKGlobalStorage;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Supplier;

/**
 * Serves a child's {@link Frame.GlobalCall}s from this process's global storage: the one
 * {@link SKGlobal} uses here (the commander's store in the top process, the parent's in a child).
 */
final class GlobalHost {

    /**
     * The handle on the storage {@link SKGlobal} uses, taken on first use: a child's global call
     * then costs no stack walk for the caller check of {@link SKGlobal#storage()}.
     */
    private static volatile Supplier<SKGlobalStorage> handle;

    private GlobalHost() {
    }

    /**
     * The storage this process serves its children from.
     *
     * @return the storage {@link SKGlobal} uses here, or this module's own where sk-process may not reach it
     */
    static SKGlobalStorage storage() {
        Supplier<SKGlobalStorage> h = handle;
        if (h == null) {
            try {
                h = SKGlobal.storageHandle();
            } catch (SKAccessException e) {
                // on the class path sk-process may lie outside the INTERNAL roots: serve from our own
                // storage (not remembered: the roots may still change)
                return new ProcessGlobalStorage();
            }
            handle = h;
        }
        return h.get();
    }

    static Frame.Reply handle(Frame.GlobalCall c, InternalCereal codec) {
        try {
            SKGlobalStorage s = storage();
            if (c.op() == Frame.GlobalOp.NAMES) {
                List<byte[]> items = new ArrayList<>();
                for (GlobalName n : s.names()) {
                    items.add((n.domain() + "/" + n.name()).getBytes(StandardCharsets.UTF_8));
                }
                return reply(c, null, false, 0, items);
            }
            GlobalName name = new GlobalName(Domain.valueOf(c.domain()), c.name());
            if (c.op() == Frame.GlobalOp.DROP) {
                return reply(c, null, s.drop(name), 0, List.of());
            }
            ConcurrentMap<Object, Object> map = s.map(name);
            Object key = c.key() == null ? null : codec.deserialize(c.key());
            Object value = c.value() == null ? null : codec.deserialize(c.value());
            Object expected = c.expected() == null ? null : codec.deserialize(c.expected());
            return switch (c.op()) {
                case GET -> value(c, map.get(key), codec);
                case CONTAINS -> reply(c, null, map.containsKey(key), 0, List.of());
                case PUT -> value(c, map.put(key, value), codec);
                case REMOVE -> value(c, map.remove(key), codec);
                case PUT_IF_ABSENT -> value(c, map.putIfAbsent(key, value), codec);
                case REPLACE -> value(c, map.replace(key, value), codec);
                case REPLACE_IF -> map.replace(key, expected, value) ? reply(c, null, true, 0, List.of()) : current(c, map.get(key), codec);
                case REMOVE_IF -> map.remove(key, expected) ? reply(c, null, true, 0, List.of()) : current(c, map.get(key), codec);
                case SIZE -> reply(c, null, false, map.size(), List.of());
                case CLEAR -> {
                    map.clear();
                    yield reply(c, null, true, 0, List.of());
                }
                case ENTRIES -> {
                    List<byte[]> items = new ArrayList<>();
                    for (Map.Entry<Object, Object> e : map.entrySet()) {
                        items.add(codec.serialize(e.getKey()));
                        items.add(codec.serialize(e.getValue()));
                    }
                    yield reply(c, null, false, items.size() / 2, items);
                }
                case NAMES, DROP -> throw new IllegalStateException("handled above");
                case SUBSCRIBE, UNSUBSCRIBE -> throw new IllegalStateException(c.op() + " is served by the child's GlobalRelay");
            };
        } catch (RuntimeException e) {
            return new Frame.Reply(c.id(), null, false, 0, List.of(), Errors.of(e, null));
        }
    }

    private static Frame.Reply value(Frame.GlobalCall c, Object v, InternalCereal codec) {
        return new Frame.Reply(c.id(), v == null ? null : codec.serialize(v), false, 0, List.of(), null);
    }

    /** A failed conditional update: the flag is false and the value is the current one, for the caller's next attempt. */
    private static Frame.Reply current(Frame.GlobalCall c, Object v, InternalCereal codec) {
        return new Frame.Reply(c.id(), v == null ? null : codec.serialize(v), false, 0, List.of(), null);
    }

    private static Frame.Reply reply(Frame.GlobalCall c, byte[] value, boolean flag, long number, List<byte[]> items) {
        return new Frame.Reply(c.id(), value, flag, number, items, null);
    }
}
