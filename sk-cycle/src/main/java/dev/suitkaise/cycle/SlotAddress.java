package dev.suitkaise.cycle;

import java.util.Objects;

/**
 * The address of a slot in a cycle's tree, both 1-based.
 *
 * @param level the level, 1 at the root
 * @param position the position on the level, left to right in tree order
 */
public record SlotAddress(int level, int position) implements Comparable<SlotAddress> {

    /**
     * Checks the values.
     *
     * @param level the level, at least 1
     * @param position the position, at least 1
     */
    public SlotAddress {
        if (level < 1 || position < 1) {
            throw new IllegalArgumentException("levels and positions are 1-based, got " + level + "-" + position);
        }
    }

    /**
     * Returns the address of a slot, e.g. {@code SlotAddress.of(2, 1)} for the split placed by
     * {@code split(parts, 2)}.
     *
     * @param level the level, at least 1
     * @param position the position, at least 1
     * @return the address
     */
    public static SlotAddress of(int level, int position) {
        return new SlotAddress(level, position);
    }

    @Override
    public int compareTo(SlotAddress o) {
        Objects.requireNonNull(o, "compareTo: o is null");
        return level != o.level ? Integer.compare(level, o.level) : Integer.compare(position, o.position);
    }

    /**
     * Returns {@code level-position}, e.g. {@code 3-2}.
     *
     * @return the text
     */
    @Override
    public String toString() {
        return level + "-" + position;
    }
}
