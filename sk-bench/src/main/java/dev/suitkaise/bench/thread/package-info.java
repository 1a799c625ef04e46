/**
 * Benchmarks of sk-thread: starting and joining a thread with an empty body through
 * {@code SKThreader} beside a raw {@code Thread.ofVirtual().start(r).join()} and a raw platform
 * thread, and a worker's submit round trip beside a single-thread {@code ExecutorService}. The
 * issue's goal is within 1.5x of the raw forms.
 */
package dev.suitkaise.bench.thread;
