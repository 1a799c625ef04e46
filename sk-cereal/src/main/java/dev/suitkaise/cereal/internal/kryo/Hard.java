package dev.suitkaise.cereal.internal.kryo;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.KryoException;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import dev.suitkaise.cereal.SKCerealException;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Phaser;
import java.util.concurrent.PriorityBlockingQueue;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.Semaphore;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.concurrent.locks.StampedLock;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.stream.BaseStream;
import java.util.stream.DoubleStream;
import java.util.stream.IntStream;
import java.util.stream.LongStream;

/**
 * Serializers for the hard objects: synchronizers, threads, executors, loggers, thread locals,
 * streams and iterators. Each follows the rule documented in the package documentation of
 * {@code dev.suitkaise.cereal}; all use public API only.
 */
final class Hard {

    private Hard() {
    }

    /** A serializer from a writer and a reader lambda. */
    static final class Simple<T> extends Serializer<T> {
        private final BiConsumer<Output, T> writer;
        private final Function<Input, T> reader;

        Simple(BiConsumer<Output, T> writer, Function<Input, T> reader) {
            this.writer = writer;
            this.reader = reader;
        }

        @Override
        public void write(Kryo kryo, Output output, T value) {
            writer.accept(output, value);
        }

        @Override
        public T read(Kryo kryo, Input input, Class<? extends T> type) {
            return reader.apply(input);
        }
    }

    static Serializer<ReentrantLock> reentrantLock() {
        return new Simple<>((o, l) -> o.writeBoolean(l.isFair()), i -> new ReentrantLock(i.readBoolean()));
    }

    static Serializer<ReentrantReadWriteLock> readWriteLock() {
        return new Simple<>((o, l) -> o.writeBoolean(l.isFair()), i -> new ReentrantReadWriteLock(i.readBoolean()));
    }

    static Serializer<StampedLock> stampedLock() {
        return new Simple<>((o, l) -> {
        }, i -> new StampedLock());
    }

    static Serializer<Semaphore> semaphore() {
        return new Simple<>((o, s) -> {
            o.writeVarInt(s.availablePermits(), false);
            o.writeBoolean(s.isFair());
        }, i -> new Semaphore(i.readVarInt(false), i.readBoolean()));
    }

    static Serializer<CountDownLatch> latch() {
        return new Simple<>((o, l) -> o.writeVarLong(l.getCount(), true), i -> {
            long count = i.readVarLong(true);
            if (count < 0 || count > Integer.MAX_VALUE) {
                throw new KryoException("Bad latch count " + count);
            }
            return new CountDownLatch((int) count);
        });
    }

    static Serializer<CyclicBarrier> barrier() {
        return new Simple<>((o, b) -> o.writeVarInt(b.getParties(), true), i -> {
            int parties = i.readVarInt(true);
            if (parties < 1) {
                throw new KryoException("Bad barrier parties " + parties);
            }
            return new CyclicBarrier(parties);
        });
    }

    static Serializer<Phaser> phaser() {
        return new Simple<>((o, p) -> o.writeVarInt(p.getRegisteredParties(), true), i -> {
            int parties = i.readVarInt(true);
            if (parties < 0 || parties > 65535) {
                throw new KryoException("Bad phaser parties " + parties);
            }
            return new Phaser(parties);
        });
    }

    static Serializer<Object> condition() {
        return new Simple<>((o, c) -> {
        }, i -> new ReentrantLock().newCondition());
    }

    /** Threads come back unstarted with the same name, daemon flag, priority and kind. */
    static Serializer<Thread> thread() {
        return new Simple<>((o, t) -> {
            o.writeString(t.getName());
            o.writeBoolean(t.isVirtual());
            o.writeBoolean(t.isDaemon());
            o.writeVarInt(t.getPriority(), true);
        }, i -> {
            String name = i.readString();
            boolean virtual = i.readBoolean();
            boolean daemon = i.readBoolean();
            int priority = i.readVarInt(true);
            if (name == null || priority < Thread.MIN_PRIORITY || priority > Thread.MAX_PRIORITY) {
                throw new KryoException("Bad thread configuration");
            }
            if (virtual) {
                return Thread.ofVirtual().name(name).unstarted(() -> {
                });
            }
            return Thread.ofPlatform().name(name).daemon(daemon).priority(priority).unstarted(() -> {
            });
        });
    }

    private static final int QUEUE_LINKED = 0;
    private static final int QUEUE_ARRAY = 1;
    private static final int QUEUE_SYNCHRONOUS = 2;
    private static final int QUEUE_PRIORITY = 3;

