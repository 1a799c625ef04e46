package dev.suitkaise.reg;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * A storage provider with priority 7, for the ServiceLoader discovery test. Tests define a copy
 * of it from a temporary directory that also holds the provider configuration file.
 */
public final class ProbeStorage implements SKGlobalStorage {

    private final ConcurrentHashMap<GlobalName, ConcurrentMap<Object, Object>> maps = new ConcurrentHashMap<>();

    /** Creates the storage; ServiceLoader needs a public no-argument constructor. */
    public ProbeStorage() {
    }

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
    public int priority() {
        return 7;
    }

    @Override
    public String description() {
        return "ProbeStorage (priority 7)";
    }
}
