/**
 * The Kryo machinery of the internal codec: {@link dev.suitkaise.cereal.internal.kryo.Rules} decides
 * for every class how it is carried and whether it may be instantiated,
 * {@link dev.suitkaise.cereal.internal.kryo.CerealKryo} applies those rules with an allow-listing
 * class resolver, {@link dev.suitkaise.cereal.internal.kryo.BoundedInput} bounds every declared
 * length by the input, the serializers cover JDK and hard objects through public API only, and
 * {@link dev.suitkaise.cereal.internal.kryo.GraphChecker} finds what cannot be carried with object
 * paths. Not exported.
 */
package dev.suitkaise.cereal.internal.kryo;