    /** A thread pool comes back not started, with the same sizes, keep-alive and queue kind. */
    static Serializer<ThreadPoolExecutor> threadPool() {
        return new Simple<>((o, p) -> {
            boolean scheduled = p instanceof ScheduledThreadPoolExecutor;
            o.writeBoolean(scheduled);
            o.writeVarInt(p.getCorePoolSize(), true);
            o.writeVarInt(p.getMaximumPoolSize(), true);
            o.writeVarLong(p.getKeepAliveTime(TimeUnit.NANOSECONDS), true);
            o.writeBoolean(p.allowsCoreThreadTimeOut());
            if (!scheduled) {
                BlockingQueue<Runnable> q = p.getQueue();
                if (q instanceof SynchronousQueue) {
                    o.writeVarInt(QUEUE_SYNCHRONOUS, true);
                } else if (q instanceof ArrayBlockingQueue) {
                    o.writeVarInt(QUEUE_ARRAY, true);
                    o.writeVarInt(q.size() + q.remainingCapacity(), true);
                } else if (q instanceof PriorityBlockingQueue) {
                    o.writeVarInt(QUEUE_PRIORITY, true);
                } else {
                    o.writeVarInt(QUEUE_LINKED, true);
                    o.writeVarLong((long) q.size() + q.remainingCapacity(), true);
                }
            }
        }, i -> {
            boolean scheduled = i.readBoolean();
            int core = i.readVarInt(true);
            int max = i.readVarInt(true);
            long keepAlive = i.readVarLong(true);
            boolean coreTimeout = i.readBoolean();
            if (core < 0 || max < 1 || max < core || keepAlive < 0) {
                throw new KryoException("Bad thread pool configuration");
            }
            ThreadPoolExecutor pool;
            if (scheduled) {
                pool = new ScheduledThreadPoolExecutor(core);
            } else {
                int kind = i.readVarInt(true);
                BlockingQueue<Runnable> queue = switch (kind) {
                    case QUEUE_SYNCHRONOUS -> new SynchronousQueue<>();
                    case QUEUE_ARRAY -> {
                        int cap = i.readVarInt(true);
                        if (cap < 1) {
                            throw new KryoException("Bad queue capacity " + cap);
                        }
                        Containers.reserve(i, (long) cap, "the ArrayBlockingQueue of a thread pool, of capacity " + cap);
                        yield new ArrayBlockingQueue<>(cap);
                    }
                    case QUEUE_PRIORITY -> new PriorityBlockingQueue<>();
                    case QUEUE_LINKED -> {
                        long cap = i.readVarLong(true);
                        if (cap < 1) {
                            throw new KryoException("Bad queue capacity " + cap);
                        }
                        yield new LinkedBlockingQueue<>((int) Math.min(Integer.MAX_VALUE, cap));
                    }
                    default -> throw new KryoException("Bad queue kind " + kind);
                };
                pool = new ThreadPoolExecutor(core, max, keepAlive, TimeUnit.NANOSECONDS, queue);
            }
            if (coreTimeout && keepAlive > 0) {
                pool.allowCoreThreadTimeOut(true);
            }
            return pool;
        });
    }

    /** The largest parallelism a {@link ForkJoinPool} accepts. */
    private static final int MAX_PARALLELISM = 32767;

    static Serializer<ForkJoinPool> forkJoinPool() {
        return new Simple<>((o, p) -> {
            o.writeBoolean(p == ForkJoinPool.commonPool());
            o.writeVarInt(p.getParallelism(), true);
        }, i -> {
            boolean common = i.readBoolean();
            int parallelism = i.readVarInt(true);
            if (common) {
                return ForkJoinPool.commonPool();
            }
            if (parallelism < 1 || parallelism > MAX_PARALLELISM) {
                throw new KryoException("Bad parallelism " + parallelism);
            }
            // the pool allocates a table of work queues of about four slots per unit of parallelism
            Containers.reserve(i, 4L * parallelism, "a ForkJoinPool of parallelism " + parallelism);
            return new ForkJoinPool(parallelism);
        });
    }

    /** Executors whose configuration is implied by their factory: single-thread and virtual per task. */
    static Serializer<ExecutorService> factoryExecutor(java.util.function.Supplier<ExecutorService> factory) {
        return new Simple<>((o, e) -> {
        }, i -> factory.get());
    }

    static Serializer<org.slf4j.Logger> slf4jLogger() {
        return new Simple<>((o, l) -> o.writeString(l.getName()), i -> {
            String name = i.readString();
            if (name == null) {
                throw new KryoException("Missing logger name");
            }
            return LoggerFactory.getLogger(name);
        });
    }

    static Serializer<java.util.logging.Logger> julLogger() {
        return new Simple<>((o, l) -> o.writeString(l.getName()), i -> {
            String name = i.readString();
            return name == null ? java.util.logging.Logger.getAnonymousLogger() : java.util.logging.Logger.getLogger(name);
        });
    }

