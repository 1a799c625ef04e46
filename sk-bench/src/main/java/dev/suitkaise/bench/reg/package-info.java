/**
 * Benchmarks of sk-reg, the registries: reading an entry of a GLOBAL registry, of an INTERNAL
 * registry opened once, of an INTERNAL registry that checks its caller on every call, and opening
 * plus reading on every call, each beside a plain {@link java.util.concurrent.ConcurrentHashMap}
 * read. The goal is a checked read within 3x of the plain map read.
 */
package dev.suitkaise.bench.reg;
