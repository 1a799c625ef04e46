package dev.suitkaise.cereal.internal.kryo;

import dev.suitkaise.cereal.CerealHandler;
import dev.suitkaise.cereal.CerealHandlerReg;
import dev.suitkaise.reg.Domain;
import dev.suitkaise.reg.OnDuplicate;
import dev.suitkaise.reg.SKReg;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The handlers registered in the GLOBAL and INTERNAL {@link CerealHandlerReg}s, as a snapshot that
 * is rebuilt after every change (a listener bumps the generation).
 */
public final class Handlers {

    /** A handler with the key it is registered under and the type its {@code type()} returned. */
    record Entry(String key, CerealHandler<?> handler, Class<?> type) {
    }

    /**
     * A registered handler the codec cannot use because its {@code type()} returned null or threw.
     *
     * @param domain the registry it is in
     * @param key the key it is registered under
     * @param defect what is wrong, as "its type() returned null" or "its type() threw ..."
     */
    record Broken(Domain domain, String key, String defect) {
    }

    /**
     * The handlers as the codec uses them.
     *
     * @param byType the usable handlers, exact type to entry
     * @param broken the handlers left out, in registry order
     */
    record Snapshot(Map<Class<?>, Entry> byType, List<Broken> broken) {

        /**
         * A sentence to append to a failure's message when some handlers were left out: the
         * failing call may have needed one of them, whose type the codec cannot know.
         *
         * @return the sentence with a leading space, or "" if no handler was left out
         */
        String note() {
            if (broken.isEmpty()) {
                return "";
            }
            StringBuilder b = new StringBuilder(" Note: ");
            for (int i = 0; i < broken.size(); i++) {
                Broken x = broken.get(i);
                b.append(i == 0 ? "" : "; ").append("CerealHandler '").append(x.key()).append("' in the ")
                        .append(x.domain()).append(" registry is skipped because ").append(x.defect());
            }
            return b.append(". If this call needed it, fix its type() to return the handled class (or remove it"
                    + " from CerealHandlerReg) and retry.").toString();
        }
    }

