package dev.suitkaise.cycle;

import java.util.List;
import java.util.Objects;

/**
 * A builder call broke a rule; the builder is unchanged. The message names the rule and lists the
 * slots that are open.
 */
public final class CycleBuildException extends CycleException {

    private static final long serialVersionUID = 1L;

    /** The rule that was broken, as stated in the message. */
    private final String rule;
    /** The slots open when the call was made. */
    private final transient List<SlotAddress> openSlots;

    /**
     * Creates the exception.
     *
     * @param rule the broken rule
     * @param detail what the call tried
     * @param openSlots the open slots
     */
    public CycleBuildException(String rule, String detail, List<SlotAddress> openSlots) {
        super(Objects.requireNonNull(detail, "CycleBuildException: detail is null") + ": rule \""
                + Objects.requireNonNull(rule, "CycleBuildException: rule is null") + "\" broken; open slots: "
                + (Objects.requireNonNull(openSlots, "CycleBuildException: openSlots is null").isEmpty() ? "none" : String.join(", ", openSlots.stream().map(SlotAddress::toString).toList())));
        this.rule = rule;
        this.openSlots = List.copyOf(openSlots);
    }

    /**
     * Returns the broken rule.
     *
     * @return the rule
     */
    public String rule() {
        return rule;
    }

    /**
     * Returns the slots that were open when the call was made.
     *
     * @return the open slots, in level then position order
     */
    public List<SlotAddress> openSlots() {
        return openSlots == null ? List.of() : openSlots;
    }
}
