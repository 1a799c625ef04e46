package dev.suitkaise.function;

import dev.suitkaise.reg.Domain;

/**
 * The child side of {@code AutoRegistrationTest}'s domain test. The test copies this class into a
 * directory that the child makes an INTERNAL root, ahead of the test classes on the class path,
 * so this class may open the INTERNAL function registry while {@link AutoRegistered} (loaded from
 * the test classes) lies under no root. Prints one {@code key=value} line per finding.
 */
public final class AutoRegDomainChild {

    private AutoRegDomainChild() {
    }

    /**
     * Looks the annotated methods up in the INTERNAL and GLOBAL registries.
     *
     * @param args unused
     */
    public static void main(String[] args) {
        SKFunctionReg internal = SKFunctionReg.of(Domain.INTERNAL);
        System.out.println("internal-lookup=" + internal.lookup("auto.ping").isPresent());
        System.out.println("internal-registered=" + internal.registerAutoRegistered());
        System.out.println("internal-keys=" + internal.keys());
        System.out.println("global-lookup=" + SKFunctionReg.global().lookup("auto.ping").isPresent());
    }
}
