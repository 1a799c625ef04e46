package dev.suitkaise.reg.internal;

import dev.suitkaise.reg.GlobalListener;
import dev.suitkaise.reg.GlobalName;
import dev.suitkaise.reg.SKGlobalStorage;
import dev.suitkaise.reg.Subscription;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The default storage: one {@link ConcurrentHashMap} per global, in this process, whose changes
 * reach the global's listeners (see {@link ObservedMap}). Thread-safe.
 */
public final class InProcessGlobalStorage implements SKGlobalStorage {

    private final ConcurrentHashMap<GlobalName, ObservedMap> maps = new ConcurrentHashMap<>();
    /** The listeners per global; kept when a global is dropped, so they see it when it is created again. */
    private final ConcurrentHashMap<GlobalName, ChangeHub> hubs = new ConcurrentHashMap<>();

    /** Creates an empty storage. */
    public InProcessGlobalStorage() {
    }

    private ChangeHub hub(GlobalName name) {
        return hubs.computeIfAbsent(name, ChangeHub::new);
    }

    @Override
    public ConcurrentMap<Object, Object> map(GlobalName name) {
        return maps.computeIfAbsent(name, n -> new ObservedMap(hub(n)));
    }

    @Override
    public Set<GlobalName> names() {
        return Set.copyOf(maps.keySet());
    }

    @Override
    public boolean drop(GlobalName name) {
        ObservedMap dropped = maps.remove(name);
        if (dropped == null) {
            return false;
        }
        dropped.dropAll();
        return true;
    }

    @Override
    public Subscription subscribe(GlobalName name, GlobalListener<Object, Object> listener) {
        return hub(name).add(listener);
    }

    @Override
    public String description() {
        return "in-process";
    }
}
