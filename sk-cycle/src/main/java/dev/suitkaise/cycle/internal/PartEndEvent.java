package dev.suitkaise.cycle.internal;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;

/**
 * JFR event: a part of a cycle run ended. Its duration spans the part's first attempt to its end
 * (zero for a part that never started).
 */
@Name("dev.suitkaise.cycle.PartEnd")
@Label("Cycle Part End")
@Category({"Suitkaise", "Cycle"})
@Description("A part of a cycle run ended")
public final class PartEndEvent extends Event {
    /** The cycle's name. */
    @Label("Cycle")
    String cycle;
    /** The run's number. */
    @Label("Iteration")
    long iteration;
    /** The part's name. */
    @Label("Part")
    String part;
    /** The part's slot. */
    @Label("Slot")
    String slot;
    /** Where the part ran. */
    @Label("Where")
    String where;
    /** How it ended. */
    @Label("Outcome")
    String outcome;
    /** How many attempts started. */
    @Label("Attempts")
    int attempts;
    /** Whether it was abandoned. */
    @Label("Abandoned")
    boolean abandoned;
}
