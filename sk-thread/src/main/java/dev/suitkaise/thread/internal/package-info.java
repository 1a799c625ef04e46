/**
 * Implementation of sk-thread: the threader core with its registry of live threads, the thread
 * and worker handles with their lock-free state machines, the mailbox, and the per-thread context
 * behind {@code SKThread.stopRequested()} and {@code SKThreader.local}. Not exported; may change in
 * any release.
 */
package dev.suitkaise.thread.internal;
