package dev.suitkaise.process.internal;

import dev.suitkaise.process.CommanderConfig;
import dev.suitkaise.process.QuotaPolicy;
import dev.suitkaise.process.SKProcessException;
import dev.suitkaise.process.SKQuotaExceededException;
import dev.suitkaise.reg.Domain;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/** The process budget held by the top commander. Thread-safe (one monitor). */
public final class Budget implements Authority {

    private static final Logger LOG = LoggerFactory.getLogger(Budget.class);

    private int max;
    private final Map<Domain, Integer> quotas = new EnumMap<>(Domain.class);
    private final Map<Domain, Integer> used = new EnumMap<>(Domain.class);
    private final Map<Domain, Integer> waiting = new EnumMap<>(Domain.class);
    private QuotaPolicy policy;
    private Duration maxWait;

    /**
     * Creates a budget.
     *
     * @param config the initial settings
     */
    public Budget(CommanderConfig config) {
        this.max = config.maxProcesses();
        this.quotas.putAll(config.quotas());
        this.policy = config.policy();
        this.maxWait = config.maxWait();
    }

    private static void restricted(Domain domain) {
        Objects.requireNonNull(domain, "domain");
        if (!domain.isRestricted()) {
            throw new IllegalArgumentException("Domain GLOBAL has no processes; use INTERNAL or EXTERNAL.");
        }
    }

    private int total() {
        return used.values().stream().mapToInt(Integer::intValue).sum();
    }

    private String shortage(Domain domain) {
        int u = used.getOrDefault(domain, 0);
        Integer q = quotas.get(domain);
        if (q != null && u >= q) {
            return "the " + domain + " quota of " + q + " process(es) is used up (" + u + " running)";
        }
        if (total() >= max) {
            return "the budget of " + max + " process(es) is used up (" + total() + " running)";
        }
        return null;
    }

    /**
     * {@inheritDoc} Waits on this budget's monitor; {@code cancel} wakes it with a
     * {@code notifyAll} there.
     */
    @Override
    public void acquire(Domain domain, String who, SlotCancel cancel) {
        Objects.requireNonNull(cancel, "cancel");
        SlotCancel.Registration registration = cancel.onCancel(this::wake);
        try {
            waitForSlot(domain, who, cancel);
        } finally {
            registration.close();
        }
    }

    private synchronized void wake() {
        notifyAll();
    }

    private synchronized void waitForSlot(Domain domain, String who, SlotCancel cancel) {
        restricted(domain);
        long deadline = System.nanoTime() + maxWait.toNanos();
        String shortage = shortage(domain);
        while (shortage != null) {
            long left = deadline - System.nanoTime();
            if (policy == QuotaPolicy.FAIL || left <= 0) {
                throw new SKQuotaExceededException("Cannot start process '" + who + "' in " + domain + ": " + shortage
                        + (policy == QuotaPolicy.WAIT ? " and no slot freed within " + maxWait : "")
                        + ". Stop a process, or raise the limit with SKProcessCommander.setMaxProcesses / setQuota"
                        + (policy == QuotaPolicy.FAIL ? ", or choose QuotaPolicy.WAIT." : "."));
            }
            if (cancel.isCancelled()) { // checked under this monitor, which its wake-up takes: no wake-up is missed
                throw new SKProcessException("The wait of process '" + who + "' for a slot in " + domain + " was cancelled.");
            }
            waiting.merge(domain, 1, Integer::sum);
            try {
                wait(Math.max(1, left / 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SKProcessException("Interrupted while process '" + who + "' waited for a slot in " + domain + ".", e);
            } finally {
                waiting.computeIfPresent(domain, (d, n) -> n <= 1 ? null : n - 1);
            }
            shortage = shortage(domain);
        }
        used.merge(domain, 1, Integer::sum);
        LOG.debug("Slot taken by '{}' in {}: {} of {} in use", who, domain, total(), max);
    }

    @Override
    public synchronized boolean tryAcquire(Domain domain, String who) {
        restricted(domain);
        if (shortage(domain) != null) {
            return false;
        }
        used.merge(domain, 1, Integer::sum);
        LOG.debug("Slot taken by '{}' in {} without waiting: {} of {} in use", who, domain, total(), max);
        return true;
    }

    @Override
    public synchronized void release(Domain domain) {
        restricted(domain);
        used.computeIfPresent(domain, (d, n) -> n <= 1 ? null : n - 1);
        notifyAll();
    }

    @Override
    public synchronized int maxProcesses() {
        return max;
    }

    @Override
    public synchronized void setMaxProcesses(int max) {
        if (max < 1) {
            throw new IllegalArgumentException("maxProcesses must be positive, was " + max);
        }
        this.max = max;
        notifyAll();
    }

    @Override
    public synchronized int quota(Domain domain) {
        restricted(domain);
        return quotas.getOrDefault(domain, max);
    }

    @Override
    public synchronized void setQuota(Domain domain, int quota) {
        restricted(domain);
        if (quota < 0) {
            throw new IllegalArgumentException("The quota of " + domain + " must not be negative, was " + quota);
        }
        quotas.put(domain, quota);
        notifyAll();
    }

    @Override
    public synchronized int running(Domain domain) {
        restricted(domain);
        return used.getOrDefault(domain, 0);
    }

    @Override
    public synchronized int waiting(Domain domain) {
        restricted(domain);
        return waiting.getOrDefault(domain, 0);
    }

    @Override
    public synchronized Policy policyAndMaxWait() {
        return new Policy(policy, maxWait);
    }

    @Override
    public synchronized void setPolicy(QuotaPolicy policy, Duration maxWait) {
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(maxWait, "maxWait");
        if (maxWait.isNegative()) {
            throw new IllegalArgumentException("maxWait must not be negative, was " + maxWait);
        }
        this.policy = policy;
        this.maxWait = maxWait;
        notifyAll();
    }

    @Override
    public boolean remote() {
        return false;
    }
}
