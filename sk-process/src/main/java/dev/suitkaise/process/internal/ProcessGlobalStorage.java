package dev.suitkaise.process.internal;

import dev.suitkaise.reg.Domain;
import dev.suitkaise.reg.GlobalListener;
import dev.suitkaise.reg.GlobalName;
import dev.suitkaise.reg.SKGlobalStorage;
import dev.suitkaise.reg.Subscription;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ConcurrentMap;

/**
 * The cross-process global storage, found by {@link java.util.ServiceLoader}: in the top process
 * of a program it is the commander's store; in a child started by sk-process every operation
 * travels to the parent (and from there up to the top), where it runs atomically, so
 * {@code compute}-style updates built on {@code replace(k, old, new)} stay atomic across
 * processes. Keys and values travel through sk-cereal and are compared with {@code equals}.
 * Listeners in any process see the changes made in every process (see {@link #subscribe}).
 * Thread-safe.
 */
public final class ProcessGlobalStorage implements SKGlobalStorage {

    /** Creates the storage; used by {@link java.util.ServiceLoader}. */
    public ProcessGlobalStorage() {
    }

    @Override
    public ConcurrentMap<Object, Object> map(GlobalName name) {
        ChildRuntime rt = ChildRuntime.current();
        return rt == null ? LocalGlobalStore.INSTANCE.map(name) : new RemoteGlobalMap(rt, name);
    }

    @Override
    public Set<GlobalName> names() {
        ChildRuntime rt = ChildRuntime.current();
        if (rt == null) {
            return LocalGlobalStore.INSTANCE.names();
        }
        Frame.Reply reply = RemoteGlobalMap.call(rt, Frame.GlobalOp.NAMES, Domain.GLOBAL.name(), "#names", null, null, null);
        Set<GlobalName> names = new HashSet<>();
        for (byte[] item : reply.items()) {
            String s = new String(item, StandardCharsets.UTF_8);
            int slash = s.indexOf('/');
            names.add(new GlobalName(Domain.valueOf(s.substring(0, slash)), s.substring(slash + 1)));
        }
        return Set.copyOf(names);
    }

    @Override
    public boolean drop(GlobalName name) {
        ChildRuntime rt = ChildRuntime.current();
        if (rt == null) {
            return LocalGlobalStore.INSTANCE.drop(name);
        }
        return RemoteGlobalMap.call(rt, Frame.GlobalOp.DROP, name.domain().name(), name.name(), null, null, null).flag();
    }

    /**
     * In the top process, the commander's store delivers the changes made by any process, on the
     * thread that applied the change (for a change made in a child, the thread serving that
     * child's channel, so a slow listener there delays that child too). In a child, the first
     * listener of a global subscribes with the parent (waiting for its answer), and the changes
     * arrive on the child's one {@code sk-global-events} thread, in the order the parent sent
     * them.
     */
    @Override
    public Subscription subscribe(GlobalName name, GlobalListener<Object, Object> listener) {
        ChildRuntime rt = ChildRuntime.current();
        return rt == null ? LocalGlobalStore.INSTANCE.subscribe(name, listener) : rt.globalEvents().subscribe(name, listener);
    }

    @Override
    public int priority() {
        return 100;
    }

    @Override
    public String description() {
        return ChildRuntime.current() == null ? "cross-process (hosted here, by the commander)"
                : "cross-process (hosted by the commander, reached through the parent)";
    }
}
