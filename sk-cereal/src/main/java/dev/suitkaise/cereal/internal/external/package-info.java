/**
 * The external codec's implementation (not exported). {@link
 * dev.suitkaise.cereal.internal.external.ValueEncoder} walks Java values and writes the protobuf
 * wire format of {@code suitkaise/cereal/v1/value.proto} directly into one growing buffer (nested
 * lengths are patched in place), and {@link dev.suitkaise.cereal.internal.external.ValueDecoder}
 * reads that wire format straight into plain or requested Java types, checking the limits as it
 * goes. No intermediate message tree is built in either direction; the reflective view of user
 * records and classes is computed once per class ({@link
 * dev.suitkaise.cereal.internal.external.ObjectModel}).
 */
package dev.suitkaise.cereal.internal.external;
