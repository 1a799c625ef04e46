package dev.suitkaise.cycle;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Repeats a scenario about a part with a timeout, doubling the timeout while the part did not start within it.
 *
 * <p>A part's timeout runs from its hand-off (to a pooled thread, or to a child process), so on a loaded machine
 * it can run out before the part's thread gets a processor: the part is then reported as not started (or, in a
 * child, stopped before it began), and what the scenario checks about a running part cannot be seen. So each
 * round's part records that it started, and a round whose part had not started by the end of its run is
 * repeated with twice the timeout; the first round whose part started is checked in full. A part that never
 * starts fails the test once the timeout would exceed {@link #LAST}. In a normal run the first round is the
 * only one, and its short timeout keeps the test quick.
 */
final class GrowingTimeout {

    /** The first round's timeout: ample for a thread to start a part on a machine that is not starved. */
    static final Duration FIRST = Duration.ofMillis(250);

    /** The longest timeout tried: a machine that cannot start a part within it is broken, not busy. */
    static final Duration LAST = Duration.ofSeconds(10);

    private GrowingTimeout() {
    }

    /** One round of a scenario. */
    @FunctionalInterface
    interface Round {
        /**
         * Runs the scenario with the part's timeout.
         *
         * @param timeout the part's timeout in this round
         * @return true if the part started and the round was checked in full; false if it did not start by
         *         the end of the run (nothing was checked, and the round leaves nothing running that matters)
         * @throws Exception from the scenario
         */
        boolean run(Duration timeout) throws Exception;
    }

    /**
     * Runs rounds with the timeouts {@link #FIRST}, twice that, and so on up to {@link #LAST}, until one
     * reports that its part started.
     *
     * @param round the scenario
     * @throws Exception from the scenario
     * @throws AssertionError if the part started in no round
     */
    static void untilStarted(Round round) throws Exception {
        List<Duration> tried = new ArrayList<>();
        for (Duration timeout = FIRST; timeout.compareTo(LAST) <= 0; timeout = timeout.multipliedBy(2)) {
            if (round.run(timeout)) {
                return;
            }
            tried.add(timeout);
        }
        throw new AssertionError("the part did not start within its timeout in any round (timeouts " + tried
                + "): a pooled thread or child never started it");
    }
}
