package dev.suitkaise.testkit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Repeats a scenario about work with a timeout, doubling the timeout while the work did not start
 * within it.
 *
 * <p>The timeouts of Suitkaise's parts and functions run from the hand-off of the work (to a pooled
 * thread, a new virtual thread or a child process), so on a loaded machine a timeout can run out
 * before the work's thread gets a processor: the work is then reported as not started (or, in a
 * child, stopped before it began), and what a scenario checks about running work cannot be seen. So
 * each round records whether its work started, and a round whose work had not started by the end
 * of its run is repeated with twice the timeout; the first round whose work started is checked in
 * full. Work that never starts fails the test once the timeout would exceed {@link #LAST}. In a
 * normal run the first round is the only one, and its short timeout keeps the test quick. A bug
 * that looks like late starting (work that never starts) still fails, after every round.
 * Stateless and thread-safe.
 */
public final class GrowingTimeout {

    /** The first round's timeout: ample for a thread to start on a machine that is not starved. */
    public static final Duration FIRST = Duration.ofMillis(250);

    /** The longest timeout tried: a machine that cannot start a thread within it is broken, not busy. */
    public static final Duration LAST = Duration.ofSeconds(10);

    private GrowingTimeout() {
    }

    /** One round of a scenario. */
    @FunctionalInterface
    public interface Round {
        /**
         * Runs the scenario with the work's timeout.
         *
         * @param timeout the work's timeout in this round
         * @return true if the work started and the round was checked in full; false if it may not
         *     have started within the timeout (nothing more was checked, and the round leaves nothing
         *     running that matters)
         * @throws Exception from the scenario
         */
        boolean run(Duration timeout) throws Exception;
    }

    /**
     * Runs rounds with the timeouts {@link #FIRST}, twice that, and so on up to {@link #LAST},
     * until one is checked in full. Blocks for as long as the rounds take.
     *
     * @param round the scenario
     * @throws Exception from the scenario
     * @throws AssertionError if no round was checked in full
     */
    public static void untilStarted(Round round) throws Exception {
        List<Duration> tried = new ArrayList<>();
        for (Duration timeout = FIRST; timeout.compareTo(LAST) <= 0; timeout = timeout.multipliedBy(2)) {
            if (round.run(timeout)) {
                return;
            }
            tried.add(timeout);
        }
        throw new AssertionError("the work did not start within its timeout in any round (timeouts " + tried
                + "): the thread or child process that was to run it never started it");
    }
}
