package dev.suitkaise.bench.function;

/**
 * The static methods the function benchmarks call. Results stay within the {@link Integer} cache
 * (-128..127), so the boxing that every {@code Object}-returning path pays allocates nothing and
 * the measurements show call overhead, not allocation.
 */
public final class BenchTargets {

    private static final Integer ZERO_RESULT = 42;

    private BenchTargets() {
    }

    /**
     * No arguments.
     *
     * @return a constant
     */
    public static Integer zero() {
        return ZERO_RESULT;
    }

    /**
     * Two arguments.
     *
     * @param a first
     * @param b second
     * @return a small mix of both
     */
    public static int two(int a, int b) {
        return (a * 31 + b) & 63;
    }

    /**
     * Four arguments.
     *
     * @param a first
     * @param b second
     * @param c third
     * @param d fourth
     * @return a small mix of all four
     */
    public static int four(int a, int b, int c, int d) {
        return ((a * 31 + b) * 31 + c * 7 + d) & 63;
    }
}
