package dev.suitkaise.function;

import java.io.IOException;
import java.io.Serial;
import java.io.Serializable;
import java.util.concurrent.atomic.AtomicInteger;

/** Targets for the tests: every kind of callable. */
public final class Targets {

    static final AtomicInteger NOTHING_CALLS = new AtomicInteger();

    private Targets() {
    }

    /**
     * Adds two numbers.
     *
     * @param a the first
     * @param b the second
     * @return the sum
     */
    public static int add(int a, int b) {
        return a + b;
    }

    /**
     * Joins four strings with dashes.
     *
     * @param a first
     * @param b second
     * @param c third
     * @param d fourth
     * @return a-b-c-d
     */
    public static String join4(String a, String b, String c, String d) {
        return a + "-" + b + "-" + c + "-" + d;
    }

    /**
     * A greeting.
     *
     * @param greeting the word
     * @param name who
     * @return the greeting
     */
    public static String greet(String greeting, String name) {
        return greeting + ", " + name + "!";
    }

    /**
     * Always the same answer.
     *
     * @return 42
     */
    public static int answer() {
        return 42;
    }

    /**
     * Fails with a checked exception.
     *
     * @param what the message
     * @return never
     * @throws IOException always
     */
    public static String failChecked(String what) throws IOException {
        throw new IOException(what);
    }

    /**
     * Fails with an unchecked exception.
     *
     * @return never
     */
    public static String failUnchecked() {
        throw new IllegalStateException("unchecked failure");
    }

    /** Counts its calls and returns nothing. */
    public static void nothing() {
        NOTHING_CALLS.incrementAndGet();
    }

    private static String secret(String word) {
        return "secret " + word;
    }

    /** A record with a two-argument constructor. */
    public record Point(int x, int y) implements Serializable {
    }

    /** A serializable receiver for instance-method targets. */
    public static final class Multiplier implements Serializable {
        @Serial
        private static final long serialVersionUID = 1L;
        private final int factor;

        /**
         * Creates a multiplier.
         *
         * @param factor the factor
         */
        public Multiplier(int factor) {
            this.factor = factor;
        }

        /**
         * Multiplies.
         *
         * @param x the value
         * @return x times the factor
         */
        public int times(int x) {
            return x * factor;
        }

        @Override
        public String toString() {
            return "Multiplier(" + factor + ")";
        }
    }

    static String callSecret(String word) {
        return secret(word);
    }
}
