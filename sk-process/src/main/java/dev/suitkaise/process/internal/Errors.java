package dev.suitkaise.process.internal;

import dev.suitkaise.cereal.InternalCereal;
import dev.suitkaise.cereal.SKCerealClassNotAllowedException;
import dev.suitkaise.cereal.SKCerealException;

import java.util.ArrayList;
import java.util.List;

/** Turns exceptions into {@link Frame.RemoteError}s and back. */
final class Errors {

    private static final int MAX_FRAMES = 64;

    /**
     * The class name of a {@link Frame.RemoteError} that says a task could not be read in the
     * child, so it never ran; no Java class has this name. Its message is {@link #unreadable}'s.
     */
    static final String TASK_NOT_READ = "sk-process:task-not-read";

    /** What to do in sk-process, where sk-process builds both ends' codecs. */
    static final String ALLOW_ADVICE = "sk-process builds the codecs of both the parent and its children: allow the class"
            + " for every child of a manager with SKProcessManager.allowClasses or .allowPackages, for one process with"
            + " ProcessSpec.Builder.allowClasses or .allowPackages, or place its code under a domain root in the parent"
            + " (SKRoot.registerDomainRoots(), DomainRoots.add from INTERNAL code, or -Dsuitkaise.domain.external=...)."
            + " A child takes its allow-list and roots when it is spawned; one already running keeps those it has.";

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
     * Describes a task the child could not read, for {@link #TASK_NOT_READ}.
     *
     * @param e the codec's failure
     * @param codec the payload codec, to send the failure itself along
     * @return the description, with sk-process's advice
     */
    static Frame.RemoteError taskNotRead(SKCerealException e, InternalCereal codec) {
        Frame.RemoteError base = of(e, codec);
        return new Frame.RemoteError(TASK_NOT_READ, unreadable(e), base.stack(), base.original());
    }

    /**
     * The message of a codec's failure to read a value that sk-process carried: a class refused by
     * the allow-list gets sk-process's remedies instead of those of a codec built by hand
     * ({@code InternalCereal.builder()}, a {@code CerealHandler}), which do not reach the codec of
     * the other process.
     *
     * @param e the failure
     * @return its message, with the advice that applies in sk-process
     */
    static String unreadable(SKCerealException e) {
        SKCerealClassNotAllowedException refused = refusedClass(e);
        if (refused == null) {
            return String.valueOf(e.getMessage());
        }
        return "Class " + refused.className() + " is not allowed to be deserialized, so the input was refused before any"
                + " of its code ran. " + ALLOW_ADVICE;
    }

    /** The allow-list's refusal among a failure and its causes, or null. */
    private static SKCerealClassNotAllowedException refusedClass(Throwable failure) {
        Throwable t = failure;
        for (int depth = 0; t != null && depth < MAX_FRAMES; depth++) {
            if (t instanceof SKCerealClassNotAllowedException refused) {
                return refused;
            }
            t = t.getCause() == t ? null : t.getCause();
        }
        return null;
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
