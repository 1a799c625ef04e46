package dev.suitkaise.bench.cereal;

import java.io.Serializable;
import java.util.List;

/**
 * The video of a {@link MediaContent}, with the fields of jvm-serializers' {@code Media}.
 *
 * @param uri where it is
 * @param title its title, may be null
 * @param width width in pixels
 * @param height height in pixels
 * @param format its MIME type
 * @param duration its length in milliseconds
 * @param size its size in bytes
 * @param bitrate its bit rate
 * @param hasBitrate whether {@code bitrate} is known
 * @param persons the people in it (an {@code ArrayList} in the benchmark data)
 * @param player the player that plays it
 * @param copyright its copyright notice, may be null (null in the benchmark data)
 */
public record Media(String uri, String title, int width, int height, String format, long duration, long size,
        int bitrate, boolean hasBitrate, List<String> persons, Player player, String copyright) implements Serializable {

    /** The player that plays a video. */
    public enum Player {
        /** A Java player. */
        JAVA,
        /** A Flash player. */
        FLASH
    }
}
