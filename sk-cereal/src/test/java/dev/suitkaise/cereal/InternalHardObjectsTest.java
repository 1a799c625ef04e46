package dev.suitkaise.cereal;

import dev.suitkaise.cereal.fixtures.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.Phaser;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.concurrent.locks.StampedLock;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

class InternalHardObjectsTest {

    private final InternalCereal cereal = SKCereal.internal();

    @SuppressWarnings("unchecked")
    private <T> T roundTrip(T value) {
        return (T) cereal.deserialize(cereal.serialize(value));
    }

    @Test
    void locksComeBackUnlockedAndKeepTheirFairness() {
        ReentrantLock lock = new ReentrantLock(true);
        ReentrantReadWriteLock rw = new ReentrantReadWriteLock();
        StampedLock stamped = new StampedLock();
        lock.lock();
        rw.writeLock().lock();
        long stamp = stamped.writeLock();
        try {
            ReentrantLock lockBack = roundTrip(lock);
            ReentrantReadWriteLock rwBack = roundTrip(rw);
            StampedLock stampedBack = roundTrip(stamped);
            assertThat(lockBack.isLocked()).isFalse();
            assertThat(lockBack.isFair()).isTrue();
            assertThat(rwBack.isWriteLocked()).isFalse();
            assertThat(rwBack.getReadLockCount()).isZero();
            assertThat(stampedBack.isWriteLocked()).isFalse();
            assertThat(lockBack.tryLock()).isTrue();
        } finally {
            lock.unlock();
            rw.writeLock().unlock();
            stamped.unlockWrite(stamp);
        }
    }

    @Test
    void locksReadWriteLocksAndSemaphoresComeBackFairOnlyIfTheyWereFair() {
        for (boolean fair : new boolean[] {true, false}) {
            assertThat(roundTrip(new ReentrantLock(fair)).isFair()).as("ReentrantLock(%s)", fair).isEqualTo(fair);
            assertThat(roundTrip(new ReentrantReadWriteLock(fair)).isFair()).as("ReentrantReadWriteLock(%s)", fair)
                    .isEqualTo(fair);
            Semaphore semaphoreBack = roundTrip(new Semaphore(3, fair));
            assertThat(semaphoreBack.isFair()).as("Semaphore(3, %s)", fair).isEqualTo(fair);
            assertThat(semaphoreBack.availablePermits()).isEqualTo(3);
        }
    }

    @Test
    void semaphoresKeepTheirPermitsAndLatchesTheirCount() throws Exception {
        Semaphore semaphore = new Semaphore(5, true);
        semaphore.acquire(2);
        Semaphore semaphoreBack = roundTrip(semaphore);
        assertThat(semaphoreBack.availablePermits()).isEqualTo(3);
        assertThat(semaphoreBack.isFair()).isTrue();
        CountDownLatch latch = new CountDownLatch(4);
        latch.countDown();
        assertThat(roundTrip(latch).getCount()).isEqualTo(3);
    }

