/**
 * Suitkaise test kit: test support shared by the tests of the Suitkaise modules (not published).
 * It depends on no Suitkaise module, so every module's tests may use it.
 */
module dev.suitkaise.testkit {
    requires transitive org.junit.jupiter.api;
    requires com.google.common.testlib;
    requires java.management;

    exports dev.suitkaise.testkit;
}
