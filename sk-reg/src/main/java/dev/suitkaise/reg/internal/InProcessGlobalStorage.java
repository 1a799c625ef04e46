package dev.suitkaise.reg.internal;

import dev.suitkaise.reg.GlobalName;
import dev.suitkaise.reg.SKGlobalStorage;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/** The default storage: one {@link ConcurrentHashMap} per global, in this process. Thread-safe. */
public final class InProcessGlobalStorage implements SKGlobalStorage {

    private final ConcurrentHashMap<GlobalName, ConcurrentHashMap<Object, Object>> maps = new ConcurrentHashMap<>();

    @Override
    public ConcurrentMap<Object, Object> map(GlobalName name) {
        return maps.computeIfAbsent(name, n -> new ConcurrentHashMap<>());
    }

    @Override
    public Set<GlobalName> names() {
        return Set.copyOf(maps.keySet());
    }

    @Override
    public boolean drop(GlobalName name) {
        return maps.remove(name) != null;
    }

    @Override
    public String description() {
        return "in-process";
    }
}
