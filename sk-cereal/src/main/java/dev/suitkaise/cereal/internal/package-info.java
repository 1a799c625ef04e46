/**
 * Implementations of the two codecs: {@link dev.suitkaise.cereal.internal.KryoCereal} (internal,
 * Kryo, with its machinery in {@code dev.suitkaise.cereal.internal.kryo}) and
 * {@link dev.suitkaise.cereal.internal.ProtoCereal} (external, protobuf). Not exported.
 */
package dev.suitkaise.cereal.internal;
