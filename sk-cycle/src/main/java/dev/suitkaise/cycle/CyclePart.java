package dev.suitkaise.cycle;

import dev.suitkaise.function.AnyFunction;
import dev.suitkaise.function.SKFunction;
import dev.suitkaise.function.SKFunctions;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * One unit of work in a cycle: what to run (an {@link SKFunction}), its name (unique within a
 * cycle), where it runs, how its errors are treated, its timeout, and optionally a validator of its
 * output and a condition. Immutable and thread-safe; build one with {@link #builder(String, AnyFunction)}.
 *
 * <p>A part never runs its function on the caller's thread: the function runs where {@link #where()}
 * says (a pooled thread, a component worker, or a managed child process, see {@link Where}), and may
 * read {@link CycleContext#current()} there. The timeout covers all attempts of the part in one run:
 * when it runs out the thread running the part is interrupted (in a child process, the child is told
 * to interrupt it); an attempt still waiting for its thread in this process (in a busy worker's
 * mailbox) is taken off instead, never runs, and the part ends TIMED_OUT saying it did not start. A condition and validators always run in this process, on a pooled thread or the
 * part's worker.
 */
public final class CyclePart implements CycleElement {

    private final String name;
    private final SKFunction<?> function;
    private final Where where;
    private final ErrorMode errorMode;
    private final Duration timeout;
    private final Predicate<Object> validator;
    private final Predicate<CycleContext> condition;

    private CyclePart(Builder b) {
        this.name = b.name;
        this.function = b.function;
        this.where = b.where;
        this.errorMode = b.errorMode;
        this.timeout = b.timeout;
        this.validator = b.validator;
        this.condition = b.condition;
    }

    /**
     * Starts a builder with the defaults: {@link Where#here()}, {@link ErrorMode#cleanFail()}, no
     * timeout, no validator, no condition.
     *
     * @param name the part's name (not blank; unique within a cycle)
     * @param function what to run; a lambda is converted to an {@link SKFunction}
     * @return the builder
     */
    public static Builder builder(String name, AnyFunction<?> function) {
        return new Builder(name, function);
    }

    /**
     * Creates a part with all defaults.
     *
     * @param name the part's name (not blank; unique within a cycle)
     * @param function what to run
     * @return the part
     */
    public static CyclePart of(String name, AnyFunction<?> function) {
        return builder(name, function).build();
    }

    @Override
    public String name() {
        return name;
    }

    /**
     * Returns the function the part runs.
     *
     * @return the function
     */
    public SKFunction<?> function() {
        return function;
    }

    /**
     * Returns where the part runs.
     *
     * @return the placement
     */
    public Where where() {
        return where;
    }

    /**
     * Returns how the part's errors are treated.
     *
     * @return the error mode
     */
    public ErrorMode errorMode() {
        return errorMode;
    }

    /**
     * Returns the part's timeout over all its attempts in one run.
     *
     * @return the timeout, empty for none
     */
    public Optional<Duration> timeout() {
        return Optional.ofNullable(timeout);
    }

    /**
     * Returns the validator of the part's output.
     *
     * @return the validator, empty for none
     */
    public Optional<Predicate<Object>> validator() {
        return Optional.ofNullable(validator);
    }

    /**
     * Returns the part's own condition (the builder's {@code when} adds to it).
     *
     * @return the condition, empty for none
     */
    public Optional<Predicate<CycleContext>> condition() {
        return Optional.ofNullable(condition);
    }

    /**
     * Registers this part under its name in the {@link dev.suitkaise.reg.Domain#GLOBAL} {@link CycleReg}.
     * Thread-safe.
     *
     * @return this part
     * @throws dev.suitkaise.reg.SKRegException if the name is taken
     */
    public CyclePart register() {
        return register(CycleReg.of(dev.suitkaise.reg.Domain.GLOBAL));
    }

    /**
     * Registers this part under its name in the given registry. Thread-safe.
     *
     * @param registry the registry
     * @return this part
     * @throws dev.suitkaise.reg.SKRegException if the name is taken
     */
    public CyclePart register(CycleReg registry) {
        Objects.requireNonNull(registry, "register: registry is null; call register() for the GLOBAL registry");
        registry.register(name, this);
        return this;
    }

    @Override
    public String toString() {
        return "CyclePart[" + name + ", " + where + ", " + errorMode + (timeout == null ? "" : ", timeout " + timeout) + "]";
    }

    /**
     * Builds a {@link CyclePart}. Not thread-safe.
     */
    public static final class Builder {
        private final String name;
        private final SKFunction<?> function;
        private Where where = Where.here();
        private ErrorMode errorMode = ErrorMode.cleanFail();
        private Duration timeout;
        private Predicate<Object> validator;
        private Predicate<CycleContext> condition;

        private Builder(String name, AnyFunction<?> function) {
            Objects.requireNonNull(name, "name");
            if (name.isBlank()) {
                throw new IllegalArgumentException("a part's name must not be blank");
            }
            this.name = name;
            this.function = SKFunctions.convert(Objects.requireNonNull(function, "function"));
        }

        /**
         * Sets where the part runs.
         *
         * @param where the placement
         * @return this builder
         */
        public Builder where(Where where) {
            this.where = Objects.requireNonNull(where, "where");
            return this;
        }

        /**
         * Sets how the part's errors are treated.
         *
         * @param mode the error mode
         * @return this builder
         */
        public Builder errorMode(ErrorMode mode) {
            this.errorMode = Objects.requireNonNull(mode, "mode");
            return this;
        }

        /**
         * Sets the timeout over all attempts of the part in one run. A timeout longer than 10,000 days
         * counts as 10,000 days (practically none).
         *
         * @param timeout a positive duration
         * @return this builder
         */
        public Builder timeout(Duration timeout) {
            Objects.requireNonNull(timeout, "timeout");
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("a part's timeout must be positive, got " + timeout);
            }
            this.timeout = timeout;
            return this;
        }

        /**
         * Sets a validator of the part's output; a rejected output fails the attempt with a
         * {@link CycleValidationException}. It runs on the part's thread.
         *
         * @param validator true to accept
         * @return this builder
         */
        public Builder validator(Predicate<Object> validator) {
            this.validator = Objects.requireNonNull(validator, "validator");
            return this;
        }

        /**
         * Sets a condition checked on the part's thread before each run of the part: when it does not
         * hold, the part and its subtree end SKIPPED.
         *
         * @param condition true to run
         * @return this builder
         */
        public Builder condition(Predicate<CycleContext> condition) {
            this.condition = Objects.requireNonNull(condition, "condition");
            return this;
        }

        /**
         * Builds the part.
         *
         * @return the part
         */
        public CyclePart build() {
            return new CyclePart(this);
        }
    }
}
