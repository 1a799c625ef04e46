/**
 * Benchmarks of sk-cycle: one run of a 1,000-part in-process cycle (mixed splits and chains of
 * no-op parts) beside the same DAG written with {@code CompletableFuture}s on a cached thread pool,
 * whose goal is within 2x.
 */
package dev.suitkaise.bench.cycle;
