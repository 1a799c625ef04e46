package dev.suitkaise.reg;

import dev.suitkaise.reg.internal.InProcessGlobalStorage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.ObjectInputFilter;
import java.math.BigDecimal;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Writing globals to a file and restoring them: round trips, atomic writes, and every way a file can be bad. */
class GlobalSnapshotTest {

    /** A value that cannot be snapshotted. */
    static final class Unserializable {
        @Override
        public String toString() {
            return "unserializable";
        }
    }

    /** A value whose serialization throws. */
    static final class ThrowsWhenWritten implements java.io.Serializable {
        @java.io.Serial
        private static final long serialVersionUID = 1L;

        @java.io.Serial
        private void writeObject(java.io.ObjectOutputStream out) {
            throw new IllegalStateException("broken writeObject");
        }

        @Override
        public String toString() {
            return "throws-when-written";
        }
    }

    /** A value whose serialization recurses without end. */
    static final class Bottomless implements java.io.Serializable {
        @java.io.Serial
        private static final long serialVersionUID = 1L;

        @java.io.Serial
        private void writeObject(java.io.ObjectOutputStream out) throws IOException {
            out.writeObject(new Bottomless());
        }
    }

    @TempDir
    Path dir;

    private SKGlobalStorage previous;
    private Path file;

    @BeforeEach
    void useAFreshStorage() {
        previous = SKGlobal.install(new InProcessGlobalStorage());
        file = dir.resolve("globals.snapshot");
    }

    @AfterEach
    void restoreTheStorage() {
        SKGlobal.install(previous);
    }

    /** Fills a few maps and values of both open domains with JDK value types. */
    private static void fillGlobals() {
        GlobalMap<String, Integer> words = SKGlobal.map(Domain.GLOBAL, "words");
        words.put("suitkaise", 3);
        words.put("registry", 7);
        GlobalMap<Integer, List<String>> lists = SKGlobal.map(Domain.INTERNAL, "lists");
        lists.put(1, List.of("a", "b"));
        lists.put(2, List.of());
        GlobalMap<String, Object> mixed = SKGlobal.map(Domain.INTERNAL, "mixed");
        mixed.put("when", Instant.parse("2026-01-02T03:04:05Z"));
        mixed.put("amount", new BigDecimal("12.345"));
        mixed.put("where", URI.create("https://example.org/x"));
        mixed.put("wait", Duration.ofSeconds(90));
        mixed.put("nested", new TreeMap<>(Map.of("k", new HashMap<>(Map.of("x", 1L)))));
        SKGlobal.<Long>value(Domain.GLOBAL, "total").set(42L);
        SKGlobal.<String>value(Domain.INTERNAL, "mode").set("fast");
    }

    /** A deep copy of everything the storage holds, to compare before and after. */
    private static Map<GlobalName, Map<Object, Object>> everything() {
        SKGlobalStorage storage = SKGlobal.storage();
        Map<GlobalName, Map<Object, Object>> copy = new HashMap<>();
        for (GlobalName name : storage.names()) {
            copy.put(name, new HashMap<>(storage.map(name)));
        }
        return copy;
    }

    private List<String> filesInDir() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private void assertRestoreFailsAndChangesNothing(Path bad, String why) {
        Map<GlobalName, Map<Object, Object>> before = everything();

        assertThatThrownBy(() -> SKGlobal.restore(bad))
                .isInstanceOf(SKRegException.class)
                .hasMessageContaining(bad.toAbsolutePath().toString())
                .hasMessageContaining(why);

        assertThat(everything()).isEqualTo(before);
    }

    /** Writes a copy of the snapshot with {@code edit} applied to its bytes. */
    private Path editedCopy(String name, UnaryOperator<byte[]> edit) throws IOException {
        Path copy = dir.resolve(name);
        Files.write(copy, edit.apply(Files.readAllBytes(file)));
        return copy;
    }

