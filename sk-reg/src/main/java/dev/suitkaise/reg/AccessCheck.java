package dev.suitkaise.reg;

/**
 * When a registry of a restricted domain checks its caller.
 *
 * <p>Finding the calling class takes a stack walk (a few hundred nanoseconds), so the default
 * checks once, when a registry is {@linkplain SKReg#open opened}: the instance returned is a
 * capability, as a {@link java.lang.invoke.MethodHandles.Lookup} is, and code that is handed
 * it may use it. {@link #EVERY_CALL} checks the caller of every operation instead; verdicts are
 * cached per calling class, so the cost is the stack walk alone.
 *
 * <p>The process-wide default is read once from the system property
 * {@code suitkaise.reg.accessCheck} ({@code ON_OPEN} or {@code EVERY_CALL}).
 */
public enum AccessCheck {
    /** Check the caller when the registry is opened; operations on the instance are not checked. */
    ON_OPEN,
    /** Check the caller when the registry is opened and on every operation. */
    EVERY_CALL;

    /**
     * The process-wide default, from {@code -Dsuitkaise.reg.accessCheck}.
     *
     * @return {@link #ON_OPEN} unless the property names another value
     * @throws SKRegException if the property holds an unknown value
     */
    public static AccessCheck processDefault() {
        String v = System.getProperty("suitkaise.reg.accessCheck");
        if (v == null || v.isBlank()) {
            return ON_OPEN;
        }
        try {
            return valueOf(v.strip().toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new SKRegException("System property suitkaise.reg.accessCheck='" + v
                    + "' is not one of ON_OPEN, EVERY_CALL; fix or remove it.");
        }
    }
}
