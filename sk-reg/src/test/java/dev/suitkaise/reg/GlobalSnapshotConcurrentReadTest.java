package dev.suitkaise.reg;

import dev.suitkaise.reg.internal.GlobalSnapshots;
import dev.suitkaise.reg.internal.InProcessGlobalStorage;
import dev.suitkaise.testkit.Conditions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.BitSet;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A reader of a snapshot file that another thread keeps replacing sees the old or the new snapshot, never a part:
 * the writer writes many snapshots of very different sizes while a reader thread reads and parses the file in a loop.
 */
class GlobalSnapshotConcurrentReadTest {

    private static final int SNAPSHOTS = 150;
    /** Snapshot sizes, in payload characters, taken in turn: a large file replaced by a tiny one and back. */
    private static final int[] SIZES = {300_000, 16, 40_000, 0, 700_000, 2_000, 120_000};
    private static final Duration BOUND = Duration.ofSeconds(60);
    private static final GlobalName META = new GlobalName(Domain.GLOBAL, "snapshot-race.meta");
    private static final GlobalName PAYLOAD = new GlobalName(Domain.GLOBAL, "snapshot-race.payload");

    @TempDir
    Path dir;

    private SKGlobalStorage previous;

    @BeforeEach
    void useAFreshStorage() {
        previous = SKGlobal.install(new InProcessGlobalStorage());
    }

    @AfterEach
    void restoreTheStorage() {
        SKGlobal.install(previous);
    }

    private static int size(int version) {
        return SIZES[version % SIZES.length];
    }

    /** The payload of one version: its length and its letter both depend on the version. */
    private static String text(int version) {
        return String.valueOf((char) ('a' + version % 26)).repeat(size(version));
    }

    /** What the file must hold, whole, once the writer wrote {@code version}. */
    private static Map<GlobalName, Map<Object, Object>> expected(int version) {
        return Map.of(
                META, Map.of("version", version, "length", size(version)),
                PAYLOAD, Map.of("text", text(version), "tail", "end of " + version));
    }

    @Test
    void aReaderOfASnapshotFileBeingReplacedAgainAndAgainSeesOnlyWholeSnapshots() throws InterruptedException {
        Path file = dir.resolve("globals.snapshot");
        GlobalMap<String, Integer> meta = SKGlobal.map(Domain.GLOBAL, META.name());
        GlobalMap<String, String> payload = SKGlobal.map(Domain.GLOBAL, PAYLOAD.name());
        write(0, meta, payload, file);

        AtomicBoolean writing = new AtomicBoolean(true);
        AtomicInteger newestSeen = new AtomicInteger(-1);
        AtomicInteger reads = new AtomicInteger();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        BitSet seen = new BitSet(SNAPSHOTS);
        Thread reader = Thread.ofPlatform().name("snapshot-reader").start(() -> {
            try {
                while (writing.get()) {
                    Map<GlobalName, Map<Object, Object>> read = GlobalSnapshots.read(file, GlobalSnapshots.DEFAULT_FILTER);
                    Object version = read.getOrDefault(META, Map.of()).get("version");
                    if (!(version instanceof Integer v) || !read.equals(expected(v))) {
                        throw new AssertionError("read " + reads.get() + " saw a snapshot that is no whole version: globals "
                                + read.keySet() + ", meta " + read.get(META) + ", payload length "
                                + String.valueOf(read.getOrDefault(PAYLOAD, Map.of()).get("text")).length());
                    }
                    if (v < newestSeen.get()) {
                        throw new AssertionError("read version " + v + " after version " + newestSeen.get());
                    }
                    synchronized (seen) {
                        seen.set(v);
                    }
                    newestSeen.set(v);
                    reads.incrementAndGet();
                }
            } catch (Throwable t) {
                failure.set(t);
            }
        });
        try {
            for (int version = 1; version < SNAPSHOTS && failure.get() == null; version++) {
                int before = version - 1;
                // the reader reads on without pause; waiting until it has seen the previous version keeps every
                // version visible to it and the next write lands while it reads
                Conditions.until("the reader saw version " + before, BOUND,
                        () -> newestSeen.get() >= before || failure.get() != null);
                write(version, meta, payload, file);
            }
            Conditions.until("the reader saw the last version", BOUND,
                    () -> newestSeen.get() == SNAPSHOTS - 1 || failure.get() != null);
        } finally {
            writing.set(false);
            reader.join(TimeUnit.SECONDS.toMillis(BOUND.toSeconds()));
        }

        assertThat(reader.isAlive()).as("the reader ended").isFalse();
        assertThat(failure.get()).as("what the reader saw").isNull();
        synchronized (seen) {
            assertThat(seen.cardinality()).as("versions the reader saw whole").isEqualTo(SNAPSHOTS);
        }
    }

    /** Sets the globals to {@code version} and snapshots them; only this thread changes them. */
    private static void write(int version, GlobalMap<String, Integer> meta, GlobalMap<String, String> payload, Path file) {
        meta.put("version", version);
        meta.put("length", size(version));
        payload.put("text", text(version));
        payload.put("tail", "end of " + version);
        assertThat(SKGlobal.snapshot(file, Domain.GLOBAL)).isEqualTo(2);
    }
}
