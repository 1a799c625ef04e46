/**
 * Suitkaise stored functions: {@link dev.suitkaise.function.SKFunction} (a callable with bound
 * arguments, a name and metadata), the one accepted function type
 * {@link dev.suitkaise.function.AnyFunction}, the per-domain registry
 * {@link dev.suitkaise.function.SKFunctionReg} with lazy {@link dev.suitkaise.function.AutoReg}
 * auto-registration, the variants {@link dev.suitkaise.function.SKLambda},
 * {@link dev.suitkaise.function.SKGenerator} and {@link dev.suitkaise.function.SKAsync}, and the
 * modifiers retry, timeout, rate limit and background.
 *
 * <p>Functions call user code through {@link java.lang.invoke.MethodHandle}s. Members that are
 * not public in an exported package need either a {@link java.lang.invoke.MethodHandles.Lookup}
 * handed to the builder or a package opened to this module.
 */
module dev.suitkaise.function {
    requires transitive dev.suitkaise.reg;
    requires org.slf4j;

    exports dev.suitkaise.function;

    // Functions travel to other processes through sk-cereal's internal codec, when it is present.
    requires static dev.suitkaise.cereal;
    opens dev.suitkaise.function to dev.suitkaise.cereal;
    opens dev.suitkaise.function.internal to dev.suitkaise.cereal;
}
