package dev.suitkaise.bench;

import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * What a benchmark method declares with {@link Peer} and {@link Goal}: its peer's fully
 * qualified name and, optionally, the largest acceptable ratio to the peer.
 *
 * @param benchmark the declaring benchmark, {@code package.Class.method}
 * @param peer the peer benchmark, {@code package.Class.method}
 * @param maxRatio the goal's largest acceptable ratio, or empty without a goal
 * @param note the goal's note, or empty
 */
public record PeerSpec(String benchmark, String peer, OptionalDouble maxRatio, String note) {

    /**
     * Validates the declaration.
     *
     * @param benchmark the declaring benchmark
     * @param peer the peer benchmark
     * @param maxRatio the goal's ratio, or empty
     * @param note the goal's note, or empty
     */
    public PeerSpec {
        Objects.requireNonNull(benchmark, "benchmark");
        Objects.requireNonNull(peer, "peer");
        Objects.requireNonNull(maxRatio, "maxRatio");
        Objects.requireNonNull(note, "note");
        if (maxRatio.isPresent() && !(maxRatio.getAsDouble() > 0 && Double.isFinite(maxRatio.getAsDouble()))) {
            throw new IllegalArgumentException("@Goal(maxRatio = " + maxRatio.getAsDouble() + ") on " + benchmark
                    + " must be a positive finite ratio, such as 3.0 for 'within 3x of the peer'.");
        }
        if (peer.equals(benchmark)) {
            throw new IllegalArgumentException("@Peer on " + benchmark + " names the benchmark itself; name the plain"
                    + " JDK or library benchmark it is compared with.");
        }
    }

    /**
     * Reads the {@link Peer} and {@link Goal} annotations of a benchmark method.
     *
     * @param benchmark the benchmark, {@code package.Class.method}, as JMH names it
     * @param loader the class loader to find the benchmark classes in
     * @return the declaration, or empty if the method has no {@code @Peer}
     * @throws IllegalArgumentException if the benchmark or its peer cannot be found, if it has a
     *     {@code @Goal} without a {@code @Peer}, or if the goal is not a positive ratio
     */
    public static Optional<PeerSpec> declaredOn(String benchmark, ClassLoader loader) {
        Method method = findMethod(benchmark, loader, "Benchmark " + benchmark);
        Peer peer = method.getAnnotation(Peer.class);
        Goal goal = method.getAnnotation(Goal.class);
        if (peer == null) {
            if (goal != null) {
                throw new IllegalArgumentException("Benchmark " + benchmark + " has a @Goal but no @Peer; a goal is a"
                        + " ratio to a peer, so add @Peer(\"peerMethod\") naming the benchmark it is compared with.");
            }
            return Optional.empty();
        }
        String peerName = peer.value().strip();
        if (peerName.isEmpty()) {
            throw new IllegalArgumentException("@Peer on " + benchmark + " is blank; name a method of the same class"
                    + " or package.Class.method.");
        }
        String qualified = peerName.contains(".")
                ? peerName
                : benchmark.substring(0, benchmark.lastIndexOf('.') + 1) + peerName;
        findMethod(qualified, loader, "The peer " + qualified + " named by @Peer on " + benchmark);
        return Optional.of(new PeerSpec(benchmark, qualified,
                goal == null ? OptionalDouble.empty() : OptionalDouble.of(goal.maxRatio()),
                goal == null ? "" : goal.note().strip()));
    }

    /**
     * Reads the declarations of a benchmark with {@link PeerSpec}'s own class loader.
     *
     * @param benchmark the benchmark, {@code package.Class.method}
     * @return the declaration, or empty if the method has no {@code @Peer}
     * @throws IllegalArgumentException as {@link #declaredOn(String, ClassLoader)}
     */
    public static Optional<PeerSpec> declaredOn(String benchmark) {
        return declaredOn(benchmark, PeerSpec.class.getClassLoader());
    }

    private static Method findMethod(String qualified, ClassLoader loader, String what) {
        int dot = qualified.lastIndexOf('.');
        if (dot <= 0 || dot == qualified.length() - 1) {
            throw new IllegalArgumentException(what + " is not of the form package.Class.method.");
        }
        String className = qualified.substring(0, dot);
        String methodName = qualified.substring(dot + 1);
        Class<?> type = loadClass(className, loader).orElseThrow(() -> new IllegalArgumentException(
                what + " names class " + className + ", which is not on the class path."));
        List<Method> found = Arrays.stream(type.getDeclaredMethods())
                .filter(m -> m.getName().equals(methodName) && !m.isSynthetic())
                .toList();
        if (found.size() != 1) {
            throw new IllegalArgumentException(what + " names method " + methodName + ", of which class " + className
                    + " declares " + found.size() + "; it must declare exactly one benchmark method of that name.");
        }
        return found.get(0);
    }

    /**
     * Loads a class by its binary name or by its canonical name, as JMH may name nested classes
     * ({@code pkg.Outer.Inner} for {@code pkg.Outer$Inner}).
     */
    private static Optional<Class<?>> loadClass(String name, ClassLoader loader) {
        String candidate = name;
        while (true) {
            try {
                return Optional.of(Class.forName(candidate, false, loader));
            } catch (ClassNotFoundException e) {
                int dot = candidate.lastIndexOf('.');
                if (dot < 0) {
                    return Optional.empty();
                }
                candidate = candidate.substring(0, dot) + "$" + candidate.substring(dot + 1);
            }
        }
    }
}
