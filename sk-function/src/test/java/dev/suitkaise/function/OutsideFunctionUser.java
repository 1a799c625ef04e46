package dev.suitkaise.function;

import dev.suitkaise.reg.CodeRoot;
import dev.suitkaise.reg.Domain;
import dev.suitkaise.reg.DomainRoots;
import dev.suitkaise.reg.SKGlobal;
import dev.suitkaise.reg.SKGlobalStorage;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.time.Duration;
import java.util.function.Function;

/**
 * Builds and runs functions as code outside every domain root would. {@code OutsideCode} copies
 * this class into a temporary directory and defines it from there; it must stay free of nested
 * classes (lambdas and method references are fine: they compile to no class file of their own).
 */
public final class OutsideFunctionUser implements Function<String, Object> {

    /** Creates the user. */
    public OutsideFunctionUser() {
    }

    @Override
    public Object apply(String action) {
        try {
            switch (action) {
                case "storage-directly":
                    return SKGlobal.storage();
                case "storage-method-reference":
                    return SKFunctions.convert((AnyFunction<SKGlobalStorage>) SKGlobal::storage).execute();
                case "storage-static-method":
                    return SKFunction.builder().target(SKGlobal.class.getMethod("storage")).build().execute();
                case "storage-with-timeout":
                    return SKFunction.builder().target(SKGlobal.class.getMethod("storage")).build()
                            .timeout(Duration.ofSeconds(30)).execute();
                case "storage-through-invoke-with-arguments": {
                    MethodHandle storage = MethodHandles.publicLookup().findStatic(SKGlobal.class, "storage",
                            MethodType.methodType(SKGlobalStorage.class));
                    return SKFunction.builder()
                            .target(MethodHandle.class.getMethod("invokeWithArguments", Object[].class), storage)
                            .arg(new Object[0]).build().execute();
                }
                case "internal-map-with-extra-argument":
                    return SKFunction.builder().target(SKGlobal.class, "map", Domain.class, String.class)
                            .arg(Domain.INTERNAL).build().execute("outside.map");
                case "global-map-with-extra-argument":
                    return SKFunction.builder().target(SKGlobal.class, "map", Domain.class, String.class)
                            .arg(Domain.GLOBAL).build().execute("outside.map");
                case "promote-self":
                    return SKFunction.builder()
                            .target(DomainRoots.class.getMethod("add", Domain.class, CodeRoot[].class))
                            .arg(Domain.INTERNAL)
                            .arg(new CodeRoot[] {CodeRoot.locationOf(OutsideFunctionUser.class)})
                            .build().execute();
                case "build-storage-function":
                    return SKFunction.builder().target(SKGlobal.class.getMethod("storage")).build();
                default:
                    throw new IllegalArgumentException("Unknown action " + action);
            }
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }
}