    /** Changes the globals so that a restore has something to undo. */
    private static void changeEverything() {
        SKGlobal.<String, Integer>map(Domain.GLOBAL, "words").clear();
        SKGlobal.<String, Integer>map(Domain.GLOBAL, "words").put("changed", 1);
        SKGlobal.<Integer, List<String>>map(Domain.INTERNAL, "lists").put(3, List.of("c"));
        SKGlobal.<String, Object>map(Domain.INTERNAL, "mixed").remove("when");
        SKGlobal.<Long>value(Domain.GLOBAL, "total").set(-1L);
        SKGlobal.<String>value(Domain.INTERNAL, "mode").set(null);
    }

    @Test
    void snapshotAndRestoreRoundTripSeveralMapsAndValues() {
        fillGlobals();
        Map<GlobalName, Map<Object, Object>> original = everything();

        assertThat(SKGlobal.snapshot(file)).isEqualTo(5);
        changeEverything();
        assertThat(everything()).isNotEqualTo(original);

        assertThat(SKGlobal.restore(file)).isEqualTo(5);

        assertThat(everything()).isEqualTo(original);
        assertThat(SKGlobal.<Long>value(Domain.GLOBAL, "total").get()).isEqualTo(42L);
        assertThat(SKGlobal.<String>value(Domain.INTERNAL, "mode").get()).isEqualTo("fast");
        assertThat(SKGlobal.<String, Object>map(Domain.INTERNAL, "mixed").get("amount")).isEqualTo(new BigDecimal("12.345"));
    }

    @Test
    void restoringIntoAnEmptyStorageRecreatesEveryGlobal() {
        fillGlobals();
        Map<GlobalName, Map<Object, Object>> original = everything();
        SKGlobal.snapshot(file);

        SKGlobal.install(new InProcessGlobalStorage());
        assertThat(SKGlobal.storage().names()).isEmpty();

        assertThat(SKGlobal.restore(file)).isEqualTo(5);
        assertThat(everything()).isEqualTo(original);
    }

    @Test
    void restoreReplacesTheGlobalsInTheFileAndLeavesOthersAlone() {
        SKGlobal.map(Domain.GLOBAL, "kept").put("a", 1);
        SKGlobal.snapshot(file);
        SKGlobal.map(Domain.GLOBAL, "kept").put("b", 2);
        SKGlobal.map(Domain.GLOBAL, "later").put("c", 3);

        SKGlobal.restore(file);

        assertThat(SKGlobal.map(Domain.GLOBAL, "kept")).containsExactly(Map.entry("a", 1));
        assertThat(SKGlobal.map(Domain.GLOBAL, "later")).containsExactly(Map.entry("c", 3));
    }

    @Test
    void restoreLeavesAloneTheGlobalValuesThatAreNotInTheFile() {
        SKGlobal.<Long>value(Domain.GLOBAL, "total").set(1L);
        SKGlobal.snapshot(file, Domain.GLOBAL);
        SKGlobal.<Long>value(Domain.GLOBAL, "total").set(2L);
        SKGlobal.<String>value(Domain.GLOBAL, "later").set("precious");

        assertThat(SKGlobal.restore(file)).isEqualTo(1);

        assertThat(SKGlobal.<Long>value(Domain.GLOBAL, "total").get()).isEqualTo(1L);
        assertThat(SKGlobal.<String>value(Domain.GLOBAL, "later").get()).isEqualTo("precious");
    }

    @Test
    void anEmptyMapInTheFileEmptiesTheLiveMap() {
        SKGlobal.storage().map(new GlobalName(Domain.GLOBAL, "empty"));
        SKGlobal.snapshot(file, Domain.GLOBAL);
        SKGlobal.map(Domain.GLOBAL, "empty").put("x", 1);

        assertThat(SKGlobal.restore(file)).isEqualTo(1);

        assertThat(SKGlobal.map(Domain.GLOBAL, "empty")).isEmpty();
    }

    @Test
    void aSnapshotOfChosenDomainsHoldsOnlyTheirGlobals() {
        fillGlobals();

        assertThat(SKGlobal.snapshot(file, Domain.GLOBAL)).isEqualTo(2);
        SKGlobal.install(new InProcessGlobalStorage());
        SKGlobal.restore(file);

        assertThat(SKGlobal.storage().names()).containsExactlyInAnyOrder(
                new GlobalName(Domain.GLOBAL, "words"), new GlobalName(Domain.GLOBAL, "#values"));
    }

