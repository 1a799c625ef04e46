package dev.suitkaise.process.internal;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * A class-data cache for child JVMs, so that a child loads its classes (the JDK's, Kryo's and
 * Suitkaise's) from a memory-mapped archive instead of parsing and verifying them again. On JDK
 * 24 and newer it is an AOT cache (JEP 483: classes loaded and linked ahead of time); on older
 * JDKs a dynamic CDS archive. The first child of a given setup is a training run: it records what
 * it loads and, when it exits normally, the cache is written (on JDK 24+ by an assembly JVM that
 * runs in the background). Later children of the same setup start with the cache.
 *
 * <p>A cache is keyed by the JDK (home and exact version), the child's JVM options (without
 * system properties) and every class path and module path entry with its size and modification
 * time, so a cache never meets a setup it was not made for (and the JVM checks again and falls
 * back silently). It is not used when an entry of either path is not a jar file (the JVM archives
 * classes from jars only), when the options already choose a CDS or AOT setting ({@code -Xshare},
 * {@code -XX:SharedArchiveFile}, {@code -XX:AOT...}), load an agent or patch modules, or when
 * {@code -Dsuitkaise.process.cds=false} is set in the parent. Caches live in a private (0700)
 * directory: {@code -Dsuitkaise.process.cacheDir}, else {@code $XDG_CACHE_HOME/suitkaise/jvm} or
 * {@code ~/.cache/suitkaise/jvm}; where that cannot be made private (no POSIX permissions), no
 * cache is used. At most {@value #KEEP} caches are kept. Thread-safe.
 */
final class ChildCache {

    /** Parent system property: {@code true} turns the cache on (it is off by default). */
    static final String ENABLED_PROPERTY = "suitkaise.process.cds";
    /** Parent system property: the cache directory. */
    static final String DIR_PROPERTY = "suitkaise.process.cacheDir";

    private static final Logger LOG = LoggerFactory.getLogger(ChildCache.class);
    private static final int KEEP = 8;
    private static final long ASSEMBLY_MINUTES = 5;
    private static final List<String> CONFLICTING = List.of("-Xshare", "-XX:SharedArchiveFile", "-XX:ArchiveClassesAtExit",
            "-XX:+AutoCreateSharedArchive", "-XX:AOT", "-XX:SharedClassListFile", "-XX:DumpLoadedClassList", "-XX:-UseSharedSpaces",
            "-javaagent", "-agentlib", "-agentpath", "--patch-module", "-Xbootclasspath", "--upgrade-module-path");
    private static final String TRAIN_AOT = "-XX:AOTConfiguration=";
    private static final String TRAIN_CDS = "-XX:ArchiveClassesAtExit=";
    /** Keys whose training child runs now in this JVM. */
    private static final Set<String> TRAINING = ConcurrentHashMap.newKeySet();
    private static final SecureRandom RANDOM = new SecureRandom();

    private ChildCache() {
    }

    /** Whether this JDK writes AOT caches (JDK 24+) rather than dynamic CDS archives. */
    private static boolean aot() {
        return Runtime.version().feature() >= 24;
    }

    /**
     * The options that make a child use (or train) the cache, to put among its JVM options.
     *
     * @param jvmOptions the child's JVM options so far
     * @param classPath the child's class path, or empty
     * @param modulePath the child's module path, or empty
     * @return the options; empty when no cache applies
     */
    static List<String> options(List<String> jvmOptions, String classPath, String modulePath) {
        if (!"true".equalsIgnoreCase(System.getProperty(ENABLED_PROPERTY, "false"))) {
            return List.of();
        }
        for (String o : jvmOptions) {
            for (String c : CONFLICTING) {
                if (o.startsWith(c)) {
                    return List.of();
                }
            }
        }
        List<Path> cp = jars(classPath);
        List<Path> mp = jars(modulePath);
        if (cp == null || mp == null || cp.isEmpty() && mp.isEmpty()) {
            return List.of();
        }
        Path dir = directory();
        if (dir == null) {
            return List.of();
        }
        String key;
        try {
            key = key(jvmOptions, cp, mp);
        } catch (IOException e) {
            LOG.debug("No child JVM cache: cannot read the path entries: {}", e.toString());
            return List.of();
        }
        String ext = aot() ? ".aot" : ".jsa";
        Path cache = dir.resolve(key + ext);
        // a log tag the JVM does not know stops it from starting: 'aot' exists from JDK 25 on
        int feature = Runtime.version().feature();
        List<String> quiet = feature >= 25 ? List.of("-Xlog:aot=off", "-Xlog:cds=off")
                : feature == 24 ? List.of("-Xlog:cds=off") : List.of("-Xlog:cds=off", "-Xlog:cds+dynamic=off");
        List<String> out = new ArrayList<>();
        if (Files.isRegularFile(cache, LinkOption.NOFOLLOW_LINKS)) {
            out.add((aot() ? "-XX:AOTCache=" : "-XX:SharedArchiveFile=") + cache);
            out.addAll(quiet);
            return out;
        }
        if (Files.exists(dir.resolve(key + ".failed")) || !TRAINING.add(key)) {
            return List.of();
        }
        String tmp = key + "." + Long.toUnsignedString(RANDOM.nextLong(), 36);
        if (aot()) {
            out.add("-XX:AOTMode=record");
            out.add(TRAIN_AOT + dir.resolve(tmp + ".aotconf"));
        } else {
            out.add(TRAIN_CDS + dir.resolve(tmp + ".jsa.tmp"));
        }
        out.addAll(quiet);
        LOG.debug("This child trains the child JVM cache {}", cache);
        return out;
    }

    /**
     * Watches a started child: if it trains a cache, writes the cache once it has exited normally.
     *
     * @param cmd the child's command
     * @param process the child
     */
    static void started(List<String> cmd, Process process) {
        String training = null;
        for (String a : cmd) {
            if (a.startsWith(TRAIN_AOT) || a.startsWith(TRAIN_CDS)) {
                training = a;
            }
        }
        if (training == null) {
            return;
        }
        String arg = training;
        process.onExit().thenRun(() -> Thread.ofPlatform().daemon().name("sk-process-cache").start(() -> finish(cmd, arg, process)));
    }

    private static void finish(List<String> cmd, String training, Process process) {
        boolean isAot = training.startsWith(TRAIN_AOT);
        Path recorded = Path.of(training.substring((isAot ? TRAIN_AOT : TRAIN_CDS).length()));
        String name = recorded.getFileName().toString();
        String key = name.substring(0, name.indexOf('.'));
        Path dir = recorded.getParent();
        Path cache = dir.resolve(key + (isAot ? ".aot" : ".jsa"));
        try {
            int code = process.exitValue();
            if (code != 0 || !Files.isRegularFile(recorded)) {
                if (code == 0) {
                    LOG.debug("The training child wrote no cache data; child JVMs of this setup start without a cache");
                    Files.writeString(dir.resolve(key + ".failed"), "no data recorded\n", StandardCharsets.UTF_8);
                }
                return;
            }
            if (!isAot) {
                Files.move(recorded, cache, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                LOG.debug("Child JVM cache written: {}", cache);
            } else {
                assemble(cmd, training, recorded, key, cache);
            }
            prune(dir);
        } catch (IOException | RuntimeException e) {
            LOG.debug("The child JVM cache {} was not written: {}", cache, e.toString());
        } finally {
            TRAINING.remove(key);
            try {
                Files.deleteIfExists(recorded);
            } catch (IOException e) {
                LOG.debug("Cannot delete {}: {}", recorded, e.toString());
            }
        }
    }

    /**
     * Runs the assembly JVM with the child's own command (the JVM creates the cache and exits
     * without running the main), through {@code sh}, which renames the cache into place and
     * removes the recorded configuration even if this JVM has exited meanwhile.
     */
    private static void assemble(List<String> cmd, String training, Path config, String key, Path cache) throws IOException {
        Path tmp = config.resolveSibling(config.getFileName().toString().replace(".aotconf", ".aot.tmp"));
        List<String> sh = new ArrayList<>(List.of("/bin/sh", "-c", "\"$@\" && mv -f \"$SK_TMP\" \"$SK_CACHE\"; rm -f \"$SK_TMP\" \"$SK_CONF\"", "sh"));
        for (String a : cmd) {
            if (a.equals("-XX:AOTMode=record")) {
                sh.add("-XX:AOTMode=create");
            } else if (a.equals(training)) {
                sh.add(a);
                sh.add("-XX:AOTCache=" + tmp);
            } else {
                sh.add(a);
            }
        }
        ProcessBuilder pb = new ProcessBuilder(sh).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD);
        Launcher.OPTION_VARIABLES.forEach(pb.environment()::remove);
        pb.environment().put("SK_TMP", tmp.toString());
        pb.environment().put("SK_CACHE", cache.toString());
        pb.environment().put("SK_CONF", config.toString());
        long started = System.nanoTime();
        Process p = pb.start();
        try {
            if (!p.waitFor(ASSEMBLY_MINUTES, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                LOG.debug("Assembling the child JVM cache {} took over {} minutes; given up", cache, ASSEMBLY_MINUTES);
                return;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        } finally {
            Files.deleteIfExists(tmp);
        }
        if (p.exitValue() == 0 && Files.isRegularFile(cache)) {
            LOG.debug("Child JVM cache written in {} ms: {}", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started), cache);
        } else {
            LOG.debug("The assembly of the child JVM cache {} failed (exit {}); child JVMs of this setup start without a cache",
                    cache, p.exitValue());
            Files.writeString(cache.resolveSibling(key + ".failed"), "assembly failed\n", StandardCharsets.UTF_8);
        }
    }

    /** Keeps the newest caches and drops leftovers of training runs older than a day. */
    private static void prune(Path dir) throws IOException {
        List<Path> caches = new ArrayList<>();
        long dayAgo = System.currentTimeMillis() - Duration.ofDays(1).toMillis();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path f : files) {
                String n = f.getFileName().toString();
                if (n.endsWith(".aot") || n.endsWith(".jsa")) {
                    caches.add(f);
                } else if (Files.getLastModifiedTime(f, LinkOption.NOFOLLOW_LINKS).toMillis() < dayAgo) {
                    Files.deleteIfExists(f);
                }
            }
        }
        caches.sort(Comparator.comparingLong((Path f) -> {
            try {
                return Files.getLastModifiedTime(f, LinkOption.NOFOLLOW_LINKS).toMillis();
            } catch (IOException e) {
                return 0L;
            }
        }).reversed());
        for (Path old : caches.subList(Math.min(KEEP, caches.size()), caches.size())) {
            Files.deleteIfExists(old);
        }
    }

    /** The entries of a path if all are jar files; an empty list for an empty path; null otherwise. */
    private static List<Path> jars(String path) {
        List<Path> out = new ArrayList<>();
        if (path == null || path.isEmpty()) {
            return out;
        }
        for (String e : path.split(File.pathSeparator)) {
            if (e.isEmpty()) {
                continue;
            }
            Path p = Path.of(e);
            if (!Files.isRegularFile(p) || !e.endsWith(".jar")) {
                return null;
            }
            out.add(p.toAbsolutePath());
        }
        return out;
    }

    private static String key(List<String> jvmOptions, List<Path> cp, List<Path> mp) throws IOException {
        MessageDigest md;
        try {
            md = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
        StringBuilder s = new StringBuilder();
        s.append(System.getProperty("java.home")).append('\n').append(System.getProperty("java.vm.version")).append('\n');
        for (String o : jvmOptions) {
            if (!o.startsWith("-D")) {
                s.append("opt ").append(o).append('\n');
            }
        }
        entries(s, "cp", cp);
        entries(s, "mp", mp);
        byte[] hash = md.digest(s.toString().getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(hash, 0, 16);
    }

    private static void entries(StringBuilder s, String kind, List<Path> paths) throws IOException {
        for (Path p : paths) {
            BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class);
            s.append(kind).append(' ').append(p).append(' ').append(a.size()).append(' ').append(a.lastModifiedTime().toMillis())
                    .append('\n');
        }
    }

    /** The private cache directory, created if missing; null if it cannot be made private. */
    private static Path directory() {
        try {
            String configured = System.getProperty(DIR_PROPERTY);
            Path dir;
            if (configured != null && !configured.isBlank()) {
                dir = Path.of(configured);
            } else {
                String xdg = System.getenv("XDG_CACHE_HOME");
                Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
                dir = base.resolve("suitkaise").resolve("jvm");
            }
            if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
                Files.createDirectories(dir.getParent());
                try {
                    Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
                } catch (java.nio.file.FileAlreadyExistsException e) {
                    // made by another process meanwhile: checked below
                }
            }
            PosixFileAttributes a = Files.readAttributes(dir, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            Set<PosixFilePermission> perms = a.permissions();
            boolean ownerOnly = perms.stream().allMatch(p -> p.name().startsWith("OWNER_"));
            String me = System.getProperty("user.name");
            if (!a.isDirectory() || !ownerOnly || !a.owner().getName().equals(me)) {
                LOG.debug("No child JVM cache: {} is not a private directory of {}", dir, me);
                return null;
            }
            return dir;
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            LOG.debug("No child JVM cache: {}", e.toString());
            return null;
        }
    }
}