    @Test
    void barriersPhasersAndConditionsComeBackFresh() throws Exception {
        CyclicBarrier barrier = new CyclicBarrier(3);
        Thread waiter = Thread.ofVirtual().start(() -> {
            try {
                barrier.await();
            } catch (Exception expected) {
                // released by reset below
            }
        });
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (barrier.getNumberWaiting() == 0 && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertThat(barrier.getNumberWaiting()).as("a party waits at the barrier").isEqualTo(1);
        CyclicBarrier barrierBack = roundTrip(barrier);
        assertThat(barrierBack.getParties()).isEqualTo(3);
        assertThat(barrierBack.getNumberWaiting()).isZero();
        barrier.reset();
        assertThat(waiter.join(Duration.ofSeconds(10))).isTrue();

        Phaser phaser = new Phaser(2);
        phaser.arrive();
        phaser.arrive();
        Phaser phaserBack = roundTrip(phaser);
        assertThat(phaser.getPhase()).isEqualTo(1);
        assertThat(phaserBack.getPhase()).isZero();
        assertThat(phaserBack.getRegisteredParties()).isEqualTo(2);

        Condition condition = new ReentrantLock().newCondition();
        Condition conditionBack = roundTrip(condition);
        assertThat(conditionBack).isNotSameAs(condition).isInstanceOf(Condition.class);
        assertThatThrownBy(conditionBack::signal).isInstanceOf(IllegalMonitorStateException.class);
    }

    @Test
    void threadsComeBackUnstartedWithTheSameConfigurationAndCanBeStarted() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        Thread running = Thread.ofPlatform().name("worker-7").daemon(true).priority(7).start(() -> {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        try {
            Thread back = roundTrip(running);
            assertThat(back.getState()).isEqualTo(Thread.State.NEW);
            assertThat(back.getName()).isEqualTo("worker-7");
            assertThat(back.isDaemon()).isTrue();
            assertThat(back.getPriority()).isEqualTo(7);
            back.start();
            assertThat(back.join(Duration.ofSeconds(10))).isTrue();
            Thread virtualBack = roundTrip(Thread.ofVirtual().name("v-1").unstarted(() -> { }));
            assertThat(virtualBack.isVirtual()).isTrue();
            assertThat(virtualBack.getName()).isEqualTo("v-1");
        } finally {
            release.countDown();
            running.join(Duration.ofSeconds(10));
        }
    }

    @Test
    void threadSubclassesComeBackUnstartedWithTheirFieldsAndRunTheirOwnRunMethod() throws Exception {
        Fixtures.Pair<String, Thread> holder = new Fixtures.Pair<>("t", new dev.suitkaise.cereal.fixtures.Ticker("ticker-1", 5));
        holder.second().setDaemon(true);
        holder.second().setPriority(3);
        holder.second().start();
        assertThat(holder.second().join(Duration.ofSeconds(10))).isTrue();
        @SuppressWarnings("unchecked")
        Fixtures.Pair<String, Thread> back = (Fixtures.Pair<String, Thread>) cereal.deserialize(cereal.serialize(holder));
        dev.suitkaise.cereal.fixtures.Ticker ticker = (dev.suitkaise.cereal.fixtures.Ticker) back.second();
        assertThat(ticker.getState()).isEqualTo(Thread.State.NEW);
        assertThat(ticker.getName()).isEqualTo("ticker-1");
        assertThat(ticker.isDaemon()).isTrue();
        assertThat(ticker.getPriority()).isEqualTo(3);
        assertThat(ticker.ticks.get()).isEqualTo(5);
        ticker.target = 9;
        ticker.start();
        assertThat(ticker.join(Duration.ofSeconds(10))).isTrue();
        assertThat(ticker.ticks.get()).isEqualTo(9);
    }

    @Test
    void executorsComeBackNotRunningWithTheSameConfigurationAndAcceptWork() throws Exception {
        ThreadPoolExecutor pool = new ThreadPoolExecutor(2, 4, 30, TimeUnit.SECONDS, new java.util.concurrent.LinkedBlockingQueue<>(100));
        ExecutorService single = Executors.newSingleThreadExecutor();
        ExecutorService virtual = Executors.newVirtualThreadPerTaskExecutor();
        ForkJoinPool forkJoin = new ForkJoinPool(3);
        try {
            assertThat(pool.submit(() -> 1).get(10, TimeUnit.SECONDS)).isEqualTo(1);
            ThreadPoolExecutor poolBack = roundTrip(pool);
            assertThat(poolBack.getCorePoolSize()).isEqualTo(2);
            assertThat(poolBack.getMaximumPoolSize()).isEqualTo(4);
            assertThat(poolBack.getKeepAliveTime(TimeUnit.SECONDS)).isEqualTo(30);
            assertThat(poolBack.getQueue().remainingCapacity()).isEqualTo(100);
            assertThat(poolBack.getPoolSize()).isZero();
            assertThat(poolBack.submit(() -> 2).get(10, TimeUnit.SECONDS)).isEqualTo(2);
            poolBack.shutdown();

            for (ExecutorService e : List.of(single, virtual)) {
                ExecutorService back = roundTrip(e);
                assertThat(back.getClass()).isEqualTo(e.getClass());
                assertThat(back.submit(() -> "ok").get(10, TimeUnit.SECONDS)).isEqualTo("ok");
                back.shutdown();
            }
            ForkJoinPool forkJoinBack = roundTrip(forkJoin);
            assertThat(forkJoinBack.getParallelism()).isEqualTo(3);
            forkJoinBack.shutdown();
        } finally {
            pool.shutdown();
            single.shutdown();
            virtual.shutdown();
            forkJoin.shutdown();
        }
    }

    @Test
    void loggersAreReacquiredByName() {
        org.slf4j.Logger slf4j = LoggerFactory.getLogger("dev.suitkaise.test.cereal");
        assertThat(roundTrip(slf4j)).isSameAs(slf4j);
        java.util.logging.Logger jul = java.util.logging.Logger.getLogger("dev.suitkaise.test.jul");
        assertThat(roundTrip(jul)).isSameAs(jul);
    }

    @Test
    void threadLocalsCarryTheSerializingThreadsValue() throws Exception {
        ThreadLocal<String> local = new ThreadLocal<>();
        local.set("mine");
        byte[] bytes = cereal.serialize(local);
        String[] seen = new String[1];
        Thread reader = Thread.ofPlatform().start(() -> {
            @SuppressWarnings("unchecked")
            ThreadLocal<String> back = (ThreadLocal<String>) cereal.deserialize(bytes);
            seen[0] = back.get();
        });
        assertThat(reader.join(Duration.ofSeconds(10))).isTrue();
        assertThat(seen[0]).isEqualTo("mine");
    }

    @Test
    void finiteStreamsAndIteratorsAreMaterializedAndUnboundedOnesFailClearly() {
        assertThat(roundTrip(Stream.of("a", "b")).toList()).containsExactly("a", "b");
        assertThat(roundTrip(IntStream.rangeClosed(1, 4)).sum()).isEqualTo(10);
        Iterator<Integer> it = List.of(1, 2, 3).iterator();
        it.next();
        Iterator<Integer> itBack = roundTrip(it);
        assertThat(itBack.next()).isEqualTo(2);
        assertThat(itBack.next()).isEqualTo(3);
        assertThat(itBack.hasNext()).isFalse();

        assertThatThrownBy(() -> cereal.serialize(new Fixtures.Pair<>("s", Stream.iterate(0, i -> i + 1))))
                .isInstanceOf(SKCerealException.class)
                .hasMessageContaining("root.second")
                .hasMessageContaining("more than 100000 elements");
        InternalCereal small = InternalCereal.builder().maxMaterialized(3).build();
        assertThatThrownBy(() -> small.serialize(IntStream.range(0, 4))).isInstanceOf(SKCerealException.class)
                .hasMessageContaining("maxMaterialized");
        assertThat(small.deserialize(small.serialize(Stream.of(1, 2, 3)), Stream.class).count()).isEqualTo(3);
    }

    @Test
    void openFilesReopenByPathAtTheSamePosition(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("data.txt");
        Files.writeString(file, "0123456789");
        try (FileInputStream in = new FileInputStream(file.toFile())) {
            assertThat(in.readNBytes(3)).isEqualTo("012".getBytes(StandardCharsets.UTF_8));
            try (FileInputStream back = roundTrip(in)) {
                assertThat(new String(back.readNBytes(2), StandardCharsets.UTF_8)).isEqualTo("34");
            }
            assertThat(new String(in.readNBytes(1), StandardCharsets.UTF_8)).isEqualTo("3");
        }
        Path out = dir.resolve("out.txt");
        try (FileOutputStream os = new FileOutputStream(out.toFile())) {
            os.write("abc".getBytes(StandardCharsets.UTF_8));
            try (FileOutputStream back = roundTrip(os)) {
                back.write("def".getBytes(StandardCharsets.UTF_8));
            }
        }
        assertThat(Files.readString(out)).isEqualTo("abcdef");
        Path gone = dir.resolve("gone.txt");
        try (FileOutputStream os = new FileOutputStream(gone.toFile())) {
            byte[] bytes = cereal.serialize(os);
            Files.delete(gone);
            assertThatThrownBy(() -> cereal.deserialize(bytes)).isInstanceOf(SKCerealException.class)
                    .hasMessageContaining("never created");
            assertThat(gone).doesNotExist();
        }
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.seek(5);
            try (RandomAccessFile back = roundTrip(raf)) {
                assertThat(back.getFilePointer()).isEqualTo(5);
                assertThat((char) back.read()).isEqualTo('5');
            }
        }
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            ch.position(8);
            try (FileChannel back = roundTrip(ch)) {
                ByteBuffer buf = ByteBuffer.allocate(2);
                back.read(buf);
                assertThat(new String(buf.array(), StandardCharsets.UTF_8)).isEqualTo("89");
            }
            assertThat(ch.position()).isEqualTo(8);
        }
    }