    @Test
    void aSnapshotWithoutDomainsLeavesOutDomainsTheCallerMayNotOpen() {
        fillGlobals();
        SKGlobal.storage().map(new GlobalName(Domain.EXTERNAL, "user-data")).put("k", "v");

        assertThat(SKGlobal.snapshot(file)).isEqualTo(5);
        SKGlobal.install(new InProcessGlobalStorage());
        SKGlobal.restore(file);

        assertThat(SKGlobal.storage().names()).noneMatch(n -> n.domain() == Domain.EXTERNAL).hasSize(5);
    }

    @Test
    void snapshottingADomainTheCallerMayNotOpenIsRefused() {
        assertThatThrownBy(() -> SKGlobal.snapshot(file, Domain.EXTERNAL))
                .isInstanceOf(SKAccessException.class)
                .hasMessageContaining("may not snapshot EXTERNAL globals");
        assertThat(file).doesNotExist();
    }

    @Test
    void restoringAFileWithGlobalsOfADomainTheCallerMayNotOpenIsRefusedAndChangesNothing() {
        CodeRoot self = CodeRoot.module("dev.suitkaise.reg");
        SKGlobal.map(Domain.GLOBAL, "shared").put("k", "from file");
        DomainRoots.add(Domain.EXTERNAL, self);
        try {
            SKGlobal.map(Domain.EXTERNAL, "user-data").put("k", "from file");
            assertThat(SKGlobal.snapshot(file, Domain.GLOBAL, Domain.EXTERNAL)).isEqualTo(2);
        } finally {
            DomainRoots.remove(Domain.EXTERNAL, self);
        }
        SKGlobal.map(Domain.GLOBAL, "shared").put("k", "changed");
        Map<GlobalName, Map<Object, Object>> before = everything();

        assertThatThrownBy(() -> SKGlobal.restore(file))
                .isInstanceOfSatisfying(SKAccessException.class, e -> assertThat(e.domain()).isEqualTo(Domain.EXTERNAL))
                .hasMessageContaining("may not restore EXTERNAL globals");

        assertThat(everything()).isEqualTo(before);
    }

    @Test
    void theSnapshotLeavesNoTemporaryFileBehind() throws Exception {
        fillGlobals();

        SKGlobal.snapshot(file);
        SKGlobal.snapshot(file);

        assertThat(filesInDir()).containsExactly("globals.snapshot");
    }

    @Test
    void anExistingFileIsReplacedWhole() throws Exception {
        Files.writeString(file, "an old file that is much longer than the snapshot will be ".repeat(200));
        SKGlobal.map(Domain.GLOBAL, "small").put("k", "v");

        SKGlobal.snapshot(file, Domain.GLOBAL);

        assertThat(filesInDir()).containsExactly("globals.snapshot");
        assertThat(Files.size(file)).isLessThan(1_000);
        SKGlobal.map(Domain.GLOBAL, "small").clear();
        assertThat(SKGlobal.restore(file)).isEqualTo(1);
        assertThat(SKGlobal.map(Domain.GLOBAL, "small")).containsExactly(Map.entry("k", "v"));
    }

    @Test
    void missingParentDirectoriesAreCreated() {
        Path nested = dir.resolve("a/b/c/globals.snapshot");
        SKGlobal.map(Domain.GLOBAL, "small").put("k", "v");

        SKGlobal.snapshot(nested, Domain.GLOBAL);

        assertThat(nested).isRegularFile();
    }

    @Test
    void aFailedWriteLeavesNoTemporaryFileAndTheTargetUntouched() throws Exception {
        Path occupied = dir.resolve("occupied");
        Files.createDirectories(occupied);
        Files.writeString(occupied.resolve("inside.txt"), "keep me");
        SKGlobal.map(Domain.GLOBAL, "small").put("k", "v");

        assertThatThrownBy(() -> SKGlobal.snapshot(occupied, Domain.GLOBAL))
                .isInstanceOf(SKRegException.class)
                .hasMessageContaining("Could not write the globals snapshot to " + occupied.toAbsolutePath())
                .hasMessageContaining("the previous file, if any, is unchanged");

        assertThat(filesInDir()).containsExactly("occupied");
        assertThat(Files.readString(occupied.resolve("inside.txt"))).isEqualTo("keep me");
    }

