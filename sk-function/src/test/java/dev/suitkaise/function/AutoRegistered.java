package dev.suitkaise.function;

import java.util.concurrent.atomic.AtomicInteger;

/** Methods that register themselves on first use; nothing lists them. */
public final class AutoRegistered {

    static final AtomicInteger PINGS = new AtomicInteger();

    private AutoRegistered() {
    }

    /**
     * Registered as "auto.ping".
     *
     * @return the number of pings so far
     */
    @AutoReg(name = "auto.ping", description = "counts pings")
    public static int ping() {
        return PINGS.incrementAndGet();
    }

    /**
     * Registered under its default name, AutoRegistered.shout; takes its argument at execute time.
     *
     * @param word the word
     * @return the word in upper case
     */
    @AutoReg
    static String shout(String word) {
        return word.toUpperCase();
    }

    /**
     * Registered as "auto.private", reached through a private lookup since the package is the module's own.
     *
     * @return a constant
     */
    @AutoReg(name = "auto.private")
    private static String hidden() {
        return "hidden";
    }

    /**
     * Ignored: instance methods are not auto-registered.
     *
     * @return never registered
     */
    @AutoReg(name = "auto.instance")
    public String instance() {
        return "no";
    }
}
