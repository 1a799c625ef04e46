package dev.suitkaise.thread;

import dev.suitkaise.function.AnyFunction;
import dev.suitkaise.function.SKFunction;
import dev.suitkaise.reg.CodeRoot;
import dev.suitkaise.reg.Domain;
import dev.suitkaise.reg.DomainRoots;
import dev.suitkaise.reg.SKGlobal;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.function.Function;

/**
 * Hands registry machinery to Suitkaise threads as code outside every domain root would.
 * {@code OutsideCodeOnThreadsTest} copies this class into a temporary directory and defines it from
 * there; it must stay free of nested classes (lambdas and method references compile to none).
 */
public final class OutsideThreadUser implements Function<String, Object> {

    /** Creates the user. */
    public OutsideThreadUser() {
    }

    @Override
    public Object apply(String action) {
        try (SKThreader threader = SKThreader.builder().name("outside-user").build()) {
            switch (action) {
                case "storage-directly":
                    return SKGlobal.storage();
                case "storage-method-reference":
                    return resultOf(threader.start("deputy", (AnyFunction<Object>) SKGlobal::storage));
                case "storage-function":
                    return resultOf(threader.start("deputy",
                            SKFunction.builder().target(SKGlobal.class.getMethod("storage")).build()));
                case "promote-self":
                    return resultOf(threader.start("deputy", SKFunction.builder()
                            .target(DomainRoots.class.getMethod("add", Domain.class, CodeRoot[].class))
                            .arg(Domain.INTERNAL)
                            .arg(new CodeRoot[] {CodeRoot.locationOf(OutsideThreadUser.class)})
                            .build()));
                default:
                    throw new IllegalArgumentException("Unknown action " + action);
            }
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The thread's result, or what its body threw. */
    private static Object resultOf(SKThread<?> thread) {
        try {
            return thread.result(Duration.ofSeconds(30));
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