    private static final AtomicLong GENERATION = new AtomicLong(1);
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Handlers.class);

    /** Key prefix of handlers registered from {@link ServiceLoader} providers. */
    public static final String SERVICE_KEY_PREFIX = "service:";
    private static volatile boolean listening;
    /** The broken handlers already warned about, as domain, key and identity, so each is logged once. */
    private static final Set<String> WARNED = ConcurrentHashMap.newKeySet();

    private Handlers() {
    }

    private static void listen() {
        if (listening) {
            return;
        }
        synchronized (Handlers.class) {
            if (!listening) {
                for (Domain d : new Domain[] {Domain.GLOBAL, Domain.INTERNAL}) {
                    CerealHandlerReg.of(d).addListener(event -> {
                        GENERATION.incrementAndGet();
                        // SKReg has no hook to refuse a value, so a handler is checked (and warned about) as it is registered
                        if (event.newValue() != null) {
                            typeOf(event.domain(), event.key(), event.newValue(), null);
                        }
                    });
                }
                registerProvided();
                listening = true;
            }
        }
    }

    /**
     * Registers, in the INTERNAL registry, every handler that a module provides through
     * {@link ServiceLoader} ({@code provides dev.suitkaise.cereal.CerealHandler with ...}, or a
     * {@code META-INF/services} file on the class path), under the key {@code service:<type>}, so
     * that every process with the same modules has the same handlers under the same keys. A
     * handler registered by hand under that key is kept.
     */
    private static void registerProvided() {
        @SuppressWarnings({"rawtypes", "unchecked"})
        ServiceLoader<CerealHandler<?>> loader = (ServiceLoader) ServiceLoader.load(CerealHandler.class);
        CerealHandlerReg internal = CerealHandlerReg.of(Domain.INTERNAL);
        for (ServiceLoader.Provider<CerealHandler<?>> provider : loader.stream().toList()) {
            try {
                CerealHandler<?> handler = provider.get();
                internal.register(SERVICE_KEY_PREFIX + handler.type().getName(), handler, OnDuplicate.IGNORE);
            } catch (java.util.ServiceConfigurationError | RuntimeException | LinkageError e) {
                LOG.warn("Cereal handler provider {} could not be loaded and is skipped: {}", provider.type().getName(), e.toString());
            }
        }
    }

    /**
     * The current generation of the handler registries.
     *
     * @return a number that changes whenever a handler is registered, replaced or removed
     */
    public static long generation() {
        listen();
        return GENERATION.get();
    }

    /**
     * Takes a snapshot of the handlers, exact type to entry, INTERNAL winning over GLOBAL. A
     * handler whose {@code type()} returns null or throws is left out (logged at WARN once, with
     * its key), so that it fails only the calls that may have needed it (see
     * {@link Snapshot#note()}), not every call of every codec.
     */
    static Snapshot snapshot() {
        listen();
        Map<Class<?>, Entry> map = new HashMap<>();
        List<Broken> broken = new ArrayList<>();
        for (Domain d : new Domain[] {Domain.GLOBAL, Domain.INTERNAL}) {
            for (SKReg.Entry<CerealHandler<?>> e : CerealHandlerReg.of(d).entries()) {
                Class<?> type = typeOf(d, e.key(), e.value(), broken);
                if (type != null) {
                    map.put(type, new Entry(e.key(), e.value(), type));
                }
            }
        }
        return new Snapshot(Map.copyOf(map), List.copyOf(broken));
    }

    /**
     * The type of a registered handler, or null (with a WARN, once per handler) if its
     * {@code type()} returns null or throws.
     *
     * @param broken where to add the handler if it is broken; may be null
     */
    private static Class<?> typeOf(Domain domain, String key, CerealHandler<?> handler, List<Broken> broken) {
        String defect;
        try {
            Class<?> type = handler.type();
            if (type != null) {
                return type;
            }
            defect = "its type() returned null";
        } catch (RuntimeException | LinkageError e) {
            // LinkageError: a handler for a class of an optional library that is not there (NoClassDefFoundError)
            defect = "its type() threw " + e;
        }
        if (broken != null) {
            broken.add(new Broken(domain, key, defect));
        }
        if (WARNED.add(domain + "/" + key + "@" + System.identityHashCode(handler))) {
            LOG.warn("CerealHandler '{}' in the {} registry ({}) is skipped by the internal codec because {}: types it"
                    + " was meant for are carried by the built-in rules, or refused. Fix its type() to return the handled"
                    + " class, or remove it from CerealHandlerReg.", key, domain, handler.getClass().getName(), defect);
        }
        return null;
    }

    /**
     * The handler for a type: its own, else the nearest superclass's, else the nearest interface's.
     * Interfaces are searched breadth-first over the supertypes of {@code type} (a type's superclass,
     * then the interfaces it declares in declaration order), so an interface fewer inheritance
     * steps away wins, and among equally near ones the one met first in that order; the choice does
     * not depend on the order of the handler map.
     */
    static Entry find(Map<Class<?>, Entry> handlers, Class<?> type) {
        if (handlers.isEmpty()) {
            return null;
        }
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            Entry e = handlers.get(c);
            if (e != null) {
                return e;
            }
        }
        ArrayDeque<Class<?>> queue = new ArrayDeque<>();
        Set<Class<?>> seen = new HashSet<>();
        queue.add(type);
        seen.add(type);
        while (!queue.isEmpty()) {
            Class<?> c = queue.poll();
            if (c.isInterface()) {
                Entry e = handlers.get(c);
                if (e != null) {
                    return e;
                }
            }
            Class<?> superclass = c.getSuperclass();
            if (superclass != null && seen.add(superclass)) {
                queue.add(superclass);
            }
            for (Class<?> i : c.getInterfaces()) {
                if (seen.add(i)) {
                    queue.add(i);
                }
            }
        }
        return null;
    }
}
