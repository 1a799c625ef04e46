package dev.suitkaise.cereal.internal.kryo;

/** Decides which classes Java serialization inside the internal codec may instantiate. */
interface AllowPolicy {

    /**
     * Whether Java serialization (for classes with custom serialization methods) may resolve a class.
     *
     * @param type the class named in the Java serialization stream
     * @return true if allowed
     */
    boolean allowedInJavaSerialization(Class<?> type);
}
