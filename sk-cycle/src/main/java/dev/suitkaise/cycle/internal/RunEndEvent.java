package dev.suitkaise.cycle.internal;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;

/**
 * JFR event: a run of a cycle ended. Its duration spans the whole run.
 */
@Name("dev.suitkaise.cycle.RunEnd")
@Label("Cycle Run End")
@Category({"Suitkaise", "Cycle"})
@Description("A run of a cycle ended")
public final class RunEndEvent extends Event {
    /** The cycle's name. */
    @Label("Cycle")
    String cycle;
    /** The run's number. */
    @Label("Iteration")
    long iteration;
    /** The run's status. */
    @Label("Status")
    String status;
    /** How many parts the cycle has. */
    @Label("Parts")
    int parts;
}
