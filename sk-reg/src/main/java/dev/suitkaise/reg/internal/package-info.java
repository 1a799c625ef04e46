/**
 * Implementation of sk-reg: caller checks with per-class verdict caches, the in-process global
 * storage, typed views of globals, and the snapshot file format. Not exported; may change in any
 * release.
 */
package dev.suitkaise.reg.internal;
