package dev.suitkaise.process;

import dev.suitkaise.process.internal.Authority;
import dev.suitkaise.process.internal.Commanders;
import dev.suitkaise.reg.Domain;
import dev.suitkaise.reg.SKAccess;
import dev.suitkaise.reg.SKAccessException;

import java.time.Duration;
import java.util.Objects;

/**
 * The top of a program's process tree: holds the budget of child processes and its division
 * between the INTERNAL and EXTERNAL {@link SKProcessManager}s, hosts the cross-process global
 * storage that {@link dev.suitkaise.reg.SKGlobal} uses in every process of the program, and shuts
 * the tree down.
 *
 * <p>There is one per program. {@link #start(CommanderConfig)} creates it with explicit
 * settings; otherwise the first manager that needs it creates it with
 * {@link CommanderConfig#defaults()}. In a child process started by sk-process,
 * {@link #current()} is the parent's commander, reached over the child's channel: its budget is
 * the program's budget, and every call is a round trip to the parent.
 *
 * <p>Only INTERNAL code may reach the commander (it governs both domains). All methods are
 * thread-safe; the budget's changes take effect at once, and a spawn waiting under
 * {@link QuotaPolicy#WAIT} re-checks as soon as a limit is raised or a slot frees.
 */
public final class SKProcessCommander {

    private final Authority authority;

    private SKProcessCommander(Authority authority) {
        this.authority = authority;
    }

    /**
     * Creates the program's commander with explicit settings. Call it before any manager spawns.
     *
     * @param config the settings
     * @return the commander
     * @throws SKProcessException if a commander exists already, or if this JVM is a child (which
     *     uses its parent's commander)
     * @throws SKAccessException if the caller is not INTERNAL code
     */
    public static SKProcessCommander start(CommanderConfig config) {
        Objects.requireNonNull(config, "config");
        checkInternal("start the SKProcessCommander");
        return new SKProcessCommander(Commanders.start(config));
    }

    /**
     * The program's commander: created with the defaults if there is none yet; in a child, the
     * parent's.
     *
     * @return the commander
     * @throws SKAccessException if the caller is not INTERNAL code
     */
    public static SKProcessCommander current() {
        checkInternal("reach the SKProcessCommander");
        return new SKProcessCommander(Commanders.current());
    }

    /** Refuses callers outside INTERNAL, found as registries find them (see {@link SKAccess}). */
    private static void checkInternal(String what) {
        SKAccess.checkCaller(Domain.INTERNAL, what + " (only INTERNAL code governs the process budget)");
    }

    /**
     * Whether this is the parent's commander seen from a child process.
     *
     * @return true in a child started by sk-process
     */
    public boolean isRemote() {
        return authority.remote();
    }

    /**
     * The most child processes alive at once in the program, over both domains.
     *
     * @return the budget
     */
    public int maxProcesses() {
        return authority.maxProcesses();
    }

    /**
     * Changes the budget. Lowering it below the processes alive stops none of them; new spawns
     * wait or fail until enough have ended.
     *
     * @param max positive
     */
    public void setMaxProcesses(int max) {
        authority.setMaxProcesses(max);
    }

    /**
     * The most child processes of a domain alive at once.
     *
     * @param domain INTERNAL or EXTERNAL
     * @return its quota, or the whole budget if it has none
     */
    public int quota(Domain domain) {
        return authority.quota(domain);
    }

    /**
     * Changes a domain's quota.
     *
     * @param domain INTERNAL or EXTERNAL
     * @param quota not negative
     */
    public void setQuota(Domain domain, int quota) {
        authority.setQuota(domain, quota);
    }

    /**
     * How many processes of a domain hold a slot (alive, starting or restarting).
     *
     * @param domain INTERNAL or EXTERNAL
     * @return the count
     */
    public int running(Domain domain) {
        return authority.running(domain);
    }

    /**
     * How many spawns of a domain wait for a slot under {@link QuotaPolicy#WAIT}.
     *
     * @param domain INTERNAL or EXTERNAL
     * @return the count
     */
    public int waiting(Domain domain) {
        return authority.waiting(domain);
    }

    /**
     * What a spawn over budget or quota does.
     *
     * @return the policy
     */
    public QuotaPolicy policy() {
        return authority.policy();
    }

    /**
     * How long a spawn waits for a slot under {@link QuotaPolicy#WAIT}.
     *
     * @return the wait
     */
    public Duration maxWait() {
        return authority.maxWait();
    }

    /**
     * Changes what a spawn over budget or quota does.
     *
     * @param policy the policy
     * @param maxWait how long to wait under {@link QuotaPolicy#WAIT}; not negative
     */
    public void setPolicy(QuotaPolicy policy, Duration maxWait) {
        authority.setPolicy(policy, maxWait);
    }

    /**
     * Stops every child process this JVM started, and ends the spawns under way, through both
     * managers (see {@link SKProcessManager#shutdownAll(Duration)}); each child's own children die
     * with it.
     * Blocks at most {@code grace} plus about 15 seconds.
     *
     * @param grace how long each child may take to exit by itself
     */
    public void shutdownAll(Duration grace) {
        SKProcessManager.shutdownEverything(Objects.requireNonNull(grace, "shutdownAll: grace is null"));
    }

    @Override
    public String toString() {
        return "SKProcessCommander[" + (authority.remote() ? "remote" : "local") + "]";
    }
}
