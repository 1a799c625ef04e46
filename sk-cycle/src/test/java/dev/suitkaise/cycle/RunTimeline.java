package dev.suitkaise.cycle;

import java.time.Instant;
import java.util.List;

/**
 * Reads a run's record as a timeline. The engine stamps a part's start when it hands the part to its
 * thread and its end when it handles the part's report, both on the run's own thread, and it starts a
 * part held by a rate limit only after it has ended the part whose slot it takes. So the recorded spans
 * show the limit exactly; without the limit, the parts that become due together are all started in one
 * pass of the engine, before any of their ends is handled, and their spans overlap.
 */
final class RunTimeline {

    private RunTimeline() {
    }

    /**
     * The most of the named parts whose recorded start-to-end spans overlap at one instant.
     *
     * @param run the run
     * @param names the parts to look at
     * @return the largest number of spans that contain one part's start
     */
    static int mostOverlapping(CycleRun run, List<String> names) {
        int most = 0;
        for (String n : names) {
            Instant t = run.part(n).start();
            int at = 0;
            for (String m : names) {
                PartResult r = run.part(m);
                if (!r.start().isAfter(t) && r.end().isAfter(t)) {
                    at++;
                }
            }
            most = Math.max(most, at);
        }
        return most;
    }
}
