package dev.suitkaise.bench.process;

import dev.suitkaise.bench.Goal;
import dev.suitkaise.bench.Peer;
import dev.suitkaise.process.ProcessSpec;
import dev.suitkaise.process.SKProcess;
import dev.suitkaise.process.SKProcessManager;
import dev.suitkaise.reg.Domain;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.lang.management.ManagementFactory;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

/**
 * A child's spawn-to-ready beside a bare JVM start.
 *
 * <p>{@link #spawnToReady} measures {@link SKProcessManager#spawn(ProcessSpec)} until it returns
 * the ready handle: the JVM's start, the child's bootstrap, its connection and handshake over
 * the channel, and its (here empty) init functions. The child is stopped after each operation,
 * outside the measured time. The peer, {@link #bareJvmStart}, starts a JVM with the same java,
 * options and class path running {@link EchoMain} without arguments, which returns at once, and
 * waits for its exit. Both children get the benchmark JVM's options (the heap: 256m for the
 * spawned child, the benchmark JVM's 1g for the bare one, neither touched). For information,
 * {@link #jvmStartAndConnect} shows the floor of a JVM that connects back. Mode is average time
 * per operation over 1-second iterations (so a handful of starts per iteration), in
 * milliseconds.
 *
 * <p>sk-process can give children a class-data cache (AOT cache on JDK 24+, dynamic CDS before),
 * opt-in with {@code -Dsuitkaise.process.cds=true}, and only when every class path and module path
 * entry is a jar: the JVM archives classes from jars only. {@link #spawnToReady} runs without it;
 * {@link #spawnToReadyFromJars} turns it on.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class ProcessSpawnBenchmark {

    private SKProcess spawned;
    private int count;

    /** Stops the child spawned by the operation, outside the measured time. */
    @TearDown(Level.Invocation)
    public void stopChild() {
        if (spawned != null) {
            spawned.stop(Duration.ofSeconds(5));
            spawned = null;
        }
    }

    /**
     * The peer: a JVM like the benchmark's running a main that returns at once, from start to exit.
     *
     * @return the exit code
     * @throws IOException if the JVM cannot be started
     * @throws InterruptedException never in practice
     */
    @Benchmark
    public int bareJvmStart() throws IOException, InterruptedException {
        return new ProcessBuilder(EchoMain.command())
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start()
                .waitFor();
    }

    /**
     * For information, a second peer: a JVM like {@link #bareJvmStart}'s whose main connects
     * back over a Unix domain socket, from start until its first echo arrives (the floor of a
     * child that connects back; the JVM's exit is outside the measured time). Between this and
     * {@link #spawnToReady} lie the child's class loading (sk-process, sk-cereal, Kryo, SLF4J),
     * the handshake and the codec set-up.
     *
     * @param echo the socket the JVM connects to
     * @return the echoed value
     * @throws IOException if the JVM cannot be started or the socket fails
     */
    @Benchmark
    public long jvmStartAndConnect(Connect echo) throws IOException {
        return echo.startAndEcho();
    }

    /** A listening socket for {@link #jvmStartAndConnect}, and the JVM started on it. */
    @State(Scope.Benchmark)
    public static class Connect {
        private Path dir;
        private Path socket;
        private ServerSocketChannel server;
        private Process child;
        private SocketChannel channel;

        /**
         * Opens the socket.
         *
         * @throws IOException if it cannot be opened
         */
        @Setup(Level.Trial)
        public void open() throws IOException {
            dir = Files.createTempDirectory("sk-bench-connect");
            socket = dir.resolve("connect.sock");
            server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
            server.bind(UnixDomainSocketAddress.of(socket));
        }

        long startAndEcho() throws IOException {
            child = new ProcessBuilder(EchoMain.command(socket.toString()))
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.INHERIT)
                    .start();
            channel = server.accept();
            ByteBuffer buf = ByteBuffer.allocate(EchoMain.MESSAGE);
            buf.putLong(0, 42L);
            while (buf.hasRemaining()) {
                channel.write(buf);
            }
            buf.clear();
            while (buf.hasRemaining()) {
                if (channel.read(buf) < 0) {
                    throw new IOException("the connecting JVM closed the socket");
                }
            }
            return buf.getLong(0);
        }

        /**
         * Closes the connection, which ends the JVM, and waits for it, outside the measured time.
         *
         * @throws IOException if closing fails
         * @throws InterruptedException if interrupted while waiting
         */
        @TearDown(Level.Invocation)
        public void endChild() throws IOException, InterruptedException {
            if (channel != null) {
                channel.close();
                channel = null;
            }
            if (child != null) {
                if (!child.waitFor(10, TimeUnit.SECONDS)) {
                    child.destroyForcibly();
                }
                child = null;
            }
        }

        /**
         * Closes the socket.
         *
         * @throws IOException if closing fails
         */
        @TearDown(Level.Trial)
        public void close() throws IOException {
            server.close();
            Files.deleteIfExists(socket);
            Files.deleteIfExists(dir);
        }
    }

    /**
     * For information: a child's spawn-to-ready when its parent runs from jars only, as a
     * deployed program does, with the child JVM cache turned on (an AOT cache on JDK 24+, a
     * dynamic CDS archive before; the class directory this benchmark runs from rules it out for
     * {@link #spawnToReady}). The parent is a helper JVM ({@link SpawnHelperMain}) started with
     * this JVM's options and class path, the class directory replaced by a jar of it; the
     * measured time includes one line to the helper and one back. The helper's first child, in
     * the set-up, trains the cache if it is not there yet, and the set-up waits until it is
     * written.
     *
     * @param helper the helper parent
     * @return the length of the helper's answer
     * @throws IOException if the helper fails
     */
    @Benchmark
    @Peer("bareJvmStart")
    public int spawnToReadyFromJars(JarParent helper) throws IOException {
        return helper.ask("spawn").length();
    }

    /** The helper parent of {@link #spawnToReadyFromJars}. */
    @State(Scope.Benchmark)
    public static class JarParent {
        private Path dir;
        private Process helper;
        private BufferedWriter commands;
        private BufferedReader answers;
        private boolean spawned;

        /**
         * Jars the class directory, starts the helper, and lets its first child train the cache.
         *
         * @throws IOException if the jar or the helper cannot be made
         * @throws InterruptedException if interrupted while waiting for the cache
         */
        @Setup(Level.Trial)
        public void start() throws IOException, InterruptedException {
            dir = Files.createTempDirectory("sk-bench-jar-parent");
            List<String> cp = new ArrayList<>();
            List<String> roots = new ArrayList<>();
            for (String e : System.getProperty("java.class.path").split(File.pathSeparator)) {
                Path p = Path.of(e).toAbsolutePath().normalize();
                if (Files.isDirectory(p)) {
                    Path jar = dir.resolve("classes-" + cp.size() + ".jar");
                    jarOf(p, jar);
                    cp.add(jar.toString());
                    roots.add(jar.toString());
                } else {
                    cp.add(p.toString());
                }
            }
            List<String> cmd = new ArrayList<>();
            cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            for (String a : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
                if (!a.startsWith("-Dsuitkaise.domain.internal=")) {
                    cmd.add(a);
                }
            }
            cmd.add("-Dsuitkaise.domain.internal=" + String.join(",", roots));
            cmd.add("-Dsuitkaise.process.cds=true"); // the child JVM cache is opt-in
            cmd.add("-cp");
            cmd.add(String.join(File.pathSeparator, cp));
            cmd.add(SpawnHelperMain.class.getName());
            helper = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
            commands = new BufferedWriter(new OutputStreamWriter(helper.getOutputStream(), StandardCharsets.UTF_8));
            answers = new BufferedReader(new InputStreamReader(helper.getInputStream(), StandardCharsets.UTF_8));
            Path cache = cacheDirectory();
            ask("spawn");
            ask("stop");
            // a training child leaves *.aotconf / *.tmp files until its cache is written: wait for the directory to change
            if (Files.isDirectory(cache)) {
                try (WatchService watch = cache.getFileSystem().newWatchService()) {
                    cache.register(watch, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_DELETE,
                            StandardWatchEventKinds.ENTRY_MODIFY);
                    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
                    while (training(cache)) {
                        long left = deadline - System.nanoTime();
                        WatchKey key = left > 0 ? watch.poll(left, TimeUnit.NANOSECONDS) : null;
                        if (key == null) {
                            break; // still training after 120 s: measure anyway, the cache may come later
                        }
                        key.pollEvents();
                        key.reset();
                    }
                }
            }
        }

        private static Path cacheDirectory() {
            String configured = System.getProperty("suitkaise.process.cacheDir");
            if (configured != null && !configured.isBlank()) {
                return Path.of(configured);
            }
            String xdg = System.getenv("XDG_CACHE_HOME");
            Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
            return base.resolve("suitkaise").resolve("jvm");
        }

        private static boolean training(Path cache) throws IOException {
            if (!Files.isDirectory(cache)) {
                return false;
            }
            try (Stream<Path> files = Files.list(cache)) {
                long recent = System.currentTimeMillis() - TimeUnit.MINUTES.toMillis(10);
                return files.filter(f -> f.toFile().lastModified() > recent).map(f -> f.getFileName().toString())
                        .anyMatch(n -> n.endsWith(".aotconf") || n.endsWith(".tmp"));
            }
        }

        private static void jarOf(Path classes, Path jar) throws IOException {
            try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar)); Stream<Path> files = Files.walk(classes)) {
                for (Path f : (Iterable<Path>) files.filter(Files::isRegularFile).sorted()::iterator) {
                    out.putNextEntry(new JarEntry(classes.relativize(f).toString().replace(File.separatorChar, '/')));
                    Files.copy(f, out);
                    out.closeEntry();
                }
            }
        }

        String ask(String command) throws IOException {
            commands.write(command);
            commands.newLine();
            commands.flush();
            String answer = answers.readLine();
            if (answer == null) {
                throw new IOException("the helper parent ended");
            }
            spawned = command.equals("spawn");
            return answer;
        }

        /**
         * Stops the child spawned by the operation, outside the measured time.
         *
         * @throws IOException if the helper fails
         */
        @TearDown(Level.Invocation)
        public void stopChild() throws IOException {
            if (spawned) {
                ask("stop");
            }
        }

        /**
         * Ends the helper and removes its jars.
         *
         * @throws IOException if closing fails
         * @throws InterruptedException if interrupted while waiting
         */
        @TearDown(Level.Trial)
        public void stop() throws IOException, InterruptedException {
            commands.close();
            if (!helper.waitFor(60, TimeUnit.SECONDS)) {
                helper.destroyForcibly();
            }
            try (Stream<Path> files = Files.list(dir)) {
                for (Path f : (Iterable<Path>) files::iterator) {
                    Files.deleteIfExists(f);
                }
            }
            Files.deleteIfExists(dir);
        }
    }

    /**
     * A child spawned by sk-process until it is ready, when the manager keeps a warm spare JVM
     * ({@link SKProcessManager#keepWarm(ProcessSpec, int)}): the spawn takes the spare, which has
     * started and connected back before, and only sends it its name and init functions. The set-up
     * of each operation waits, outside the measured time, until a spare is ready again (the one
     * taken is replaced in the background after each spawn).
     *
     * @param warm the manager's spare
     * @return the child's pid
     */
    @Benchmark
    @Peer("bareJvmStart")
    @Goal(maxRatio = 1.5, note = "issue 7: a child's spawn-to-ready within 1.5x of a bare JVM start, with a warm spare JVM"
            + " (SKProcessManager.keepWarm: the way to start children fast)")
    public long spawnToReadyWarm(Warm warm) {
        spawned = SKProcessManager.of(Domain.INTERNAL).spawn(ProcessSpec.builder("bench-warm-" + ++count).maxHeap("256m").build());
        return spawned.pid();
    }

    /** The warm spare of {@link #spawnToReadyWarm}. */
    @State(Scope.Benchmark)
    public static class Warm {

        private static final ProcessSpec TEMPLATE = ProcessSpec.builder("bench-warm").maxHeap("256m").build();

        /** Keeps one spare with the spawned children's JVM settings. */
        @Setup(Level.Trial)
        public void keep() {
            SKProcessManager.of(Domain.INTERNAL).keepWarm(TEMPLATE, 1);
        }

        /**
         * Waits until the spare is ready, outside the measured time.
         *
         * @throws InterruptedException if interrupted while waiting
         */
        @Setup(Level.Invocation)
        public void awaitSpare() throws InterruptedException {
            if (!SKProcessManager.of(Domain.INTERNAL).awaitWarmSpares(1, Duration.ofSeconds(60))) {
                throw new IllegalStateException("No warm spare JVM became ready within 60 s");
            }
        }

        /** Stops the spare. */
        @TearDown(Level.Trial)
        public void stop() {
            SKProcessManager.of(Domain.INTERNAL).keepWarm(TEMPLATE, 0);
        }
    }

    /**
     * A child spawned by sk-process, until it is ready.
     *
     * @return the child's pid
     */
    @Benchmark
    @Peer("bareJvmStart")
    @Goal(maxRatio = 1.5, note = "issue 7: a child's spawn-to-ready within 1.5x of a bare JVM start, cold (no warm spare):"
            + " a new JVM starts, loads its classes and connects back")
    public long spawnToReady() {
        spawned = SKProcessManager.of(Domain.INTERNAL).spawn(ProcessSpec.builder("bench-spawn-" + ++count).maxHeap("256m").build());
        return spawned.pid();
    }
}
