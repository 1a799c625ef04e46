package dev.suitkaise.cereal;

import dev.suitkaise.cereal.fixtures.Fixtures;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

class InternalFuzzTest {

    private static final int INPUTS = 100_000;

    private final InternalCereal cereal = SKCereal.internal();

    private static List<Object> seeds() {
        Fixtures.Node a = new Fixtures.Node("a");
        Fixtures.Node b = new Fixtures.Node("b");
        a.next = b;
        b.next = a;
        a.children.add(b);
        a.payload = new int[] {1, 2, 3};
        EnumMap<Fixtures.Color, String> enumMap = new EnumMap<>(Fixtures.Color.class);
        enumMap.put(Fixtures.Color.RED, "r");
        Map<String, Object> big = new LinkedHashMap<>();
        big.put("text", "hello \u00e9 world");
        big.put("numbers", new long[] {1, -2, Long.MAX_VALUE});
        big.put("grid", new String[][] {{"a"}, {"b", null}});
        big.put("list", new ArrayList<>(List.of(1, 2.5, 'c', true)));
        big.put("immutable", List.of("x", "y", "z"));
        big.put("sorted", new TreeMap<>(Map.of("k", 1, "j", 2)));
        big.put("record", new Fixtures.Line(new Fixtures.Pair<>(1, 2), new Fixtures.Pair<>(3, 4), "l"));
        big.put("point", new Fixtures.Point(5, 6));
        big.put("op", Fixtures.Op.MUL);
        big.put("enumSet", EnumSet.of(Fixtures.Color.BLUE));
        big.put("enumMap", enumMap);
        big.put("optional", Optional.of(UUID.nameUUIDFromBytes(new byte[] {1})));
        big.put("time", Instant.ofEpochSecond(1_000_000));
        big.put("decimal", new BigDecimal("12.345"));
        big.put("pattern", Pattern.compile("[a-z]+"));
        big.put("atomic", new AtomicInteger(9));
        big.put("queue", new LinkedBlockingQueue<>(List.of(1, 2)));
        big.put("lock", new ReentrantLock());
        big.put("semaphore", new Semaphore(2));
        big.put("lambda", Fixtures.adder(3));
        big.put("custom", new Fixtures.Custom("s"));
        big.put("cycle", a);
        big.put("class", Fixtures.Pair.class);
        big.put("concurrent", new ConcurrentHashMap<>(Map.of(1, "one")));
        big.put("wrapped", Collections.unmodifiableList(new ArrayList<>(List.of("w"))));
        big.put("duration", Duration.ofSeconds(3));
        return List.of(big, "just a string", 42, List.of(1, 2, 3), new Fixtures.Pair<>("p", new int[][] {{1}}), a,
                new Object[] {null, "x", 3L}, Map.of("a", List.of(Map.of("b", 1))));
    }

    @Test
    void aHundredThousandRandomAndMutatedInputsOnlyEverFailWithSKCerealException() throws Exception {
        List<byte[]> valid = new ArrayList<>();
        for (Object seed : seeds()) {
            valid.add(cereal.serialize(seed));
        }
        List<String> unexpected = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger decoded = new AtomicInteger();
        AtomicInteger refused = new AtomicInteger();
        Thread fuzzer = Thread.ofPlatform().name("fuzzer").start(() -> {
            Random random = new Random(20261125L);
            for (int i = 0; i < INPUTS && unexpected.size() < 5; i++) {
                byte[] input = mutate(random, valid);
                try {
                    cereal.deserialize(input);
                    decoded.incrementAndGet();
                } catch (SKCerealException expected) {
                    refused.incrementAndGet();
                } catch (Throwable t) {
                    unexpected.add(t + " for input " + HexFormat.of().formatHex(input));
                }
            }
        });
        assertThat(fuzzer.join(Duration.ofMinutes(5))).as("the fuzzer finished (no hang)").isTrue();
        assertThat(unexpected).isEmpty();
        assertThat(decoded.get() + refused.get()).isEqualTo(INPUTS);
        assertThat(refused.get()).isGreaterThan(INPUTS / 2);
    }

    private static byte[] mutate(Random random, List<byte[]> valid) {
        byte[] base = valid.get(random.nextInt(valid.size()));
        int kind = random.nextInt(9);
        switch (kind) {
            case 0 -> { // pure noise after a valid header
                byte[] noise = new byte[3 + random.nextInt(64)];
                random.nextBytes(noise);
                noise[0] = 0x53;
                noise[1] = 0x4B;
                noise[2] = 0x01;
                return noise;
            }
            case 1 -> { // truncation
                return Arrays.copyOf(base, random.nextInt(base.length));
            }
            case 2 -> { // bit flips
                byte[] b = base.clone();
                int flips = 1 + random.nextInt(8);
                for (int f = 0; f < flips; f++) {
                    int at = 3 + random.nextInt(b.length - 3);
                    b[at] ^= (byte) (1 << random.nextInt(8));
                }
                return b;
            }
            case 3 -> { // byte overwrites with extreme values
                byte[] b = base.clone();
                int n = 1 + random.nextInt(4);
                for (int f = 0; f < n; f++) {
                    int at = 3 + random.nextInt(b.length - 3);
                    b[at] = switch (random.nextInt(4)) {
                        case 0 -> (byte) 0xFF;
                        case 1 -> 0;
                        case 2 -> (byte) 0x80;
                        default -> (byte) random.nextInt();
                    };
                }
                return b;
            }
            case 4 -> { // insertion
                int at = 3 + random.nextInt(base.length - 2);
                byte[] extra = new byte[1 + random.nextInt(8)];
                random.nextBytes(extra);
                byte[] b = new byte[base.length + extra.length];
                System.arraycopy(base, 0, b, 0, at);
                System.arraycopy(extra, 0, b, at, extra.length);
                System.arraycopy(base, at, b, at + extra.length, base.length - at);
                return b;
            }
            case 5 -> { // deletion of a range
                int at = 3 + random.nextInt(base.length - 3);
                int len = Math.min(base.length - at, 1 + random.nextInt(16));
                byte[] b = new byte[base.length - len];
                System.arraycopy(base, 0, b, 0, at);
                System.arraycopy(base, at + len, b, at, base.length - at - len);
                return b;
            }
            case 6 -> { // splice two valid messages
                byte[] other = valid.get(random.nextInt(valid.size()));
                int cut = 3 + random.nextInt(base.length - 3);
                int from = 3 + random.nextInt(other.length - 3);
                byte[] b = new byte[cut + other.length - from];
                System.arraycopy(base, 0, b, 0, cut);
                System.arraycopy(other, from, b, cut, other.length - from);
                return b;
            }
            case 7 -> { // duplicate a chunk
                int at = 3 + random.nextInt(base.length - 3);
                int len = Math.min(base.length - at, 1 + random.nextInt(32));
                byte[] b = new byte[base.length + len];
                System.arraycopy(base, 0, b, 0, at + len);
                System.arraycopy(base, at, b, at + len, base.length - at);
                return b;
            }
            default -> { // large varints planted where lengths usually are
                byte[] b = base.clone();
                int at = 3 + random.nextInt(Math.max(1, b.length - 8));
                for (int k = 0; k < 4 && at + k < b.length; k++) {
                    b[at + k] = (byte) 0xFF;
                }
                if (at + 4 < b.length) {
                    b[at + 4] = 0x07;
                }
                return b;
            }
        }
    }
}
