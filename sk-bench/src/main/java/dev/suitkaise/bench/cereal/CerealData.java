package dev.suitkaise.bench.cereal;

import dev.suitkaise.bench.cereal.proto.CountsMessage;
import dev.suitkaise.bench.cereal.proto.ImageMessage;
import dev.suitkaise.bench.cereal.proto.MediaContentMessage;
import dev.suitkaise.bench.cereal.proto.MediaMessage;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The data of the serialization benchmarks, the same for every codec, and the mapping between the
 * plain Java objects and the messages protobuf-java generates from {@code media.proto}.
 */
final class CerealData {

    /** Entries of the benchmark map. */
    static final int MAP_ENTRIES = 1_000;

    private CerealData() {
    }

    /**
     * The classic jvm-serializers media content: a video with two persons, no copyright, and a
     * large and a small image. Lists are {@code ArrayList}s.
     *
     * @return a new media content
     */
    static MediaContent mediaContent() {
        List<String> persons = new ArrayList<>(List.of("Bill Gates", "Steve Jobs"));
        Media media = new Media("http://javaone.com/keynote.mpg", "Javaone Keynote", 640, 480, "video/mpg4",
                18_000_000L, 58_982_400L, 262_144, true, persons, Media.Player.JAVA, null);
        List<Image> images = new ArrayList<>(List.of(
                new Image("http://javaone.com/keynote_large.jpg", "Javaone Keynote", 1024, 768, Image.Size.LARGE),
                new Image("http://javaone.com/keynote_small.jpg", "Javaone Keynote", 320, 240, Image.Size.SMALL)));
        return new MediaContent(media, images);
    }

    /**
     * A {@code HashMap} of {@value #MAP_ENTRIES} entries: keys {@code "counter-0000"} to
     * {@code "counter-0999"}, values drawn with a fixed seed from 0 (inclusive) to 1,000,000.
     * Values are {@code Long} because the external codec reads every integral number back as a
     * {@code Long} when the requested type ({@code Map.class}) says nothing about them.
     *
     * @return a new map
     */
    static Map<String, Long> counts() {
        Random random = new Random(20261125L);
        Map<String, Long> map = new HashMap<>();
        for (int i = 0; i < MAP_ENTRIES; i++) {
            map.put(String.format("counter-%04d", i), (long) random.nextInt(1_000_000));
        }
        return map;
    }

    /**
     * Maps a media content to its generated message.
     *
     * @param content the plain object
     * @return the message holding the same data
     */
    static MediaContentMessage toMessage(MediaContent content) {
        MediaContentMessage.Builder b = MediaContentMessage.newBuilder().setMedia(toMessage(content.media()));
        for (Image image : content.images()) {
            b.addImages(toMessage(image));
        }
        return b.build();
    }

    private static MediaMessage toMessage(Media m) {
        MediaMessage.Builder b = MediaMessage.newBuilder()
                .setUri(m.uri())
                .setWidth(m.width())
                .setHeight(m.height())
                .setFormat(m.format())
                .setDuration(m.duration())
                .setSize(m.size())
                .setBitrate(m.bitrate())
                .setHasBitrate(m.hasBitrate())
                .addAllPersons(m.persons())
                .setPlayer(switch (m.player()) {
                    case JAVA -> MediaMessage.Player.JAVA;
                    case FLASH -> MediaMessage.Player.FLASH;
                });
        if (m.title() != null) {
            b.setTitle(m.title());
        }
        if (m.copyright() != null) {
            b.setCopyright(m.copyright());
        }
        return b.build();
    }

    private static ImageMessage toMessage(Image i) {
        ImageMessage.Builder b = ImageMessage.newBuilder()
                .setUri(i.uri())
                .setWidth(i.width())
                .setHeight(i.height())
                .setSize(switch (i.size()) {
                    case SMALL -> ImageMessage.Size.SMALL;
                    case LARGE -> ImageMessage.Size.LARGE;
                });
        if (i.title() != null) {
            b.setTitle(i.title());
        }
        return b.build();
    }

    /**
     * Maps a generated message back to a plain media content, with {@code ArrayList}s as the
     * original has.
     *
     * @param message the message
     * @return the plain object holding the same data
     */
    static MediaContent fromMessage(MediaContentMessage message) {
        List<Image> images = new ArrayList<>(message.getImagesCount());
        for (ImageMessage image : message.getImagesList()) {
            images.add(fromMessage(image));
        }
        return new MediaContent(fromMessage(message.getMedia()), images);
    }

    private static Media fromMessage(MediaMessage m) {
        Media.Player player = switch (m.getPlayer()) {
            case JAVA -> Media.Player.JAVA;
            case FLASH -> Media.Player.FLASH;
            case UNRECOGNIZED -> throw new IllegalArgumentException("Unknown player number " + m.getPlayerValue());
        };
        return new Media(m.getUri(), m.hasTitle() ? m.getTitle() : null, m.getWidth(), m.getHeight(), m.getFormat(),
                m.getDuration(), m.getSize(), m.getBitrate(), m.getHasBitrate(), new ArrayList<>(m.getPersonsList()),
                player, m.hasCopyright() ? m.getCopyright() : null);
    }

    private static Image fromMessage(ImageMessage i) {
        Image.Size size = switch (i.getSize()) {
            case SMALL -> Image.Size.SMALL;
            case LARGE -> Image.Size.LARGE;
            case UNRECOGNIZED -> throw new IllegalArgumentException("Unknown image size number " + i.getSizeValue());
        };
        return new Image(i.getUri(), i.hasTitle() ? i.getTitle() : null, i.getWidth(), i.getHeight(), size);
    }

    /**
     * Maps the benchmark map to its generated message.
     *
     * @param counts the plain map
     * @return the message holding the same entries
     */
    static CountsMessage toMessage(Map<String, Long> counts) {
        return CountsMessage.newBuilder().putAllEntries(counts).build();
    }

    /**
     * Maps a generated message back to a plain {@code HashMap}.
     *
     * @param message the message
     * @return a new map holding the same entries
     */
    static Map<String, Long> fromMessage(CountsMessage message) {
        return new HashMap<>(message.getEntriesMap());
    }
}
