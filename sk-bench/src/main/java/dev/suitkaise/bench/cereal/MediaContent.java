package dev.suitkaise.bench.cereal;

import java.io.Serializable;
import java.util.List;

/**
 * The benchmark object of the serialization benchmarks: the classic "MediaContent" of the
 * jvm-serializers benchmarks, a video with two images, as a plain Java record that every codec
 * (raw Kryo, java.io, sk-cereal's two codecs, and protobuf through a mapping) carries. It is
 * {@link Serializable} only so that the java.io peer can carry it.
 *
 * @param media the video
 * @param images its images (an {@code ArrayList} in the benchmark data)
 */
public record MediaContent(Media media, List<Image> images) implements Serializable {
}
