package dev.suitkaise.process.internal;

import dev.suitkaise.process.CommanderConfig;
import dev.suitkaise.process.QuotaPolicy;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A commander's answer to a child's policy request (what sizes the child's wait for a slot): the
 * policy and the longest wait it carries held together at one moment, also when they change
 * while the answer is made. Without a child JVM: the call is handled as a parent's reader hands
 * it over, by a commander whose settings another thread changes after every read of them (as a
 * middle JVM's commander, its own parent's, may change between two requests).
 */
class PolicyAnswerTest {

    private static final Duration LONG = Duration.ofMinutes(5);

    /** Reads the budget's settings, and after every read changes them to the other pair. */
    private static final class ChangedAfterEachRead extends ForwardingAuthority {
        private final Budget budget;

        ChangedAfterEachRead(Budget budget) {
            super(budget);
            this.budget = budget;
        }

        private <T> T thenChange(T read) {
            if (budget.policy() == QuotaPolicy.WAIT) {
                budget.setPolicy(QuotaPolicy.FAIL, Duration.ZERO);
            } else {
                budget.setPolicy(QuotaPolicy.WAIT, LONG);
            }
            return read;
        }

        @Override public QuotaPolicy policy() { return thenChange(budget.policy()); }
        @Override public Duration maxWait() { return thenChange(budget.maxWait()); }
        @Override public Policy policyAndMaxWait() { return thenChange(budget.policyAndMaxWait()); }
        @Override public boolean remote() { return true; }
    }

    @Test
    void thePolicyAndLongestWaitAnsweredTogetherHeldTogetherThoughTheyChangedMeanwhile() {
        Budget budget = new Budget(CommanderConfig.builder().policy(QuotaPolicy.WAIT).maxWait(LONG).build());
        Authority changing = new ChangedAfterEachRead(budget);

        Frame.Reply r = Commanders.handle(new Frame.CommanderCall(1, Frame.CommanderOp.GET_POLICY, null, 0, null), changing,
                new HeldSlots());

        assertThat(r.error()).isNull();
        assertThat(Map.entry(QuotaPolicy.valueOf(new String(r.value(), StandardCharsets.UTF_8)), r.number()))
                .as("policy and longest wait (ms) answered")
                .isIn(Map.entry(QuotaPolicy.WAIT, LONG.toMillis()), Map.entry(QuotaPolicy.FAIL, 0L));
    }
}