    @Test
    void aNonSerializableValueFailsNamingTheGlobalAndTheKeyAndWritesNothing() throws Exception {
        Files.writeString(file, "previous contents");
        GlobalMap<String, Object> jobs = SKGlobal.map(Domain.GLOBAL, "jobs");
        jobs.put("job-1", "fine");
        jobs.put("job-7", new Unserializable());

        assertThatThrownBy(() -> SKGlobal.snapshot(file))
                .isInstanceOf(SKRegException.class)
                .hasMessageContaining("Global GLOBAL/jobs cannot be snapshotted: the entry with key 'job-7' holds a "
                        + Unserializable.class.getName() + ", which is not java.io.Serializable");

        assertThat(Files.readString(file)).isEqualTo("previous contents");
        assertThat(filesInDir()).containsExactly("globals.snapshot");
    }

    @Test
    void aNonSerializableObjectInsideAValueOrAsAKeyIsNamedToo() {
        SKGlobal.map(Domain.INTERNAL, "deep").put("list", List.of("ok", new Unserializable()));
        assertThatThrownBy(() -> SKGlobal.snapshot(file, Domain.INTERNAL))
                .isInstanceOf(SKRegException.class)
                .hasMessageContaining("Global INTERNAL/deep cannot be snapshotted: the entry with key 'list'")
                .hasMessageContaining(Unserializable.class.getName());
        SKGlobal.map(Domain.INTERNAL, "deep").clear();

        SKGlobal.map(Domain.INTERNAL, "keys").put(new Unserializable(), "value");
        assertThatThrownBy(() -> SKGlobal.snapshot(file, Domain.INTERNAL))
                .isInstanceOf(SKRegException.class)
                .hasMessageContaining("Global INTERNAL/keys cannot be snapshotted: the entry with key 'unserializable'");
        assertThat(file).doesNotExist();
    }

    @Test
    void aNonSerializableGlobalValueIsNamedByItsValueName() {
        SKGlobal.<Object>value(Domain.GLOBAL, "handle").set(new Unserializable());

        assertThatThrownBy(() -> SKGlobal.snapshot(file))
                .isInstanceOf(SKRegException.class)
                .hasMessageContaining("Global GLOBAL/#values cannot be snapshotted: the entry with key 'handle'");
    }

    @Test
    void aValueWhoseSerializationThrowsFailsNamingTheGlobalAndTheKeyAndKeepsThePreviousFile() throws Exception {
        SKGlobal.map(Domain.GLOBAL, "ok").put("a", 1);
        SKGlobal.snapshot(file, Domain.GLOBAL);
        byte[] previousFile = Files.readAllBytes(file);
        SKGlobal.map(Domain.GLOBAL, "bad").put("x", new ThrowsWhenWritten());

        assertThatThrownBy(() -> SKGlobal.snapshot(file, Domain.GLOBAL))
                .isInstanceOf(SKRegException.class)
                .hasMessageContaining("Global GLOBAL/bad cannot be snapshotted: the entry with key 'x' failed to serialize:"
                        + " java.lang.IllegalStateException: broken writeObject was thrown")
                .hasMessageContaining("The previous snapshot file, if any, is unchanged.")
                .hasRootCauseInstanceOf(IllegalStateException.class);

        assertThat(Files.readAllBytes(file)).isEqualTo(previousFile);
        assertThat(filesInDir()).containsExactly("globals.snapshot");
    }

