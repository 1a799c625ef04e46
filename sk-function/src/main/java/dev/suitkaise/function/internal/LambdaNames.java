package dev.suitkaise.function.internal;

import java.lang.invoke.SerializedLambda;
import java.lang.reflect.Method;
import java.util.Optional;

/**
 * Names lambdas automatically from their {@link SerializedLambda} when it can be read: a method
 * reference as {@code Type::method}, a lambda as {@code CapturingClass.lambda$method$N}. Otherwise
 * from the lambda's class name. Reading the serialized form needs the capturing class's package to
 * be open to this module (always so on the class path). Thread-safe.
 */
public final class LambdaNames {

    private LambdaNames() {
    }

    /**
     * The serialized form of a lambda, if it can be read here.
     *
     * @param lambda the lambda
     * @return its serialized form, or empty
     */
    public static Optional<SerializedLambda> serializedForm(Object lambda) {
        Class<?> type = lambda.getClass();
        if (!type.isSynthetic() && !type.isHidden()) {
            return Optional.empty();
        }
        try {
            Method writeReplace = type.getDeclaredMethod("writeReplace");
            writeReplace.setAccessible(true);
            return writeReplace.invoke(lambda) instanceof SerializedLambda s ? Optional.of(s) : Optional.empty();
        } catch (ReflectiveOperationException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /**
     * An automatic name for a lambda.
     *
     * @param lambda the lambda
     * @return the name
     */
    public static String nameOf(Object lambda) {
        Optional<SerializedLambda> form = serializedForm(lambda);
        if (form.isPresent()) {
            SerializedLambda s = form.get();
            String impl = simple(s.getImplClass());
            if (s.getImplMethodName().startsWith("lambda$")) {
                return simple(s.getCapturingClass()) + "." + s.getImplMethodName();
            }
            return impl + "::" + s.getImplMethodName();
        }
        String name = lambda.getClass().getName();
        int hidden = name.indexOf('/');
        name = hidden >= 0 ? name.substring(0, hidden) : name;
        return "lambda:" + name.substring(name.lastIndexOf('.') + 1) + "@" + Integer.toHexString(System.identityHashCode(lambda));
    }

    private static String simple(String internalName) {
        String dotted = internalName.replace('/', '.');
        return dotted.substring(dotted.lastIndexOf('.') + 1);
    }
}
