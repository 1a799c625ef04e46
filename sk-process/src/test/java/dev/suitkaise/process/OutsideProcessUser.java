package dev.suitkaise.process;

import dev.suitkaise.function.AnyFunction;
import dev.suitkaise.function.SKFunction;
import dev.suitkaise.function.SKFunctions;
import dev.suitkaise.reg.Domain;

import java.util.function.Function;

/**
 * Reaches sk-process's gates as code outside every domain root would, directly and through
 * stored functions (which sk-function, INTERNAL code, runs). {@code OutsideCodeGatesTest} copies
 * this class into a temporary directory and defines it from there; it must stay free of nested
 * classes (lambdas and method references compile to none).
 */
public final class OutsideProcessUser implements Function<String, Object> {

    /** Creates the user. */
    public OutsideProcessUser() {
    }

    @Override
    public Object apply(String action) {
        try {
            return switch (action) {
                case "commander-directly" -> SKProcessCommander.current();
                case "commander-method-reference" ->
                        SKFunctions.convert((AnyFunction<SKProcessCommander>) SKProcessCommander::current).execute();
                case "manager-directly" -> SKProcessManager.of(Domain.INTERNAL);
                case "manager-function" -> SKFunction.builder()
                        .target(SKProcessManager.class.getMethod("of", Domain.class)).arg(Domain.INTERNAL).build().execute();
                default -> throw new IllegalArgumentException("Unknown action " + action);
            };
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }
}
