package dev.suitkaise.cereal;

/**
 * An object that prepares itself for travel through the internal codec.
 *
 * <p>{@link #beforeSerialize()} runs just before the object is written (for example: ask its
 * threads to stop and gather their state into fields); {@link #afterDeserialize()} runs on the
 * rebuilt object once the whole graph has been read (for example: restart the threads). Both run
 * in graph order, parents before children, on the thread that calls the codec. An exception from
 * a hook fails the call with {@link SKCerealException} naming the object. {@code afterDeserialize()}
 * runs only once the whole graph was read and its root has the type the caller asked for; if one
 * throws, those that ran before it are not undone (what they started keeps running), which the
 * message says.
 */
public interface CerealPreparable {

    /** Called on the original object just before it is serialized. */
    default void beforeSerialize() {
    }

    /** Called on the rebuilt object after the whole graph has been deserialized. */
    default void afterDeserialize() {
    }
}
