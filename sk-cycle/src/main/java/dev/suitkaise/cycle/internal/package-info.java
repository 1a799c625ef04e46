/**
 * Implementation of the cycle engine: the slot tree, the thread pool of parts and the run
 * coordinator. Not exported.
 */
package dev.suitkaise.cycle.internal;
