package dev.suitkaise.process.internal;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** When a child JVM gets a class-data cache, and which one. */
class ChildCacheTest {

    private Path root;
    private Path cacheDir;
    private Path jarA;
    private Path jarB;
    private String saved;

    @BeforeEach
    void setUp() throws IOException {
        root = Files.createTempDirectory("sk-cache-test");
        cacheDir = root.resolve("cache");
        jarA = Files.write(root.resolve("a.jar"), new byte[] {1, 2, 3});
        jarB = Files.write(root.resolve("b.jar"), new byte[] {4, 5});
        saved = System.getProperty(ChildCache.DIR_PROPERTY);
        System.setProperty(ChildCache.DIR_PROPERTY, cacheDir.toString());
        System.setProperty(ChildCache.ENABLED_PROPERTY, "true");
    }

    @AfterEach
    void tearDown() throws IOException {
        if (saved == null) {
            System.clearProperty(ChildCache.DIR_PROPERTY);
        } else {
            System.setProperty(ChildCache.DIR_PROPERTY, saved);
        }
        System.clearProperty(ChildCache.ENABLED_PROPERTY);
        try (var files = Files.walk(root)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    private static List<String> unique(String... more) {
        List<String> o = new java.util.ArrayList<>(List.of("-Xmx64m", "-Dx=" + UUID.randomUUID(), "-XX:MaxMetaspaceSize=" + (100 + (UUID.randomUUID().hashCode() & 0xfff)) + "m"));
        o.addAll(List.of(more));
        return o;
    }

    private String classPath() {
        return jarA + File.pathSeparator + jarB;
    }

    private static String value(List<String> options, String prefix) {
        return options.stream().filter(o -> o.startsWith(prefix)).map(o -> o.substring(prefix.length())).findFirst().orElse(null);
    }

    private static String trainedKey(List<String> options) {
        String recorded = value(options, Runtime.version().feature() >= 24 ? "-XX:AOTConfiguration=" : "-XX:ArchiveClassesAtExit=");
        return recorded == null ? null : Path.of(recorded).getFileName().toString().split("\\.")[0];
    }

    @Test
    void theFirstChildOfASetupTrainsAndLaterChildrenUseTheCacheOnceWritten() throws IOException {
        List<String> jvm = unique();
        List<String> first = ChildCache.options(jvm, classPath(), "");
        boolean aot = Runtime.version().feature() >= 24;
        String recorded = value(first, aot ? "-XX:AOTConfiguration=" : "-XX:ArchiveClassesAtExit=");
        assertThat(recorded).startsWith(cacheDir.toString());
        if (aot) {
            assertThat(first).contains("-XX:AOTMode=record");
        }
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(cacheDir))).isEqualTo("rwx------");

        // while the training child runs, no second child trains the same setup
        assertThat(ChildCache.options(jvm, classPath(), "")).isEmpty();

        String key = Path.of(recorded).getFileName().toString().split("\\.")[0];
        Path cache = Files.write(cacheDir.resolve(key + (aot ? ".aot" : ".jsa")), new byte[] {0});
        List<String> later = ChildCache.options(jvm, classPath(), "");
        assertThat(value(later, aot ? "-XX:AOTCache=" : "-XX:SharedArchiveFile=")).isEqualTo(cache.toString());
    }

    @Test
    void aChangedJarLeadsToAnotherCache() throws IOException {
        List<String> jvm = unique();
        String before = trainedKey(ChildCache.options(jvm, classPath(), ""));
        Files.write(jarB, new byte[] {4, 5, 6});
        Files.setLastModifiedTime(jarB, FileTime.fromMillis(System.currentTimeMillis() + 5000));
        String after = trainedKey(ChildCache.options(jvm, classPath(), ""));

        assertThat(before).isNotNull();
        assertThat(after).isNotNull().isNotEqualTo(before);
    }

    @Test
    void noCacheWhenAPathEntryIsADirectory() throws IOException {
        Path classes = Files.createDirectories(root.resolve("classes"));
        assertThat(ChildCache.options(unique(), classPath() + File.pathSeparator + classes, "")).isEmpty();
        assertThat(ChildCache.options(unique(), "", classes.toString())).isEmpty();
    }

    @Test
    void noCacheWhenTheOptionsAlreadyChooseOneOrTheSwitchIsOff() {
        assertThat(ChildCache.options(unique("-Xshare:off"), classPath(), "")).isEmpty();
        assertThat(ChildCache.options(unique("-XX:SharedArchiveFile=/x.jsa"), classPath(), "")).isEmpty();
        assertThat(ChildCache.options(unique("-javaagent:/agent.jar"), classPath(), "")).isEmpty();
        System.setProperty(ChildCache.ENABLED_PROPERTY, "false");
        assertThat(ChildCache.options(unique(), classPath(), "")).isEmpty();
    }

    @Test
    void noCacheUnlessTurnedOn() {
        System.clearProperty(ChildCache.ENABLED_PROPERTY);
        assertThat(ChildCache.options(unique(), classPath(), "")).as("off by default").isEmpty();
        System.setProperty(ChildCache.ENABLED_PROPERTY, "true");
        assertThat(ChildCache.options(unique(), classPath(), "")).isNotEmpty();
    }

    @Test
    void noCacheInADirectoryOthersCanEnter() throws IOException {
        Files.createDirectories(cacheDir);
        Files.setPosixFilePermissions(cacheDir, PosixFilePermissions.fromString("rwxr-xr-x"));
        assertThat(ChildCache.options(unique(), classPath(), "")).isEmpty();
    }
}
