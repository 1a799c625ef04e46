package dev.suitkaise.cereal;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Timestamp;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Feeds the external decoder 120,000 random and mutated inputs, and 30,000 mutated compact
 * documents of a registered schema (fixed seed, so failures
 * reproduce) and checks that it answers each with a value or an {@link SKCerealException} raised
 * by its own validation, never with another exception or the catch-all "unexpected" failure.
 */
class ExternalFuzzTest {
    private static final long SEED = 0x5EED_CE7EA1L;
    private static final int RANDOM_INPUTS = 40_000;
    private static final int MUTATED_INPUTS = 80_000;
    /** Mutated compact documents, each decoded with and without the schema. */
    private static final int COMPACT_INPUTS = 30_000;

    private final ExternalCereal cereal = SKCereal.external();

    enum Level { LOW, MID, HIGH }

    sealed interface Item permits Book, Pen {
    }

    record Book(String title, int pages) implements Item {
    }

    record Pen(Level ink) implements Item {
    }

    record Target(String text, long number, int small, double real, boolean flag, char letter, List<String> words,
                  Map<String, Integer> counts, Map<Level, List<Long>> byLevel, Level level, Instant at,
                  Duration took, BigDecimal price, BigInteger big, byte[] blob, int[] ints, double[] reals,
                  Set<Long> ids, TreeSet<String> sorted, Target child, Object anything, List<Item> items,
                  LocalDate day, UUID id, Timestamp stamp, java.util.Optional<Level> maybe) {
    }

    private static List<byte[]> corpus(ExternalCereal cereal) {
        Target leaf = new Target("leaf", -1, 7, 0.5, true, 'q', List.of("a", "b"), Map.of("x", 1),
                Map.of(Level.HIGH, List.of(1L, 2L)), Level.MID, Instant.ofEpochSecond(1, 2), Duration.ofMillis(-5),
                new BigDecimal("3.14"), BigInteger.TEN.pow(30), new byte[] {1, 2, 3}, new int[] {1, -1},
                new double[] {2.5}, Set.of(9L), new TreeSet<>(List.of("m", "n")), null, List.of(1, "two"),
                List.of(new Book("b", 3), new Pen(Level.LOW)), LocalDate.of(2026, 1, 1), new UUID(1, 2),
                Timestamp.newBuilder().setSeconds(4).build(), java.util.Optional.of(Level.HIGH));
        Target root = new Target("r\u00e9", Long.MAX_VALUE, -8, Double.NaN, false, '\u4e16', List.of(), Map.of(),
                Map.of(), Level.LOW, Instant.EPOCH, Duration.ZERO, BigDecimal.ZERO, BigInteger.ONE, new byte[0],
                new int[0], new double[0], Set.of(), new TreeSet<>(), leaf, leaf, List.of(new Book("c", 1)), null,
                null, null, java.util.Optional.empty());
        Map<Object, Object> mixed = new LinkedHashMap<>();
        mixed.put(1, List.of(leaf.words(), leaf.words()));
        mixed.put("k", Map.of("nested", new long[] {5, 6}));
        mixed.put(Level.HIGH, null);
        List<byte[]> corpus = new ArrayList<>();
        for (Object value : List.of(leaf, root, mixed, List.of(1.5, 2.5), "text", 42, Level.MID,
                new Object[] {null, true, new BigDecimal("-1E-9")}, Map.of("title", "t", "pages", 2))) {
            corpus.add(cereal.serialize(value));
        }
        return corpus;
    }

