/**
 * Threads and component workers managed by a {@link dev.suitkaise.thread.SKThreader}.
 *
 * <p>{@link dev.suitkaise.thread.SKThreader#get()} is the process's threader. It starts named
 * threads ({@link dev.suitkaise.thread.SKThread}, configured by a
 * {@link dev.suitkaise.thread.ThreadSpec}) whose life follows the
 * {@link dev.suitkaise.thread.ThreadState} machine, keeps one long-lived
 * {@link dev.suitkaise.thread.SKWorker} per component name that runs submitted functions one at a
 * time in submission order, runs registered initializers on every thread it creates, gives
 * per-thread objects through {@link dev.suitkaise.thread.SKThreader#local}, lists what runs
 * ({@link dev.suitkaise.thread.ThreadInfo}) and stops everything with a bounded grace, reporting
 * what did not finish ({@link dev.suitkaise.thread.StopReport}).
 *
 * <p>No parameter of this package accepts null unless its documentation says so (as for a listener);
 * a null argument elsewhere throws a {@link NullPointerException} whose message names the parameter,
 * except a spec's component, which is refused with an {@link IllegalArgumentException} as documented.
 */
package dev.suitkaise.thread;