    @Test
    void aValueWhoseSerializationOverflowsTheStackFailsNamingTheGlobalAndTheKey() throws Exception {
        SKGlobal.map(Domain.GLOBAL, "ok").put("a", 1);
        SKGlobal.snapshot(file, Domain.GLOBAL);
        byte[] previousFile = Files.readAllBytes(file);
        SKGlobal.<Object>value(Domain.GLOBAL, "deep").set(new Bottomless());

        assertThatThrownBy(() -> SKGlobal.snapshot(file, Domain.GLOBAL))
                .isInstanceOf(SKRegException.class)
                .hasMessageContaining("Global GLOBAL/#values cannot be snapshotted: the entry with key 'deep' overflowed the stack")
                .hasCauseInstanceOf(StackOverflowError.class);

        assertThat(Files.readAllBytes(file)).isEqualTo(previousFile);
    }

    @Test
    void aTinyFileThatDeclaresAHugeArrayFailsAsCorruptWithoutAllocatingIt() throws Exception {
        long[] marker = new long[7];
        Arrays.fill(marker, 0x5A5A5A5A5A5A5A5AL);
        SKGlobal.map(Domain.GLOBAL, "m").put("k", marker);
        SKGlobal.snapshot(file, Domain.GLOBAL);
        SKGlobal.map(Domain.GLOBAL, "m").clear();
        // the array's length field comes right before its first element; claim 99,999,999 elements (800 MB)
        byte[] length7 = {0, 0, 0, 7, 0x5A};
        Path bomb = editedCopy("bomb", b -> replaceFirst(b, length7, new byte[] {0x05, (byte) 0xF5, (byte) 0xE0, (byte) 0xFF}));
        assertThat(Files.size(bomb)).isLessThan(300);

        assertRestoreFailsAndChangesNothing(bomb, "global GLOBAL/m declares an array (or a collection's table) of 99999999 elements in ");
        assertThatThrownBy(() -> SKGlobal.restore(bomb, ObjectInputFilter.Config.createFilter("java.base/*;!*")))
                .isInstanceOf(SKRegException.class)
                .hasMessageContaining("of 99999999 elements");
        assertThat(SKGlobal.map(Domain.GLOBAL, "m")).isEmpty();
    }

    @Test
    void largeArraysAndSparseCollectionsStillRoundTripUnderTheArrayBound() {
        byte[] bytes = new byte[1_000_000];
        Arrays.fill(bytes, (byte) 7);
        java.util.HashSet<String> sparseSet = new java.util.HashSet<>(16, 0.25f);
        HashMap<String, Boolean> sparseMap = new HashMap<>(16, 0.25f);
        for (int i = 0; i < 10_000; i++) {
            sparseSet.add(Integer.toString(i, 36));
            sparseMap.put(Integer.toString(i, 36), Boolean.TRUE);
        }
        GlobalMap<String, Object> big = SKGlobal.map(Domain.GLOBAL, "big");
        big.put("bytes", bytes);
        big.put("longs", new long[100_000]);
        // each sparse collection in a global of its own, so that its bound is not raised by the big arrays:
        // its table (65,536 slots for 10,000 keys) outgrows its bytes in the file, and a bound of one slot
        // per byte would refuse it
        GlobalMap<String, Object> set = SKGlobal.map(Domain.GLOBAL, "sparse-set");
        set.put("set", sparseSet);
        GlobalMap<String, Object> map = SKGlobal.map(Domain.GLOBAL, "sparse-map");
        map.put("map", sparseMap);
        SKGlobal.snapshot(file, Domain.GLOBAL);
        big.clear();
        set.clear();
        map.clear();

        assertThat(SKGlobal.restore(file)).isEqualTo(3);

        assertThat((byte[]) big.get("bytes")).isEqualTo(bytes);
        assertThat((long[]) big.get("longs")).hasSize(100_000);
        assertThat(set.get("set")).isEqualTo(sparseSet);
        assertThat(map.get("map")).isEqualTo(sparseMap);
    }

    @Test
    void restoringAMissingFileFails() {
        Path missing = dir.resolve("nothing-here");

        assertRestoreFailsAndChangesNothing(missing, "No globals snapshot at");
    }