    @Test
    void anOpenFileWhosePathIsNowAFifoIsRefusedInsteadOfBlockingTheReader(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("data");
        Files.writeString(file, "hello");
        byte[] bytes;
        try (FileInputStream in = new FileInputStream(file.toFile())) {
            bytes = cereal.serialize(List.of(in));
        }
        Files.delete(file);
        assertThat(new ProcessBuilder("mkfifo", file.toString()).start().waitFor()).isZero();
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread reader = Thread.ofPlatform().daemon().start(() -> thrown.set(catchThrowable(() -> cereal.deserialize(bytes))));
        boolean finished = reader.join(Duration.ofSeconds(30));
        if (!finished) {
            // opening a FIFO for reading blocks until a writer opens it; open one without blocking (read-write)
            try (RandomAccessFile writer = new RandomAccessFile(file.toFile(), "rw")) {
                writer.write(1);
                reader.join(Duration.ofSeconds(30));
            }
        }
        assertThat(finished).as("deserialize returned without waiting for a writer to open the FIFO").isTrue();
        assertThat(thrown.get()).isInstanceOf(SKCerealException.class).hasMessageContaining("not an existing regular file");

        Path target = dir.resolve("target");
        Files.writeString(target, "t");
        Path link = dir.resolve("link");
        try (FileInputStream in = new FileInputStream(target.toFile())) {
            byte[] viaTarget = cereal.serialize(in);
            Files.move(target, dir.resolve("moved"));
            Files.createSymbolicLink(target, link);
            Files.writeString(link, "l");
            assertThatThrownBy(() -> cereal.deserialize(viaTarget)).isInstanceOf(SKCerealException.class)
                    .hasMessageContaining("a link");
        }
    }

