/**
 * Benchmarks of sk-cycle: one run of a 1,000-part in-process cycle (mixed splits and chains of
 * no-op parts) beside the same DAG written with {@code CompletableFuture}s on a cached thread pool,
 * goal within 2x; and the cost per part of a part in a warm child process beside sk-process's raw
 * task round trip to that child, goal within 1.5x.
 */
package dev.suitkaise.bench.cycle;
