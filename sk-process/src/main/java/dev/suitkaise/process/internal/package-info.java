/**
 * Implementation of sk-process, not exported: the wire frames and the socket channel, the
 * connection server with its token handshake, the child launcher and bootstrap, the process
 * handles with their restart logic, the process budget and the cross-process global storage.
 */
package dev.suitkaise.process.internal;
