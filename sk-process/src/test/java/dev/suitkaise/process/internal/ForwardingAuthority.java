package dev.suitkaise.process.internal;

import dev.suitkaise.process.QuotaPolicy;
import dev.suitkaise.reg.Domain;

import java.time.Duration;

/**
 * An {@link Authority} that passes every call to another, for tests that watch or change one or
 * two of its calls by overriding them.
 */
class ForwardingAuthority implements Authority {

    private final Authority delegate;

    ForwardingAuthority(Authority delegate) {
        this.delegate = delegate;
    }

    @Override public void acquire(Domain domain, String who, SlotCancel cancel) { delegate.acquire(domain, who, cancel); }
    @Override public boolean tryAcquire(Domain domain, String who) { return delegate.tryAcquire(domain, who); }
    @Override public boolean tryAcquire(Domain domain, String who, SlotCancel cancel) { return delegate.tryAcquire(domain, who, cancel); }
    @Override public void release(Domain domain) { delegate.release(domain); }
    @Override public int maxProcesses() { return delegate.maxProcesses(); }
    @Override public void setMaxProcesses(int max) { delegate.setMaxProcesses(max); }
    @Override public int quota(Domain domain) { return delegate.quota(domain); }
    @Override public void setQuota(Domain domain, int quota) { delegate.setQuota(domain, quota); }
    @Override public int running(Domain domain) { return delegate.running(domain); }
    @Override public int waiting(Domain domain) { return delegate.waiting(domain); }
    @Override public Policy policyAndMaxWait() { return delegate.policyAndMaxWait(); }
    @Override public QuotaPolicy policy() { return delegate.policy(); }
    @Override public Duration maxWait() { return delegate.maxWait(); }
    @Override public void setPolicy(QuotaPolicy policy, Duration maxWait) { delegate.setPolicy(policy, maxWait); }
    @Override public boolean remote() { return delegate.remote(); }
}