    @Test
    void restoringAForeignFileFailsAndChangesNothing() throws Exception {
        fillGlobals();
        Path text = dir.resolve("notes.txt");
        Files.writeString(text, "This is a text file, not a snapshot of globals at all.");
        Path empty = Files.createFile(dir.resolve("empty"));

        assertRestoreFailsAndChangesNothing(text, "it does not start with the snapshot marker");
        assertRestoreFailsAndChangesNothing(empty, "it is empty, so it is not a Suitkaise globals snapshot");
    }

    @Test
    void aForeignFileShorterThanTheMarkerIsToldApartFromATruncatedSnapshot() throws Exception {
        fillGlobals();
        SKGlobal.snapshot(file);
        byte[] whole = Files.readAllBytes(file);
        Path garbage = dir.resolve("garbage");
        Files.writeString(garbage, "garbage");
        Path cutInMarker = dir.resolve("cut-in-marker");
        Files.write(cutInMarker, Arrays.copyOf(whole, 5));
        Path cutInGlobals = dir.resolve("cut-in-globals");
        Files.write(cutInGlobals, Arrays.copyOf(whole, whole.length - 10));

        assertRestoreFailsAndChangesNothing(garbage, "it does not start with the snapshot marker, so it is not a Suitkaise globals snapshot");
        assertThatThrownBy(() -> SKGlobal.restore(garbage)).hasMessageNotContaining("truncated");
        assertRestoreFailsAndChangesNothing(cutInMarker, "it is truncated: it ends after 5 bytes");
        assertRestoreFailsAndChangesNothing(cutInGlobals, "it is truncated: it ends after " + (whole.length - 10) + " bytes");
    }

    @Test
    void restoringATruncatedFileFailsAtEveryCutAndChangesNothing() throws Exception {
        fillGlobals();
        SKGlobal.snapshot(file);
        changeEverything();
        byte[] whole = Files.readAllBytes(file);
        Map<GlobalName, Map<Object, Object>> before = everything();
        Path cut = dir.resolve("cut.snapshot");

        for (int length = 0; length < whole.length; length++) {
            Files.write(cut, Arrays.copyOf(whole, length));
            int at = length;
            assertThatThrownBy(() -> SKGlobal.restore(cut))
                    .as("restore of the first %d of %d bytes", at, whole.length)
                    .isInstanceOf(SKRegException.class)
                    .hasMessageContaining("nothing was restored");
        }

        assertThat(everything()).isEqualTo(before);
    }

    @Test
    void restoringACorruptFileFailsAndChangesNothing() throws Exception {
        fillGlobals();
        SKGlobal.snapshot(file);
        changeEverything();

        Path badVersion = editedCopy("version", b -> {
            ByteBuffer.wrap(b).putInt(8, 2);
            return b;
        });
        Path badCount = editedCopy("count", b -> {
            ByteBuffer.wrap(b).putInt(12, -1);
            return b;
        });
        Path badDomain = editedCopy("domain", b -> replaceFirst(b, "INTERNAL", "INTERNAX"));
        Path badStream = editedCopy("stream", b -> replaceFirst(b, new byte[] {(byte) 0xAC, (byte) 0xED}, new byte[] {0x12, 0x34}));
        Path trailing = editedCopy("trailing", b -> Arrays.copyOf(b, b.length + 3));

        assertRestoreFailsAndChangesNothing(badVersion, "it has format version 2, and this Suitkaise reads version 1");
        assertRestoreFailsAndChangesNothing(badCount, "it declares -1 globals");
        assertRestoreFailsAndChangesNothing(badDomain, "names an unknown domain 'INTERNAX'");
        assertRestoreFailsAndChangesNothing(badStream, "is corrupt");
        assertRestoreFailsAndChangesNothing(trailing, "3 unexpected bytes follow the last global");
    }

