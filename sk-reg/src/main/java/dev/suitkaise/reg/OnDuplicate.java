package dev.suitkaise.reg;

/**
 * What {@link SKReg#register(String, Object, OnDuplicate)} does when the key is taken.
 */
public enum OnDuplicate {
    /** Fail with {@link SKRegException}; the registry is unchanged. The default. */
    RAISE,
    /** Replace the value (fires {@link RegEvent.Kind#REPLACED}); creation time and access count are kept. */
    OVERWRITE,
    /** Keep the existing value and return its key; no event fires. */
    IGNORE,
    /** Register under the first free key of {@code key_1}, {@code key_2}, ... */
    CREATE_NEW
}
