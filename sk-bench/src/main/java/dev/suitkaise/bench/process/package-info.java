/**
 * Benchmarks of sk-process, each beside the floor it cannot beat: a warm child's task round trip
 * and a cross-process {@code SKGlobal} map read beside a raw socket ping-pong between the same
 * two JVMs ({@link dev.suitkaise.bench.process.EchoMain}, over a Unix domain socket as
 * sk-process's channel uses by default), and a child's spawn-to-ready beside a bare JVM start
 * (with, for information, a JVM that starts and connects back over a socket).
 * The goals: round trip within 2x of the ping-pong, global read within 1.5x of it,
 * spawn within 1.5x of the bare start. {@code sk-bench/python/multiprocessing_peers.py} compares
 * the same numbers with Python's {@code multiprocessing}.
 */
package dev.suitkaise.bench.process;
