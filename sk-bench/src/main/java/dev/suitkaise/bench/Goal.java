package dev.suitkaise.bench;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The goal of a benchmark that has a {@link Peer}: its time may be at most {@link #maxRatio}
 * times the peer's. {@link BenchMain} states the goal beside the measured ratio and whether the
 * measurement meets it; it does not fail the run when a goal is missed.
 *
 * <p>The goal is met when the measured ratio is at most {@code maxRatio}. The report also flags
 * a verdict whose confidence interval (JMH's score error, carried over to the ratio) spans the
 * goal, since a rerun may then decide the other way.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Goal {

    /**
     * The largest acceptable ratio of this benchmark's time to its peer's time.
     *
     * @return a positive ratio, for example {@code 3.0} for "within 3x of the peer"
     */
    double maxRatio();

    /**
     * Why the goal is what it is, or what to know when reading the verdict; shown under the table.
     *
     * @return a short sentence, or empty
     */
    String note() default "";
}
