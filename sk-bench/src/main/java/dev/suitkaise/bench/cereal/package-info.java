/**
 * Benchmarks of sk-cereal: a round trip (serialize, then deserialize) of the classic
 * jvm-serializers media content ({@link dev.suitkaise.bench.cereal.MediaContent}, plain records)
 * and of a 1,000-entry {@code Map<String, Long>}. {@link dev.suitkaise.bench.cereal.InternalCerealBenchmark}
 * runs the internal codec beside raw Kryo with registered classes (goal: within 1.25x) and beside
 * java.io serialization (goal: at least 10x faster);
 * {@link dev.suitkaise.bench.cereal.ExternalCerealBenchmark} runs the external codec beside
 * protobuf-java code generated from {@code src/main/proto/suitkaise/bench/cereal/v1/media.proto},
 * mapping included (goal: within 2.5x in time and 1.5x in size for documents written against a
 * registered {@code ExternalSchema}, the form for size-critical data; self-describing documents
 * are reported without a goal; the sizes are printed by the setup, since JMH measures time only).
 * {@code InternalCerealBenchmark} also runs raw Kryo beside java.io, without a goal, to show how
 * far Kryo itself is from the 10x goal on each payload.
 */
package dev.suitkaise.bench.cereal;
