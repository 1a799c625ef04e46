package dev.suitkaise.reg;

/**
 * A library class under the INTERNAL roots with operations of its own that only INTERNAL code may
 * use, decided by {@link SKAccess} for whoever called it; it also opens INTERNAL globals on its own
 * account. A top-level class, so that it is not in the nest of any test.
 */
public final class Gate {

    private Gate() {
    }

    /**
     * Whether the code calling this gate may open INTERNAL.
     *
     * @return the answer of {@link SKAccess#callerMayOpen}
     */
    public static Object mayOpenInternal() {
        return SKAccess.callerMayOpen(Domain.INTERNAL);
    }

    /**
     * Whether the code calling this gate may open INTERNAL, asked from a lambda of this gate: the
     * gate's own frames below it must be skipped too.
     *
     * @return the answer of {@link SKAccess#callerMayOpen}
     */
    public static Object mayOpenInternalFromItsOwnLambda() {
        java.util.function.Supplier<Object> ask = () -> SKAccess.callerMayOpen(Domain.INTERNAL);
        return ask.get();
    }

    /** Refuses callers that may not open INTERNAL. */
    public static void checkInternal() {
        SKAccess.checkCaller(Domain.INTERNAL, "use the gate");
    }

    /**
     * Opens an INTERNAL global map as this library's own bookkeeping.
     *
     * @param name the map's name
     * @return the map
     */
    public static GlobalMap<String, Object> ownInternalMap(String name) {
        return SKGlobal.map(Domain.INTERNAL, name);
    }
}
