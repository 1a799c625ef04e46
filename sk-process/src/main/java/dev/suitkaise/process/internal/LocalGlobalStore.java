package dev.suitkaise.process.internal;

import dev.suitkaise.reg.GlobalName;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/** The commander's store of globals, in the top process of a program. Thread-safe. */
final class LocalGlobalStore {

    static final LocalGlobalStore INSTANCE = new LocalGlobalStore();

    private final ConcurrentHashMap<GlobalName, ConcurrentHashMap<Object, Object>> maps = new ConcurrentHashMap<>();

    private LocalGlobalStore() {
    }

    ConcurrentMap<Object, Object> map(GlobalName name) {
        return maps.computeIfAbsent(name, n -> new ConcurrentHashMap<>());
    }

    Set<GlobalName> names() {
        return Set.copyOf(maps.keySet());
    }

    boolean drop(GlobalName name) {
        return maps.remove(name) != null;
    }
}