    private static long descriptorsOpenOn(Path file) throws IOException {
        long count = 0;
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            for (Path fd : (Iterable<Path>) fds::iterator) {
                try {
                    if (Files.readSymbolicLink(fd).equals(file)) {
                        count++;
                    }
                } catch (IOException e) {
                    // closed meanwhile (the listing's own descriptor)
                }
            }
        }
        return count;
    }

    @Test
    void filesReopenedByAMessageWhoseReadFailsLaterAreClosed(@TempDir Path dir) throws Exception {
        Path file = dir.toRealPath().resolve("data"); // as /proc/self/fd names it
        Files.writeString(file, "hello");
        byte[] bytes;
        try (FileInputStream in = new FileInputStream(file.toFile());
             RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r");
             FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            bytes = cereal.serialize(new ArrayList<>(List.of(in, raf, ch, "a trailing string that gets cut")));
        }
        assertThat(descriptorsOpenOn(file)).isZero();
        byte[] cut = Arrays.copyOf(bytes, bytes.length - 3);
        for (int i = 0; i < 20; i++) {
            assertThatThrownBy(() -> cereal.deserialize(cut)).isInstanceOf(SKCerealException.class);
        }
        assertThat(descriptorsOpenOn(file)).as("descriptors left open on %s", file).isZero();

        List<?> back = (List<?>) cereal.deserialize(bytes);
        assertThat(descriptorsOpenOn(file)).isEqualTo(3); // a message that is read whole hands its files over
        for (Object handle : back.subList(0, 3)) {
            ((java.io.Closeable) handle).close();
        }
        assertThat(descriptorsOpenOn(file)).isZero();
    }

    @Test
    void filesReopenedByAMessageWhoseRootHasTheWrongTypeAreClosed(@TempDir Path dir) throws Exception {
        Path file = dir.toRealPath().resolve("data"); // as /proc/self/fd names it
        Files.writeString(file, "hello");
        byte[] bytes;
        ByteArrayOutputStream frames = new ByteArrayOutputStream();
        try (FileInputStream in = new FileInputStream(file.toFile())) {
            bytes = cereal.serialize(in);
            cereal.serialize(in, frames);
        }
        assertThat(descriptorsOpenOn(file)).isZero();
        assertThatThrownBy(() -> cereal.deserialize(bytes, String.class)).isInstanceOf(SKCerealException.class)
                .hasMessageContaining("Expected a java.lang.String");
        assertThatThrownBy(() -> cereal.deserialize(new ByteArrayInputStream(frames.toByteArray()), String.class))
                .isInstanceOf(SKCerealException.class).hasMessageContaining("Expected a java.lang.String");
        assertThat(descriptorsOpenOn(file)).as("descriptors left open on %s", file).isZero();
    }

    @Test
    void aNonSerializableLambdaFailsWithAMessageSayingHowToFixIt() {
        assertThatThrownBy(() -> cereal.serialize(new Fixtures.Pair<>("task", Fixtures.plainLambda())))
                .isInstanceOf(SKCerealException.class)
                .hasMessageContaining("root.second")
                .hasMessageContaining("not serializable")
                .hasMessageContaining("(Runnable & Serializable)");
    }
}
