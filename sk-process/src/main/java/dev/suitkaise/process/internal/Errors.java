package dev.suitkaise.process.internal;

import dev.suitkaise.cereal.InternalCereal;
import dev.suitkaise.cereal.SKCerealException;

import java.util.ArrayList;
import java.util.List;

/** Turns exceptions into {@link Frame.RemoteError}s and back. */
final class Errors {

    private static final int MAX_FRAMES = 64;

    private Errors() {
    }

    /**
     * Describes an exception for the other process, with the exception itself when it can be
     * serialized.
     *
     * @param t the exception
     * @param codec the payload codec
     * @return the description
     */
    static Frame.RemoteError of(Throwable t, InternalCereal codec) {
        List<String> stack = new ArrayList<>();
        for (StackTraceElement e : t.getStackTrace()) {
            if (stack.size() == MAX_FRAMES) {
                stack.add("...");
                break;
            }
            stack.add(e.toString());
        }
        for (Throwable c = t.getCause(); c != null && c != t && stack.size() < 2 * MAX_FRAMES; c = c.getCause()) {
            stack.add("Caused by: " + c);
        }
        byte[] original;
        try {
            original = codec == null ? null : codec.serialize(t);
        } catch (SKCerealException | StackOverflowError e) {
            original = null;
        }
        return new Frame.RemoteError(t.getClass().getName(), t.getMessage(), List.copyOf(stack), original);
    }

    /**
     * Rebuilds the original exception, if it travelled and can be read.
     *
     * @param e the description
     * @param codec the payload codec
     * @return the exception, or null
     */
    static Throwable original(Frame.RemoteError e, InternalCereal codec) {
        if (e.original() == null) {
            return null;
        }
        try {
            return codec.deserialize(e.original(), Throwable.class);
        } catch (SKCerealException ex) {
            return null;
        }
    }

    /**
     * A one-line summary: class and message.
     *
     * @param e the description
     * @return the summary
     */
    static String summary(Frame.RemoteError e) {
        return e.message() == null ? e.className() : e.className() + ": " + e.message();
    }
}
