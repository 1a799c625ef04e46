package dev.suitkaise.bench.cereal;

import java.io.Serializable;

/**
 * A still image of a {@link MediaContent}, with the fields of jvm-serializers' {@code Image}.
 *
 * @param uri where it is
 * @param title its title, may be null
 * @param width width in pixels
 * @param height height in pixels
 * @param size its size class
 */
public record Image(String uri, String title, int width, int height, Size size) implements Serializable {

    /** The size class of an image. */
    public enum Size {
        /** A thumbnail. */
        SMALL,
        /** A full-size image. */
        LARGE
    }
}
