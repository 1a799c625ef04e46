package dev.suitkaise.testkit;

/** A class {@link CopiedUser} uses; copied too or left with the tests, depending on the test. */
public final class Helper {

    private Helper() {
    }
}
