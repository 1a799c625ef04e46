package dev.suitkaise.reg;

import java.io.Serializable;

/**
 * A serializable application type that the default snapshot filter does not know.
 *
 * @param x the x coordinate
 * @param y the y coordinate
 */
public record Point(int x, int y) implements Serializable {
}
