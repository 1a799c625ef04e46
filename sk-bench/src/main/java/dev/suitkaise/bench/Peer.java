package dev.suitkaise.bench;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Names the benchmark a Suitkaise benchmark is compared with: the plain JDK or library form of
 * the same work. {@link BenchMain} prints the two side by side with the ratio
 * <i>this time / peer time</i>, so lower is better and 1.0 means "as fast as the peer".
 *
 * <pre>{@code
 * @Benchmark public Object plainMapGet(Cursor c) { ... }
 *
 * @Benchmark @Peer("plainMapGet") @Goal(maxRatio = 3.0)
 * public Object internalGet(Cursor c) { ... }
 * }</pre>
 *
 * <p>A peer is a JMH {@code @Benchmark} method: a bare method name means a method of the same
 * class; a name with dots is the fully qualified {@code package.Class.method}. When the run is
 * narrowed by a pattern, the peers of the selected benchmarks are run too. Benchmarks with
 * {@code @Param}s are paired with the peer result that has the same values for the parameters
 * both share.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Peer {

    /**
     * The peer benchmark: a method name in the same class, or {@code package.Class.method}.
     *
     * @return the peer's name
     */
    String value();
}
