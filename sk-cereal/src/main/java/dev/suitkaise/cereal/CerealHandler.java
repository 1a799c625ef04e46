package dev.suitkaise.cereal;

/**
 * Teaches the internal codec a type: how to extract its state and how to rebuild it.
 *
 * <p>Register a handler in {@link CerealHandlerReg} (domain GLOBAL for user code, INTERNAL for
 * Suitkaise's own systems); a registered handler takes precedence over every built-in rule, for
 * its type and for subclasses that have no handler of their own. The type becomes allowed for
 * deserialization. Both processes must register the same handler under the same key.
 *
 * <p>A handler's type may be an interface; it then applies to the classes implementing it. When
 * several handlers apply to a class, the one for the class itself wins, else the one for its
 * nearest superclass, else the one for its nearest interface: the interfaces are searched
 * breadth-first over the class's supertypes (each type's superclass, then the interfaces it
 * declares, in declaration order), so an interface fewer inheritance steps away wins, and among
 * equally near ones the one met first in that order. For {@code class C implements A, B} with
 * handlers for both {@code A} and {@code B}, the handler for {@code A} is used.
 *
 * <p>A module can also provide handlers as services ({@code provides dev.suitkaise.cereal.CerealHandler
 * with ...} in its module-info, or a {@code META-INF/services/dev.suitkaise.cereal.CerealHandler}
 * file on the class path; the class needs a public no-argument constructor): the codec registers
 * them in the INTERNAL registry under {@code service:<type name>} the first time it looks for
 * handlers.
 *
 * <p>The state returned by {@link #extract} is serialized by the codec like any other graph, so it
 * may be a record, a collection or any other supported value; it must not refer back to the
 * handled object. Implementations must be thread-safe.
 *
 * @param <T> the handled type
 */
public interface CerealHandler<T> {

    /**
     * The handled type. Must return the same non-null class every time: a handler whose
     * {@code type()} returns null or throws is skipped by the codec (logged once at WARN with its
     * key), so the types it was meant for fall back to the built-in rules or are refused, and the
     * message of a call that then fails names the skipped handler.
     *
     * @return the class this handler serializes, never null
     */
    Class<T> type();

    /**
     * Extracts the state to carry.
     *
     * @param value the object being serialized, never null
     * @return its state, serializable by the internal codec; may be null
     */
    Object extract(T value);

    /**
     * Rebuilds an object from the state {@link #extract} returned.
     *
     * @param state the deserialized state
     * @return the rebuilt object, an instance of {@link #type()}
     */
    T reconstruct(Object state);
}
