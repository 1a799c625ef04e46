package dev.suitkaise.reg.internal;

import dev.suitkaise.reg.GlobalListener;
import dev.suitkaise.reg.GlobalName;
import dev.suitkaise.reg.SKGlobalStorage;
import dev.suitkaise.reg.Subscription;

import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The default storage: one {@link ConcurrentHashMap} per global, in this process, whose changes
 * reach the global's listeners (see {@link ObservedMap}). Thread-safe.
 */
public final class InProcessGlobalStorage implements SKGlobalStorage {

    private final ConcurrentHashMap<GlobalName, ObservedMap> maps = new ConcurrentHashMap<>();
    /**
     * The listeners per global, only while someone listens: created by the first subscription,
     * removed when the last one closes (or when the global is dropped with none left). Kept when
     * a global with listeners is dropped, so they see it when it is created again.
     */
    private final ConcurrentHashMap<GlobalName, ChangeHub> hubs = new ConcurrentHashMap<>();

    /** Creates an empty storage. */
    public InProcessGlobalStorage() {
    }

    /**
     * How many globals have a listener hub: those with subscriptions (for tests and diagnostics).
     *
     * @return the count
     */
    public int hubCount() {
        return hubs.size();
    }

    private void forgetIfIdle(GlobalName name) {
        hubs.computeIfPresent(name, (n, h) -> h.active() ? h : null);
    }

    @Override
    public ConcurrentMap<Object, Object> map(GlobalName name) {
        Objects.requireNonNull(name, "map: name is null");
        return maps.computeIfAbsent(name, n -> new ObservedMap(() -> hubs.get(n)));
    }

    @Override
    public Set<GlobalName> names() {
        return Set.copyOf(maps.keySet());
    }

    @Override
    public boolean drop(GlobalName name) {
        Objects.requireNonNull(name, "drop: name is null");
        ObservedMap dropped = maps.remove(name);
        if (dropped == null) {
            return false;
        }
        dropped.drop();
        forgetIfIdle(name);
        return true;
    }

    @Override
    public Subscription subscribe(GlobalName name, GlobalListener<Object, Object> listener) {
        Objects.requireNonNull(name, "subscribe: name is null");
        Objects.requireNonNull(listener, "listener");
        Subscription[] sub = new Subscription[1];
        hubs.compute(name, (n, h) -> {
            ChangeHub hub = h != null ? h : new ChangeHub(n);
            if (h == null) {
                hub.whenIdle(() -> forgetIfIdle(n));
            }
            sub[0] = hub.add(listener);
            return hub;
        });
        return sub[0];
    }

    @Override
    public String description() {
        return "in-process";
    }
}