    private static byte[] randomBytes(SplittableRandom random) {
        byte[] bytes = new byte[random.nextInt(0, 48)];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) random.nextInt(256);
        }
        if (bytes.length > 0 && random.nextBoolean()) {
            bytes[0] = (byte) (random.nextBoolean() ? 0x12 : 0x0A); // a plausible Document field
        }
        return bytes;
    }

    private static final byte[] INTERESTING = {0x00, 0x01, 0x7F, (byte) 0x80, (byte) 0xFF, 0x08, 0x0A, 0x12, 0x5A,
        0x7A, 0x2B, (byte) 0x90, 0x01};

    private static byte[] mutate(byte[] original, List<byte[]> corpus, SplittableRandom random) {
        byte[] bytes = original.clone();
        int mutations = 1 + random.nextInt(3);
        for (int m = 0; m < mutations && bytes.length > 0; m++) {
            int at = random.nextInt(bytes.length);
            switch (random.nextInt(7)) {
                case 0 -> bytes[at] ^= (byte) (1 << random.nextInt(8));
                case 1 -> bytes[at] = INTERESTING[random.nextInt(INTERESTING.length)];
                case 2 -> bytes[at] = (byte) random.nextInt(256);
                case 3 -> bytes = Arrays.copyOf(bytes, at);
                case 4 -> {
                    byte[] longer = new byte[bytes.length + 1];
                    System.arraycopy(bytes, 0, longer, 0, at);
                    longer[at] = (byte) random.nextInt(256);
                    System.arraycopy(bytes, at, longer, at + 1, bytes.length - at);
                    bytes = longer;
                }
                case 5 -> {
                    byte[] shorter = new byte[bytes.length - 1];
                    System.arraycopy(bytes, 0, shorter, 0, at);
                    System.arraycopy(bytes, at + 1, shorter, at, bytes.length - at - 1);
                    bytes = shorter;
                }
                default -> {
                    byte[] other = corpus.get(random.nextInt(corpus.size()));
                    int from = random.nextInt(other.length);
                    int length = random.nextInt(other.length - from + 1);
                    byte[] spliced = new byte[at + length + (bytes.length - at)];
                    System.arraycopy(bytes, 0, spliced, 0, at);
                    System.arraycopy(other, from, spliced, at, length);
                    System.arraycopy(bytes, at, spliced, at + length, bytes.length - at);
                    bytes = spliced;
                }
            }
        }
        return bytes;
    }

    private void decode(byte[] bytes, List<String> failures, int[] decoded) {
        decode(cereal, bytes, failures, decoded);
    }

    private static void decode(ExternalCereal codec, byte[] bytes, List<String> failures, int[] decoded) {
        for (Class<?> type : List.of(Object.class, Target.class)) {
            try {
                codec.deserialize(bytes, type);
                decoded[0]++;
            } catch (SKCerealException e) {
                if (e.getMessage().contains(": unexpected ")) { // the decoder's catch-all for its own bugs
                    failures.add(type.getSimpleName() + " " + HexFormat.of().formatHex(bytes) + " -> " + e.getMessage());
                }
            } catch (RuntimeException | StackOverflowError e) {
                failures.add(type.getSimpleName() + " " + HexFormat.of().formatHex(bytes) + " -> " + e);
            }
        }
    }

    @Test
    void randomAndMutatedInputsGiveOnlySKCerealExceptions() {
        SplittableRandom random = new SplittableRandom(SEED);
        List<byte[]> corpus = corpus(cereal);
        List<String> failures = new ArrayList<>();
        int[] decoded = {0};

        for (int i = 0; i < RANDOM_INPUTS; i++) {
            decode(randomBytes(random), failures, decoded);
        }
        for (int i = 0; i < MUTATED_INPUTS; i++) {
            decode(mutate(corpus.get(random.nextInt(corpus.size())), corpus, random), failures, decoded);
        }

        assertThat(failures).as("inputs answered with something else than the decoder's own SKCerealException")
                .isEmpty();
        assertThat(decoded[0]).as("mutations that still decode (the fuzzer reaches the typed paths)")
                .isGreaterThan(1_000);
    }

    @Test
    void mutatedCompactDocumentsOfARegisteredSchemaGiveOnlySKCerealExceptions() {
        ExternalCereal compact = cereal.withSchema(ExternalSchema.of(Target.class, Book.class, Pen.class, Level.class));
        SplittableRandom random = new SplittableRandom(SEED + 1);
        List<byte[]> corpus = corpus(compact);
        List<String> failures = new ArrayList<>();
        int[] decoded = {0};

        for (int i = 0; i < COMPACT_INPUTS; i++) {
            byte[] bytes = mutate(corpus.get(random.nextInt(corpus.size())), corpus, random);
            decode(compact, bytes, failures, decoded);
            decode(cereal, bytes, failures, decoded);
        }

        assertThat(failures).as("inputs answered with something else than the decoder's own SKCerealException")
                .isEmpty();
        assertThat(decoded[0]).as("mutations that still decode (the fuzzer reaches the typed paths)")
                .isGreaterThan(1_000);
    }

    @Test
    void theCorpusItselfDecodesIntoTheTargetType() {
        byte[] root = corpus(cereal).get(1);

        Target back = cereal.deserialize(root, Target.class);

        assertThat(back.child().items()).containsExactly(new Book("b", 3), new Pen(Level.LOW));
        assertThat(back.anything()).as("the leaf is shared by child and anything").isSameAs(back.child());
    }
}