    /** A thread local carries the value the serializing thread sees; the deserializing thread gets it set. */
    static final class ThreadLocalSerializer extends Serializer<ThreadLocal<Object>> {
        @Override
        public void write(Kryo kryo, Output output, ThreadLocal<Object> local) {
            output.writeBoolean(local instanceof InheritableThreadLocal);
            kryo.writeClassAndObject(output, local.get());
        }

        @Override
        public ThreadLocal<Object> read(Kryo kryo, Input input, Class<? extends ThreadLocal<Object>> type) {
            ReadWork work = Containers.work(kryo);
            long start = work.mark();
            ThreadLocal<Object> local = input.readBoolean() ? new InheritableThreadLocal<>() : new ThreadLocal<>();
            kryo.reference(local);
            local.set(kryo.readClassAndObject(input));
            work.cut(start); // its hash code is its identity
            return local;
        }
    }

    private static final int STREAM_REF = 0;
    private static final int STREAM_INT = 1;
    private static final int STREAM_LONG = 2;
    private static final int STREAM_DOUBLE = 3;

    static List<Object> drain(Iterator<?> it, int max, String what) {
        List<Object> items = new ArrayList<>();
        while (it.hasNext()) {
            if (items.size() == max) {
                throw new SKCerealException("A " + what + " has more than " + max + " elements (or is infinite), the"
                        + " most the codec materializes. Collect it into a List yourself, limit it, or raise the bound with"
                        + " InternalCereal.builder().maxMaterialized(n).");
            }
            items.add(it.next());
        }
        return items;
    }

    /** A finite stream is materialized (consuming it) and comes back as a stream over the same elements. */
    static final class StreamSerializer extends Serializer<BaseStream<?, ?>> {
        private final int max;

        StreamSerializer(int max) {
            this.max = max;
        }

        @Override
        public void write(Kryo kryo, Output output, BaseStream<?, ?> stream) {
            int kind = stream instanceof IntStream ? STREAM_INT : stream instanceof LongStream ? STREAM_LONG
                    : stream instanceof DoubleStream ? STREAM_DOUBLE : STREAM_REF;
            boolean parallel = stream.isParallel();
            List<Object> items = drain(stream.iterator(), max, "Stream");
            output.writeVarInt(kind, true);
            output.writeBoolean(parallel);
            output.writeVarInt(items.size(), true);
            for (Object item : items) {
                kryo.writeClassAndObject(output, item);
            }
        }

        @Override
        public BaseStream<?, ?> read(Kryo kryo, Input input, Class<? extends BaseStream<?, ?>> type) {
            ReadWork work = Containers.work(kryo);
            long start = work.mark();
            int kind = input.readVarInt(true);
            boolean parallel = input.readBoolean();
            int n = Containers.readCount(input, "stream");
            List<Object> items = new ArrayList<>(Containers.reserve(input, n, "a stream"));
            for (int i = 0; i < n; i++) {
                items.add(kryo.readClassAndObject(input));
            }
            work.cut(start); // its hash code is its identity
            BaseStream<?, ?> s = switch (kind) {
                case STREAM_REF -> items.stream();
                case STREAM_INT -> items.stream().mapToInt(x -> (Integer) x);
                case STREAM_LONG -> items.stream().mapToLong(x -> (Long) x);
                case STREAM_DOUBLE -> items.stream().mapToDouble(x -> (Double) x);
                default -> throw new KryoException("Bad stream kind " + kind);
            };
            if (kind != STREAM_REF) {
                for (Object item : items) {
                    Class<?> expected = kind == STREAM_INT ? Integer.class : kind == STREAM_LONG ? Long.class : Double.class;
                    if (!expected.isInstance(item)) {
                        throw new KryoException("Bad primitive stream element");
                    }
                }
            }
            return parallel ? s.parallel() : s;
        }
    }

    /** A JDK iterator's remaining elements are materialized (consuming them) and come back as an iterator. */
    static final class IteratorSerializer extends Serializer<Iterator<?>> {
        private final int max;

        IteratorSerializer(int max) {
            this.max = max;
        }

        @Override
        public void write(Kryo kryo, Output output, Iterator<?> it) {
            List<Object> items = drain(it, max, "Iterator");
            output.writeVarInt(items.size(), true);
            for (Object item : items) {
                kryo.writeClassAndObject(output, item);
            }
        }

        @Override
        public Iterator<?> read(Kryo kryo, Input input, Class<? extends Iterator<?>> type) {
            ReadWork work = Containers.work(kryo);
            long start = work.mark();
            int n = Containers.readCount(input, "iterator");
            List<Object> items = new ArrayList<>(Containers.reserve(input, n, "an iterator"));
            for (int i = 0; i < n; i++) {
                items.add(kryo.readClassAndObject(input));
            }
            work.cut(start); // its hash code is its identity
            return items.iterator();
        }
    }
}
