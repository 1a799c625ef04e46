package dev.suitkaise.process.internal;

import dev.suitkaise.process.QuotaPolicy;
import dev.suitkaise.process.SKProcessException;
import dev.suitkaise.process.SKQuotaExceededException;
import dev.suitkaise.reg.Domain;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;

/** The parent's commander seen from a child: every call is one request over the channel. Thread-safe. */
final class RemoteAuthority implements Authority {

    private final ChildRuntime rt;

    RemoteAuthority(ChildRuntime rt) {
        this.rt = rt;
    }

    private Frame.Reply call(Frame.CommanderOp op, Domain domain, long amount, String who) {
        Frame.Reply r = rt.call(id -> new Frame.CommanderCall(id, op, domain == null ? null : domain.name(), amount, who));
        Frame.RemoteError e = r.error();
        if (e != null) {
            String message = e.message() == null ? e.className() : e.message();
            if (e.className().equals(SKQuotaExceededException.class.getName())) {
                throw new SKQuotaExceededException(message);
            }
            if (e.className().equals(IllegalArgumentException.class.getName())) {
                throw new IllegalArgumentException(message);
            }
            throw new SKProcessException("The commander of the parent (pid " + rt.parentPid() + ") of process '" + rt.name()
                    + "' failed " + op + ": " + Errors.summary(e));
        }
        return r;
    }

    @Override
    public void acquire(Domain domain, String who) {
        call(Frame.CommanderOp.ACQUIRE, Objects.requireNonNull(domain, "domain"), 0, who);
    }

    @Override
    public boolean tryAcquire(Domain domain, String who) {
        return call(Frame.CommanderOp.TRY_ACQUIRE, Objects.requireNonNull(domain, "domain"), 0, who).number() == 1;
    }

    @Override
    public void release(Domain domain) {
        call(Frame.CommanderOp.RELEASE, Objects.requireNonNull(domain, "domain"), 0, null);
    }

    @Override
    public int maxProcesses() {
        return (int) call(Frame.CommanderOp.GET_MAX, null, 0, null).number();
    }

    @Override
    public void setMaxProcesses(int max) {
        call(Frame.CommanderOp.SET_MAX, null, max, null);
    }

    @Override
    public int quota(Domain domain) {
        return (int) call(Frame.CommanderOp.GET_QUOTA, Objects.requireNonNull(domain, "domain"), 0, null).number();
    }

    @Override
    public void setQuota(Domain domain, int quota) {
        call(Frame.CommanderOp.SET_QUOTA, Objects.requireNonNull(domain, "domain"), quota, null);
    }

    @Override
    public int running(Domain domain) {
        return (int) call(Frame.CommanderOp.RUNNING, Objects.requireNonNull(domain, "domain"), 0, null).number();
    }

    @Override
    public int waiting(Domain domain) {
        return (int) call(Frame.CommanderOp.WAITING, Objects.requireNonNull(domain, "domain"), 0, null).number();
    }

    @Override
    public QuotaPolicy policy() {
        Frame.Reply r = call(Frame.CommanderOp.GET_POLICY, null, 0, null);
        return QuotaPolicy.valueOf(new String(r.value(), StandardCharsets.UTF_8));
    }

    @Override
    public Duration maxWait() {
        return Duration.ofMillis(call(Frame.CommanderOp.GET_POLICY, null, 0, null).number());
    }

    @Override
    public void setPolicy(QuotaPolicy policy, Duration maxWait) {
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(maxWait, "maxWait");
        rt.call(id -> new Frame.CommanderCall(id, Frame.CommanderOp.SET_POLICY, policy.name(), maxWait.toMillis(), null));
    }

    @Override
    public boolean remote() {
        return true;
    }
}
