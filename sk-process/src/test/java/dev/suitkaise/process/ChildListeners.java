package dev.suitkaise.process;

import dev.suitkaise.reg.Domain;
import dev.suitkaise.reg.SKGlobal;
import dev.suitkaise.reg.Subscription;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Global listeners that live in a child JVM: each tells the parent, as a plain message
 * "{@code tag key=newValue}", every change it sees.
 */
final class ChildListeners {

    private static final Map<String, Subscription> SUBSCRIPTIONS = new ConcurrentHashMap<>();

    private ChildListeners() {
    }

    /** In a child: listens to a GLOBAL map under a tag; returns once the subscription is in place. */
    static String listen(String map, String tag) {
        SKChildContext me = SKProcess.current().orElseThrow();
        Subscription s = SKGlobal.<String, Object>map(Domain.GLOBAL, map)
                .onChange(c -> me.tell(tag + " " + c.key() + "=" + c.newValue()));
        SUBSCRIPTIONS.put(tag, s);
        return me.name() + " listens to " + map + " as " + tag;
    }

    /** In a child: listens to a GLOBAL value under a tag. */
    static String listenToValue(String value, String tag) {
        SKChildContext me = SKProcess.current().orElseThrow();
        Subscription s = SKGlobal.<Integer>value(Domain.GLOBAL, value)
                .onChange(c -> me.tell(tag + " " + c.key() + "=" + c.newValue()));
        SUBSCRIPTIONS.put(tag, s);
        return me.name() + " listens to value " + value + " as " + tag;
    }

    /**
     * In a child: a listener that throws an {@link AssertionError} and leaves its thread interrupted,
     * registered before the reporting listener of {@link #listen}.
     */
    static String listenBadly(String map, String tag) {
        Subscription bad = SKGlobal.<String, Object>map(Domain.GLOBAL, map).onChange(c -> {
            Thread.currentThread().interrupt();
            throw new AssertionError("a failing listener");
        });
        SUBSCRIPTIONS.put(tag + "-bad", bad);
        return listen(map, tag);
    }

    /** In a child: closes the subscription of a tag. */
    static boolean close(String tag) {
        Subscription s = SUBSCRIPTIONS.remove(tag);
        if (s == null) {
            return false;
        }
        s.close();
        return true;
    }
}
