package dev.suitkaise.process.internal;

import dev.suitkaise.testkit.Conditions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.StandardProtocolFamily;
import java.net.URISyntaxException;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.UserPrincipal;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The socket directory of a JVM that died without removing it (killed with SIGKILL) is removed
 * by the next server that opens in the same temporary directory; a live JVM's directory, one
 * modified in the last few seconds (its socket may be bound and not yet listening), and anything
 * that is not clearly such a leftover, is kept.
 */
class StaleSocketDirTest {

    private static long deadPid;

    private final List<Process> started = new ArrayList<>();

    @TempDir
    Path tmp;

    @BeforeAll
    static void findAPidThatIsNoLongerAlive() throws Exception {
        Process p = new ProcessBuilder(java(), "-version").redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        deadPid = p.pid();
        assertThat(ProcessHandle.of(deadPid).map(ProcessHandle::isAlive).orElse(false)).as("pid %d alive", deadPid).isFalse();
    }

    @AfterEach
    void endHarnesses() throws InterruptedException {
        for (Process p : started) {
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void aDirectoryLeftByAJvmKilledWithSigkillIsRemovedByTheNextServerWhileALiveOnesIsKept() throws Exception {
        Path oldStyle = tmp.resolve("suitkaise-process-1234567890123456789");
        Files.createDirectory(oldStyle);
        staleSocket(oldStyle.resolve("channel.sock"));
        leftAnHourAgo(oldStyle);

        Process killed = harness();
        Path killedDir = directoryOf(killed);
        assertThat(killedDir.getParent()).isEqualTo(tmp);
        assertThat(killedDir.getFileName().toString()).matches("suitkaise-process-" + killed.pid() + "-[0-9]+");
        killed.destroyForcibly(); // SIGKILL: no shutdown hook runs
        assertThat(killed.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(killedDir.resolve("channel.sock")).as("left behind by the killed JVM").exists();
        leftAnHourAgo(killedDir); // a directory just left is kept a few seconds (it may be about to listen)

        Process live = harness();
        Path liveDir = directoryOf(live);
        assertThat(killedDir).as("swept by the next server").doesNotExist();
        assertThat(liveDir.resolve("channel.sock")).exists();

        Process another = harness();
        Path anotherDir = directoryOf(another);
        assertThat(liveDir.resolve("channel.sock")).as("kept: its JVM is alive").exists();
        assertThat(anotherDir.resolve("channel.sock")).exists();
        assertThat(oldStyle.resolve("channel.sock")).as("an old-style directory, without a pid, is left alone").exists();

        for (Process p : List.of(live, another)) {
            p.getOutputStream().close(); // the harness exits normally and its shutdown hook removes its directory
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(liveDir).doesNotExist();
        assertThat(anotherDir).doesNotExist();
    }

    @ParameterizedTest(name = "secure directory stream: {0}")
    @ValueSource(booleans = {true, false})
    void aDirectoryNamedForADeadPidIsRemovedWithItsSocket(boolean secure) throws IOException {
        Path stale = staleDirectory(deadPid, "1");

        assertThat(SocketDirs.sweep(tmp, me(), secure)).containsExactly(stale);

        assertThat(stale).doesNotExist();
    }

    @ParameterizedTest(name = "secure directory stream: {0}")
    @ValueSource(booleans = {true, false})
    void aDirectoryWhoseSocketWasJustBoundIsKeptThoughNothingListensYet(boolean secure) throws IOException {
        // a JVM in another PID namespace between its bind and its listen: its pid is not seen, and a connection is refused
        Path dir = Files.createDirectory(tmp.resolve("suitkaise-process-" + deadPid + "-7"));
        Path socket = dir.resolve("channel.sock");
        staleSocket(socket);
        Instant bound = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Instant justBefore = bound.plus(SocketDirs.MIN_AGE).minusMillis(1);

        modified(socket, bound);
        modified(dir, bound.minus(Duration.ofHours(1)));
        assertThat(SocketDirs.sweep(tmp, me(), secure, justBefore)).as("socket bound less than %s ago", SocketDirs.MIN_AGE).isEmpty();
        modified(socket, bound.minus(Duration.ofHours(1)));
        modified(dir, bound);
        assertThat(SocketDirs.sweep(tmp, me(), secure, justBefore)).as("directory changed less than %s ago", SocketDirs.MIN_AGE)
                .isEmpty();
        assertThat(socket).exists();

        modified(socket, bound);
        assertThat(SocketDirs.sweep(tmp, me(), secure, bound.plus(SocketDirs.MIN_AGE))).containsExactly(dir);
        assertThat(dir).doesNotExist();
    }

    @Test
    void aDirectoryTheBackgroundSweepLeftBecauseItWasYoungIsRemovedByASweepAfterItAged() throws IOException {
        // a child killed within MIN_AGE of opening its own server: its parent sweeps once, when it sees the exit
        Path own = Files.createDirectory(tmp.resolve("own"));
        Path dir = Files.createDirectory(tmp.resolve("suitkaise-process-" + deadPid + "-8"));
        staleSocket(dir.resolve("channel.sock"));

        SocketDirs.sweepBesideInBackground(own.getParent(), me());

        Conditions.until("the young stale directory is removed once it is older than " + SocketDirs.MIN_AGE,
                Duration.ofSeconds(60), () -> !Files.exists(dir, LinkOption.NOFOLLOW_LINKS));
        assertThat(own).exists();
    }

    @Test
    void theLaterSweepStillRunsWhenTheDirectoryOfTheServerThatAskedForItIsGoneMeanwhile() throws IOException {
        // a parent's server dies (deleting its own directory) between its sweep and the sweep MIN_AGE later
        Path own = Files.createDirectory(tmp.resolve("own"));
        Path dir = Files.createDirectory(tmp.resolve("suitkaise-process-" + deadPid + "-9"));
        staleSocket(dir.resolve("channel.sock"));

        SocketDirs.sweepBesideInBackground(own.getParent(), Files.getOwner(own, LinkOption.NOFOLLOW_LINKS));
        Files.delete(own);

        Conditions.until("the young stale directory is removed once it is older than " + SocketDirs.MIN_AGE,
                Duration.ofSeconds(30), () -> !Files.exists(dir, LinkOption.NOFOLLOW_LINKS));
    }

    @Test
    void aBackgroundSweepOfAnotherDirectoryAskedForWhileOneRunsIsServedToo(@TempDir Path other) throws IOException {
        // 300 stale directories keep the first sweep busy while the second is asked for
        for (int i = 0; i < 300; i++) {
            staleDirectory(deadPid, Integer.toString(5000 + i));
        }
        Path elsewhere = Files.createDirectory(other.resolve("suitkaise-process-" + deadPid + "-9999"));
        staleSocket(elsewhere.resolve("channel.sock"));
        leftAnHourAgo(elsewhere);

        SocketDirs.sweepBesideInBackground(tmp, me());
        SocketDirs.sweepBesideInBackground(other, me());

        Conditions.until("the other directory's stale socket directory is removed", Duration.ofSeconds(60),
                () -> !Files.exists(elsewhere, LinkOption.NOFOLLOW_LINKS));
        Conditions.until("the busy directory is swept", Duration.ofSeconds(60), () -> {
            try (var left = Files.list(tmp)) {
                return left.noneMatch(d -> d.getFileName().toString().startsWith("suitkaise-process-" + deadPid + "-5"));
            } catch (IOException e) {
                return false;
            }
        });
    }

    @ParameterizedTest(name = "secure directory stream: {0}")
    @ValueSource(booleans = {true, false})
    void aDirectoryNamedForALiveProcessIsKeptEvenIfNothingListensOnItsSocket(boolean secure) throws IOException {
        Path mine = staleDirectory(ProcessHandle.current().pid(), "1"); // modified long ago

        assertThat(SocketDirs.sweep(tmp, me(), secure)).isEmpty();

        assertThat(mine.resolve("channel.sock")).exists();
    }

    @ParameterizedTest(name = "secure directory stream: {0}")
    @ValueSource(booleans = {true, false})
    void aDirectoryWhoseSocketStillHasAListenerIsKeptThoughItsPidIsNotSeen(boolean secure) throws IOException {
        Path dir = Files.createDirectory(tmp.resolve("suitkaise-process-" + deadPid + "-2"));
        try (ServerSocketChannel listening = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            listening.bind(UnixDomainSocketAddress.of(dir.resolve("channel.sock")));
            leftAnHourAgo(dir); // kept for its listener, not its age

            assertThat(SocketDirs.sweep(tmp, me(), secure)).isEmpty();

            assertThat(dir.resolve("channel.sock")).exists();
        }
    }

    @ParameterizedTest(name = "secure directory stream: {0}")
    @ValueSource(booleans = {true, false})
    void aDirectoryOfAnotherUserIsKept(boolean secure) throws IOException {
        Path stale = staleDirectory(deadPid, "3");
        var users = tmp.getFileSystem().getUserPrincipalLookupService();
        UserPrincipal other = users.lookupPrincipalByName(me().getName().equals("root") ? "nobody" : "root");

        assertThat(SocketDirs.sweep(tmp, other, secure)).isEmpty();

        assertThat(stale.resolve("channel.sock")).exists();
    }

    @ParameterizedTest(name = "secure directory stream: {0}")
    @ValueSource(booleans = {true, false})
    void onlyTheSocketIsDeletedFromADirectoryThatHoldsMore(boolean secure) throws IOException {
        Path stale = staleDirectory(deadPid, "4");
        Path other = Files.createDirectory(stale.resolve("other"));
        Files.writeString(other.resolve("file"), "kept");
        leftAnHourAgo(stale); // adding "other" modified the directory

        assertThat(SocketDirs.sweep(tmp, me(), secure)).isEmpty();

        assertThat(stale.resolve("channel.sock")).doesNotExist();
        assertThat(other.resolve("file")).hasContent("kept");
    }

    @ParameterizedTest(name = "secure directory stream: {0}")
    @ValueSource(booleans = {true, false})
    void aFileNamedLikeTheSocketButNoSocketIsKept(boolean secure) throws IOException {
        Path dir = Files.createDirectory(tmp.resolve("suitkaise-process-" + deadPid + "-5"));
        Files.writeString(dir.resolve("channel.sock"), "not a socket");
        leftAnHourAgo(dir);

        assertThat(SocketDirs.sweep(tmp, me(), secure)).isEmpty();

        assertThat(dir.resolve("channel.sock")).hasContent("not a socket");
    }

    @ParameterizedTest(name = "secure directory stream: {0}")
    @ValueSource(booleans = {true, false})
    void aLinkNamedLikeAStaleDirectoryIsNotFollowed(boolean secure) throws IOException {
        Path target = Files.createDirectory(tmp.resolve("elsewhere"));
        staleSocket(target.resolve("channel.sock"));
        leftAnHourAgo(target);
        Path link = Files.createSymbolicLink(tmp.resolve("suitkaise-process-" + deadPid + "-6"), target);

        assertThat(SocketDirs.sweep(tmp, me(), secure)).isEmpty();

        assertThat(target.resolve("channel.sock")).exists();
        assertThat(Files.isSymbolicLink(link)).isTrue();
    }

    @Test
    void severalSweepsAtOnceRemoveEachStaleDirectoryOnceAndFailNone() throws Exception {
        List<Path> stale = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            stale.add(staleDirectory(deadPid, Integer.toString(100 + i)));
        }
        int sweepers = 4;
        CountDownLatch go = new CountDownLatch(1);
        List<Future<List<Path>>> results = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(sweepers)) {
            for (int i = 0; i < sweepers; i++) {
                boolean secure = i % 2 == 0;
                results.add(pool.submit(() -> {
                    go.await();
                    return SocketDirs.sweep(tmp, me(), secure);
                }));
            }
            go.countDown();
            List<Path> removed = new ArrayList<>();
            for (Future<List<Path>> f : results) {
                removed.addAll(f.get(60, TimeUnit.SECONDS));
            }
            assertThat(removed).containsExactlyInAnyOrderElementsOf(stale);
        }
        for (Path p : stale) {
            assertThat(p).doesNotExist();
        }
    }

    /**
     * A directory as a JVM with this pid leaves it when killed, an hour ago: a socket nothing
     * listens on, neither modified since.
     */
    private Path staleDirectory(long pid, String random) throws IOException {
        Path dir = Files.createDirectory(tmp.resolve("suitkaise-process-" + pid + "-" + random));
        staleSocket(dir.resolve("channel.sock"));
        leftAnHourAgo(dir);
        return dir;
    }

    /** Makes a socket directory and its socket look modified an hour ago, as one left long ago. */
    private static void leftAnHourAgo(Path dir) throws IOException {
        Instant hourAgo = Instant.now().minus(Duration.ofHours(1));
        modified(dir.resolve("channel.sock"), hourAgo);
        modified(dir, hourAgo);
    }

    private static void modified(Path path, Instant when) throws IOException {
        Files.setLastModifiedTime(path, FileTime.from(when));
    }

    /** Binds a Unix domain socket at the path and closes it: the socket file stays. */
    private static void staleSocket(Path path) throws IOException {
        try (ServerSocketChannel s = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            s.bind(UnixDomainSocketAddress.of(path));
        }
        assertThat(Files.exists(path, LinkOption.NOFOLLOW_LINKS)).isTrue();
    }

    private UserPrincipal me() throws IOException {
        return Files.getOwner(tmp, LinkOption.NOFOLLOW_LINKS);
    }

    private Process harness() throws Exception {
        List<String> classPath = new ArrayList<>();
        classPath.add(classDirectoryOf(SocketDirHarness.class).toString());
        classPath.add(classDirectoryOf(ProcessServer.class).toString());
        for (String property : List.of("jdk.module.path", "java.class.path")) {
            for (String entry : System.getProperty(property, "").split(File.pathSeparator)) {
                if (!entry.isEmpty()) {
                    classPath.add(entry);
                }
            }
        }
        Process p = new ProcessBuilder(java(), "-Xshare:auto", "-Djava.io.tmpdir=" + tmp,
                "-cp", String.join(File.pathSeparator, classPath), SocketDirHarness.class.getName())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        started.add(p);
        return p;
    }

    /** The directory the harness prints once its server is open (and its sweep done). */
    private static Path directoryOf(Process harness) throws Exception {
        BufferedReader out = new BufferedReader(new InputStreamReader(harness.getInputStream(), StandardCharsets.UTF_8));
        String line = CompletableFuture.supplyAsync(() -> {
            try {
                String l;
                while ((l = out.readLine()) != null && !l.startsWith("DIR ")) {
                    // skip anything else
                }
                return l;
            } catch (IOException e) {
                return null;
            }
        }).get(60, TimeUnit.SECONDS);
        assertThat(line).as("the harness's DIR line").isNotNull();
        return Path.of(line.substring("DIR ".length()));
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static Path classDirectoryOf(Class<?> type) throws URISyntaxException {
        String resource = type.getName().replace('.', '/') + ".class";
        var url = type.getClassLoader().getResource(resource);
        assertThat(url).as("location of %s", resource).isNotNull();
        Path dir = Path.of(url.toURI());
        for (int i = 0; i < type.getName().split("\\.").length; i++) {
            dir = dir.getParent();
        }
        return dir;
    }
}
