package dev.suitkaise.cereal.internal.kryo;

import dev.suitkaise.cereal.CerealHandler;
import dev.suitkaise.cereal.CerealHandlerReg;
import dev.suitkaise.reg.Domain;
import dev.suitkaise.reg.OnDuplicate;
import dev.suitkaise.reg.SKReg;

import java.util.HashMap;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The handlers registered in the GLOBAL and INTERNAL {@link CerealHandlerReg}s, as a snapshot that
 * is rebuilt after every change (a listener bumps the generation).
 */
public final class Handlers {

    /** A handler with the key it is registered under. */
    record Entry(String key, CerealHandler<?> handler) {
    }

    private static final AtomicLong GENERATION = new AtomicLong(1);
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Handlers.class);

    /** Key prefix of handlers registered from {@link ServiceLoader} providers. */
    public static final String SERVICE_KEY_PREFIX = "service:";
    private static volatile boolean listening;

    private Handlers() {
    }

    private static void listen() {
        if (listening) {
            return;
        }
        synchronized (Handlers.class) {
            if (!listening) {
                for (Domain d : new Domain[] {Domain.GLOBAL, Domain.INTERNAL}) {
                    CerealHandlerReg.of(d).addListener(event -> GENERATION.incrementAndGet());
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
            } catch (java.util.ServiceConfigurationError | RuntimeException e) {
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

    /** Takes a snapshot of the handlers, exact type to entry, INTERNAL winning over GLOBAL. */
    static Map<Class<?>, Entry> snapshot() {
        listen();
        Map<Class<?>, Entry> map = new HashMap<>();
        for (Domain d : new Domain[] {Domain.GLOBAL, Domain.INTERNAL}) {
            for (SKReg.Entry<CerealHandler<?>> e : CerealHandlerReg.of(d).entries()) {
                map.put(e.value().type(), new Entry(e.key(), e.value()));
            }
        }
        return Map.copyOf(map);
    }

    /** The handler for a type: its own, else the nearest superclass's or interface's. */
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
        for (Map.Entry<Class<?>, Entry> e : handlers.entrySet()) {
            if (e.getKey().isInterface() && e.getKey().isAssignableFrom(type)) {
                return e.getValue();
            }
        }
        return null;
    }
}
