package dev.suitkaise.process;

import dev.suitkaise.reg.Domain;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * Settings of the {@link SKProcessCommander}: the budget of child processes for the whole
 * program, each domain's share of it, and what a spawn over budget does. All of them can be
 * changed at run time through the commander.
 *
 * @param maxProcesses the most child processes alive at once, over both domains
 * @param quotas the most child processes per domain (INTERNAL, EXTERNAL); a domain without an
 *     entry may use the whole budget
 * @param policy what a spawn over budget or quota does
 * @param maxWait how long a spawn waits under {@link QuotaPolicy#WAIT}
 */
public record CommanderConfig(int maxProcesses, Map<Domain, Integer> quotas, QuotaPolicy policy, Duration maxWait) {

    /**
     * Creates a configuration.
     *
     * @param maxProcesses positive
     * @param quotas non-negative per domain; no GLOBAL entry
     * @param policy the policy
     * @param maxWait not negative
     */
    public CommanderConfig {
        if (maxProcesses < 1) {
            throw new IllegalArgumentException("maxProcesses must be positive, was " + maxProcesses);
        }
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(maxWait, "maxWait");
        if (maxWait.isNegative()) {
            throw new IllegalArgumentException("maxWait must not be negative, was " + maxWait);
        }
        EnumMap<Domain, Integer> copy = new EnumMap<>(Domain.class);
        Objects.requireNonNull(quotas, "quotas").forEach((d, q) -> {
            checkQuota(d, q);
            copy.put(d, q);
        });
        quotas = Map.copyOf(copy);
    }

    static void checkQuota(Domain domain, Integer quota) {
        Objects.requireNonNull(domain, "domain");
        Objects.requireNonNull(quota, "quota");
        if (!domain.isRestricted()) {
            throw new IllegalArgumentException("Domain GLOBAL has no process manager and no quota; use INTERNAL or EXTERNAL.");
        }
        if (quota < 0) {
            throw new IllegalArgumentException("The quota of " + domain + " must not be negative, was " + quota);
        }
    }

    /**
     * The defaults: {@code max(4, 4 * available processors)} processes, no per-domain quota,
     * {@link QuotaPolicy#FAIL}, a maximum wait of 30 seconds.
     *
     * @return the default configuration
     */
    public static CommanderConfig defaults() {
        return builder().build();
    }

    /**
     * A builder starting from the defaults.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /** Builds a {@link CommanderConfig}. Not thread-safe. */
    public static final class Builder {
        private int maxProcesses = Math.max(4, 4 * Runtime.getRuntime().availableProcessors());
        private final Map<Domain, Integer> quotas = new EnumMap<>(Domain.class);
        private QuotaPolicy policy = QuotaPolicy.FAIL;
        private Duration maxWait = Duration.ofSeconds(30);

        private Builder() {
        }

        /**
         * The most child processes alive at once.
         *
         * @param max positive
         * @return this builder
         */
        public Builder maxProcesses(int max) {
            this.maxProcesses = max;
            return this;
        }

        /**
         * The most child processes of one domain alive at once.
         *
         * @param domain INTERNAL or EXTERNAL
         * @param quota not negative
         * @return this builder
         */
        public Builder quota(Domain domain, int quota) {
            checkQuota(domain, quota);
            quotas.put(domain, quota);
            return this;
        }

        /**
         * What a spawn over budget does.
         *
         * @param policy the policy
         * @return this builder
         */
        public Builder policy(QuotaPolicy policy) {
            this.policy = Objects.requireNonNull(policy, "policy");
            return this;
        }

        /**
         * How long a spawn waits for a slot under {@link QuotaPolicy#WAIT}.
         *
         * @param maxWait not negative
         * @return this builder
         */
        public Builder maxWait(Duration maxWait) {
            this.maxWait = Objects.requireNonNull(maxWait, "maxWait");
            return this;
        }

        /**
         * Builds the configuration.
         *
         * @return the configuration
         */
        public CommanderConfig build() {
            return new CommanderConfig(maxProcesses, quotas, policy, maxWait);
        }
    }
}
