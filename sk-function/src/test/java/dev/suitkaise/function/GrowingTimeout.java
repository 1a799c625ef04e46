package dev.suitkaise.function;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Repeats a scenario about a function with a timeout, doubling the timeout while an attempt did not start within it.
 *
 * <p>A function's timeout runs from the hand-off of the attempt to its new virtual thread, so on a loaded machine it
 * can run out before that thread gets a processor: the attempt is then cancelled before its body ever runs, and what
 * the scenario checks about a running body cannot be seen. So each round's body records that it started, and a round
 * whose evidence shows an attempt may not have started within the timeout is repeated with twice the timeout; the
 * first round without that evidence is checked in full. A scenario that shows it in every round fails the test once
 * the timeout would exceed {@link #LAST}. In a normal run the first round is the only one, and its short timeout
 * keeps the test quick.
 */
final class GrowingTimeout {

    /** The first round's timeout: ample for a virtual thread to start on a machine that is not starved. */
    static final Duration FIRST = Duration.ofMillis(250);

    /** The longest timeout tried: a machine that cannot start a thread within it is broken, not busy. */
    static final Duration LAST = Duration.ofSeconds(10);

    private GrowingTimeout() {
    }

    /** One round of a scenario. */
    @FunctionalInterface
    interface Round {
        /**
         * Runs the scenario with the function's timeout.
         *
         * @param timeout the function's timeout in this round
         * @return true if the round was checked in full; false if an attempt may not have started within the
         *         timeout (nothing more was checked)
         * @throws Exception from the scenario
         */
        boolean run(Duration timeout) throws Exception;
    }

    /**
     * Runs rounds with the timeouts {@link #FIRST}, twice that, and so on up to {@link #LAST}, until one is checked
     * in full.
     *
     * @param round the scenario
     * @throws Exception from the scenario
     * @throws AssertionError if no round was checked in full
     */
    static void untilStarted(Round round) throws Exception {
        List<Duration> tried = new ArrayList<>();
        for (Duration timeout = FIRST; timeout.compareTo(LAST) <= 0; timeout = timeout.multipliedBy(2)) {
            if (round.run(timeout)) {
                return;
            }
            tried.add(timeout);
        }
        throw new AssertionError("an attempt did not start within its timeout in any round (timeouts " + tried + ")");
    }
}