    /**
     * Writes a snapshot file by hand in the documented format (marker, version 1, count, then per
     * global its domain, name, and serialized HashMap with its length), for contents that
     * {@link SKGlobal#snapshot} would never write.
     */
    private Path handWritten(String fileName, Map<GlobalName, HashMap<Object, Object>> globals) throws IOException {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (java.io.DataOutputStream out = new java.io.DataOutputStream(bytes)) {
            out.write("SKGLOBAL".getBytes(StandardCharsets.US_ASCII));
            out.writeInt(1);
            out.writeInt(globals.size());
            for (var g : globals.entrySet()) {
                out.writeUTF(g.getKey().domain().name());
                out.writeUTF(g.getKey().name());
                java.io.ByteArrayOutputStream contents = new java.io.ByteArrayOutputStream();
                try (java.io.ObjectOutputStream oos = new java.io.ObjectOutputStream(contents)) {
                    oos.writeObject(g.getValue());
                }
                out.writeInt(contents.size());
                contents.writeTo(out);
            }
        }
        return Files.write(dir.resolve(fileName), bytes.toByteArray());
    }

    @Test
    void aFileWhoseSecondGlobalHoldsANullValueOrKeyFailsNamingItAndLeavesTheFirstGlobalAsItWas() throws Exception {
        GlobalMap<String, String> first = SKGlobal.map(Domain.GLOBAL, "first");
        first.put("k", "live");
        GlobalMap<String, String> second = SKGlobal.map(Domain.GLOBAL, "second");
        second.put("k", "live too");
        HashMap<Object, Object> fromFile = new HashMap<>(Map.of("k", "from the file"));
        HashMap<Object, Object> nullValue = new HashMap<>();
        nullValue.put("k", null);
        HashMap<Object, Object> nullKey = new HashMap<>();
        nullKey.put(null, "v");
        // a LinkedHashMap keeps the file order: the good global comes first, so a restore that
        // applied globals before checking them all would have replaced it already
        Map<GlobalName, HashMap<Object, Object>> withNullValue = new java.util.LinkedHashMap<>();
        withNullValue.put(first.globalName(), fromFile);
        withNullValue.put(second.globalName(), nullValue);
        Map<GlobalName, HashMap<Object, Object>> withNullKey = new java.util.LinkedHashMap<>();
        withNullKey.put(first.globalName(), fromFile);
        withNullKey.put(second.globalName(), nullKey);
        Path badValue = handWritten("null-value", withNullValue);
        Path badKey = handWritten("null-key", withNullKey);

        assertRestoreFailsAndChangesNothing(badValue, "global GLOBAL/second holds a null key or value");
        assertRestoreFailsAndChangesNothing(badKey, "global GLOBAL/second holds a null key or value");

        assertThat(first).containsExactly(Map.entry("k", "live"));
        assertThat(second).containsExactly(Map.entry("k", "live too"));
    }

    @Test
    void aClassTheDefaultFilterRejectsFailsClearlyAndChangesNothing() {
        SKGlobal.map(Domain.GLOBAL, "plain").put("k", "v");
        SKGlobal.map(Domain.GLOBAL, "shapes").put("origin", new Point(0, 0));
        SKGlobal.snapshot(file);
        SKGlobal.map(Domain.GLOBAL, "plain").put("k", "changed");
        SKGlobal.map(Domain.GLOBAL, "shapes").clear();

        assertRestoreFailsAndChangesNothing(file, "global GLOBAL/shapes holds a class the filter rejects: " + Point.class.getName());
        assertThatThrownBy(() -> SKGlobal.restore(file))
                .hasMessageContaining("Pass a filter that allows it to SKGlobal.restore(file, filter)");
        assertThat(SKGlobal.map(Domain.GLOBAL, "plain")).containsExactly(Map.entry("k", "changed"));
    }

    @Test
    void aCustomFilterCanAllowAnApplicationClass() {
        SKGlobal.map(Domain.GLOBAL, "shapes").put("origin", new Point(0, 0));
        SKGlobal.map(Domain.GLOBAL, "shapes").put("corner", new Point(3, 4));
        SKGlobal.snapshot(file);
        SKGlobal.map(Domain.GLOBAL, "shapes").clear();

        ObjectInputFilter filter = ObjectInputFilter.Config.createFilter(Point.class.getName() + ";java.base/*;!*");
        assertThat(SKGlobal.restore(file, filter)).isEqualTo(1);

        assertThat(SKGlobal.map(Domain.GLOBAL, "shapes"))
                .containsOnly(Map.entry("origin", new Point(0, 0)), Map.entry("corner", new Point(3, 4)));
    }

