/**
 * The Suitkaise benchmark suite: JMH benchmarks of every module beside their plain JDK or
 * library peers, and the runner that prints them side by side.
 *
 * <p>{@link dev.suitkaise.bench.BenchMain} runs the benchmarks and reports each beside the peer
 * named by its {@link dev.suitkaise.bench.Peer} annotation, with the ratio of their times and
 * the verdict on its {@link dev.suitkaise.bench.Goal}. A module adds its benchmarks in a
 * subpackage ({@code dev.suitkaise.bench.reg}, {@code dev.suitkaise.bench.cereal}, ...), one
 * JMH class per area, with a peer benchmark and the annotations; nothing else needs registering.
 *
 * <p><b>Why this module has no module-info.</b> It runs on the class path, not the module path.
 * JMH's annotation processor generates harness classes into {@code <package>.jmh_generated}
 * packages and a {@code META-INF/BenchmarkList} resource; its runner finds them by reading that
 * resource from the class path, loads the generated classes reflectively by name in forked JVMs
 * it starts with {@code -cp}, and instantiates {@code @State} classes reflectively. A named module
 * would have to export and open every generated package, which cannot be listed before the
 * processor runs, and JMH's forks are not launched on the module path. sk-reg itself is used as a
 * plain jar here, which it supports: access checks then go by code location, which is why the
 * runner adds this module's location to the INTERNAL roots of the forked JVMs.
 */
package dev.suitkaise.bench;
