package dev.suitkaise.function;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Registers a static method as a function, without arguments, the first time it is needed: when
 * a registry is asked for the name ({@link SKFunction#get(String)},
 * {@link SKFunctionReg#function(String)}, {@link SKFunctionReg#lookup(String)}) or asked to
 * execute it ({@link SKFunctionReg#execute(String, Object...)}) and holds no such name yet.
 *
 * <p><b>How annotated methods are found: a class scan, no agent, no annotation processor.</b> On
 * the first miss in any registry, the process scans once for classes whose constant pool mentions
 * this annotation: every directory and jar of {@code java.class.path} and the contents of every
 * module of the boot layer except the JDK's ({@code java.*}, {@code jdk.*}). Only class files
 * whose bytes contain the annotation's descriptor are loaded (without initializing them); the
 * others are only read. The result is cached for the life of the process; later misses cost a
 * map lookup. {@link SKFunctionReg#rescanAutoRegistrations()} forgets the cache (for code loaded
 * later). The scan can be limited to package prefixes with the system property
 * {@code suitkaise.function.autoreg.packages} (comma-separated, e.g. {@code com.acme,org.foo})
 * and switched off with {@code suitkaise.function.autoreg=false}.
 *
 * <p><b>Access.</b> The method must be static. It is called through a lookup into its class when
 * its package is open to {@code dev.suitkaise.function} (always so on the class path), otherwise
 * through the public lookup, which needs a public method of a public class in an exported package.
 *
 * <p><b>Domains.</b> The {@link dev.suitkaise.reg.Domain#GLOBAL} registry takes every annotated
 * method; the INTERNAL and EXTERNAL registries take only methods whose declaring class lies under
 * that domain's roots, so an annotation cannot place code in a domain it does not belong to.
 *
 * <p>Two annotated methods with the same name: the first one found wins and a warning is logged.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface AutoReg {

    /**
     * The registry key; empty means {@code SimpleClassName.methodName}.
     *
     * @return the name
     */
    String name() default "";

    /**
     * A description stored with the function.
     *
     * @return the description
     */
    String description() default "";
}