    @Test
    void aFilterThatRejectsEverythingRejectsEvenJdkValues() {
        SKGlobal.map(Domain.GLOBAL, "plain").put("k", "v");
        SKGlobal.snapshot(file);
        SKGlobal.map(Domain.GLOBAL, "plain").clear();

        assertThatThrownBy(() -> SKGlobal.restore(file, ObjectInputFilter.Config.createFilter("!*")))
                .isInstanceOf(SKRegException.class)
                .hasMessageContaining("holds a class the filter rejects: java.util.HashMap");
        assertThat(SKGlobal.map(Domain.GLOBAL, "plain")).isEmpty();
    }

    @Test
    void aFilterLimitThatIsExceededIsToldApartFromARejectedClass() {
        SKGlobal.map(Domain.GLOBAL, "nested").put("k", new java.util.ArrayList<>(List.of(new java.util.ArrayList<>(List.of("deep")))));
        SKGlobal.snapshot(file);
        SKGlobal.map(Domain.GLOBAL, "nested").clear();

        assertThatThrownBy(() -> SKGlobal.restore(file, ObjectInputFilter.Config.createFilter("maxdepth=2;java.base/*;!*")))
                .isInstanceOf(SKRegException.class)
                .hasMessageContaining("global GLOBAL/nested exceeds a limit of the filter (at depth 3")
                .hasMessageNotContaining("holds a class");
        assertThat(SKGlobal.map(Domain.GLOBAL, "nested")).isEmpty();
    }

    @Test
    void restoreRejectsNullArguments() {
        assertThatThrownBy(() -> SKGlobal.restore(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> SKGlobal.restore(file, null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> SKGlobal.snapshot(null)).isInstanceOf(NullPointerException.class);
    }

    private static byte[] replaceFirst(byte[] bytes, String from, String to) {
        return replaceFirst(bytes, from.getBytes(StandardCharsets.UTF_8), to.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] replaceFirst(byte[] bytes, byte[] from, byte[] to) {
        for (int i = 0; i + from.length <= bytes.length; i++) {
            if (Arrays.equals(bytes, i, i + from.length, from, 0, from.length)) {
                System.arraycopy(to, 0, bytes, i, to.length);
                return bytes;
            }
        }
        throw new AssertionError("pattern not found in the snapshot");
    }

    @Test
    void aReaderNeverSeesARestoredMapEmptyWhileTheRestoreRuns() throws Exception {
        GlobalMap<String, Integer> live = SKGlobal.map(Domain.GLOBAL, "live");
        live.put("kept", 1);
        live.put("snapshotted", 2);
        SKGlobal.snapshot(file, Domain.GLOBAL);
        java.util.concurrent.atomic.AtomicBoolean done = new java.util.concurrent.atomic.AtomicBoolean();
        java.util.concurrent.atomic.AtomicLong emptySightings = new java.util.concurrent.atomic.AtomicLong();
        java.util.concurrent.atomic.AtomicLong reads = new java.util.concurrent.atomic.AtomicLong();
        Thread reader = Thread.ofPlatform().start(() -> {
            while (!done.get()) {
                if (live.isEmpty()) {
                    emptySightings.incrementAndGet();
                }
                reads.incrementAndGet();
            }
        });
        try {
            // the reader reads before the restores begin, or no sighting could be made
            dev.suitkaise.testkit.Conditions.until("the reader made its first read", Duration.ofSeconds(60),
                    () -> reads.get() > 0);
            for (int i = 0; i < 300; i++) {
                live.put("extra-" + i, i);
                assertThat(SKGlobal.restore(file)).isEqualTo(1);
            }
        } finally {
            done.set(true);
            reader.join(java.time.Duration.ofSeconds(10));
        }
        assertThat(reader.isAlive()).isFalse();
        assertThat(reads.get()).isPositive();
        assertThat(emptySightings.get()).isZero();
        assertThat(Map.copyOf(live)).isEqualTo(Map.of("kept", 1, "snapshotted", 2));
    }
}
