package dev.suitkaise.process.internal;

import dev.suitkaise.cereal.InternalCereal;
import dev.suitkaise.cereal.SKCereal;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** The codecs of sk-process. Thread-safe. */
public final class Codecs {

    /**
     * Frames: only this package's records and JDK types. The frame classes are registered, so a
     * frame names its class by a small number instead of its name.
     */
    static final InternalCereal ENVELOPE = InternalCereal.builder()
            .allowPackages(Codecs.class.getPackageName())
            .registerClasses(frameClasses())
            .allowDomainRoots(false)
            .build();

    /** System property the child's default codec reads its extra allowed classes from. */
    static final String ALLOW_PROPERTY = "suitkaise.cereal.allow";

    private Codecs() {
    }

    /**
     * The classes frames are made of: every kind of frame and the types of their fields declared
     * in {@link Frame}.
     *
     * @return the classes, in no particular order (registration numbers follow their names)
     */
    static Class<?>[] frameClasses() {
        List<Class<?>> classes = new ArrayList<>(List.of(Frame.class.getPermittedSubclasses()));
        classes.add(Frame.GlobalOp.class);
        classes.add(Frame.CommanderOp.class);
        classes.add(Frame.RemoteError.class);
        return classes.toArray(Class<?>[]::new);
    }

    /**
     * A codec for user values that allows, beyond the defaults, some class names and package
     * prefixes ({@code com.acme.*}).
     *
     * @param entries the extra entries
     * @param loader loads the named classes
     * @return {@link SKCereal#internal()} if there are none, else a new codec
     */
    public static InternalCereal payload(List<String> entries, ClassLoader loader) {
        if (entries.isEmpty()) {
            return SKCereal.internal();
        }
        InternalCereal.Builder b = InternalCereal.builder();
        for (String e : entries) {
            if (e.endsWith(".*")) {
                b.allowPackages(e.substring(0, e.length() - 2));
            } else {
                try {
                    b.allowClasses(Class.forName(e, false, loader));
                } catch (ClassNotFoundException ex) {
                    throw new IllegalArgumentException("Class " + e + " to allow cannot be found by " + loader, ex);
                }
            }
        }
        return b.build();
    }

    /**
     * The value of {@value #ALLOW_PROPERTY} for a child: the parent's own entries plus these.
     *
     * @param entries the extra entries
     * @return the comma-separated list, or null if empty
     */
    static String allowProperty(List<String> entries) {
        Set<String> all = new LinkedHashSet<>();
        String parent = System.getProperty(ALLOW_PROPERTY);
        if (parent != null && !parent.isBlank()) {
            for (String p : parent.split(",")) {
                if (!p.isBlank()) {
                    all.add(p.strip());
                }
            }
        }
        all.addAll(entries);
        return all.isEmpty() ? null : String.join(",", new ArrayList<>(all));
    }
}
