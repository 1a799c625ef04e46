/**
 * Suitkaise serialization: {@link dev.suitkaise.cereal.SKCereal} is the facade over two codecs.
 *
 * <p>{@link dev.suitkaise.cereal.InternalCereal} (Kryo) carries object graphs between Suitkaise
 * processes of one program, with identity and cycles kept (immutable JDK values such as strings,
 * boxes and {@code java.time} values are compared by value, not identity: see
 * {@link dev.suitkaise.cereal.InternalCereal}), an allow-list for deserialization,
 * {@link dev.suitkaise.cereal.InternalCereal#check check()} with object paths,
 * {@link dev.suitkaise.cereal.CerealPreparable preparation hooks} and
 * {@link dev.suitkaise.cereal.CerealHandler handlers} registered in
 * {@link dev.suitkaise.cereal.CerealHandlerReg}. {@link dev.suitkaise.cereal.ExternalCereal}
 * (protobuf) writes data that leaves the program: self-describing documents by default, or
 * compact ones whose types are registered on both sides in an
 * {@link dev.suitkaise.cereal.ExternalSchema}.
 *
 * <h2>Hard objects in the internal codec</h2>
 * Objects whose live state cannot travel follow these rules; all use public JDK API only.
 * <ul>
 *   <li>{@code ReentrantLock}, {@code ReentrantReadWriteLock}, {@code StampedLock} come back
 *       unlocked (ownership is never carried); fairness is kept.</li>
 *   <li>{@code Semaphore} keeps its available permits and fairness; {@code CountDownLatch} keeps
 *       its count.</li>
 *   <li>{@code CyclicBarrier} (parties kept, barrier action not carried), {@code Phaser}
 *       (registered parties kept, phase 0, no parent) and {@code Condition} (a fresh condition of a
 *       fresh lock) come back fresh.</li>
 *   <li>{@code Thread} comes back unstarted with its name, daemon flag, priority and kind
 *       (platform or virtual); its {@code Runnable} is private to the JDK and is not carried, so a
 *       started copy of a plain {@code Thread} runs nothing. A {@code Thread} subclass is rebuilt
 *       through its no-arg constructor (which it must have; it may be private) with the same name,
 *       flags and its own fields, so starting it runs its {@code run()} again.</li>
 *   <li>{@code ThreadPoolExecutor} and {@code ScheduledThreadPoolExecutor} come back not running
 *       (no threads until work is submitted) with the same core and maximum pool size, keep-alive
 *       and queue kind and capacity; queued tasks, thread factory and rejection handler are not
 *       carried. {@code ForkJoinPool} keeps its parallelism (the common pool stays the common
 *       pool). An {@code ArrayBlockingQueue} capacity (of a pool or on its own) and a
 *       {@code ForkJoinPool}'s parallelism are allocated when they are read, so they draw on the
 *       message's allowance of pre-allocated slots (see <a href="#hostile">Hostile input</a>).
 *       The single-thread and thread-per-task executors of {@code Executors} are re-created by
 *       their factory ({@code newSingleThreadExecutor}, {@code newSingleThreadScheduledExecutor},
 *       {@code newVirtualThreadPerTaskExecutor}; a custom thread factory is not carried).</li>
 *   <li>SLF4J {@code Logger} and {@code java.util.logging.Logger} are re-acquired by name.</li>
 *   <li>A {@code ThreadLocal} or {@code InheritableThreadLocal} (including one made by
 *       {@code ThreadLocal.withInitial}) carries the value {@code get()} returns in the thread that
 *       serializes: if that thread has no value yet, serialization runs the initial-value
 *       supplier, as {@code get()} does (and the value stays set in that thread). It comes back as
 *       a plain {@code ThreadLocal} (or {@code InheritableThreadLocal}) whose value is set in the
 *       thread that deserializes only: every other thread of the receiver sees {@code null}, since
 *       the supplier is not carried. {@code check()} reads the value of a plain one (its
 *       {@code get()} at most records {@code null} as the current thread's value, which no public
 *       API tells apart from having none), and does not read, so does not check, the value of a
 *       {@code withInitial} one.</li>
 *   <li>{@code Stream} (and {@code IntStream}, {@code LongStream}, {@code DoubleStream}) and JDK
 *       {@code Iterator}s are consumed and materialized up to a bound (100,000 elements by default,
 *       see {@link dev.suitkaise.cereal.InternalCereal.Builder#maxMaterialized}); a longer or
 *       infinite one fails with its object path. They come back over the same elements.</li>
 *   <li>Open {@code FileInputStream}, {@code FileOutputStream}, {@code RandomAccessFile} and
 *       {@code FileChannel} reopen by path at the same position and mode (an output stream never
 *       truncates). The JDK keeps the path private, so it is found through {@code /proc/self}:
 *       Linux only; elsewhere serialization fails with a clear message. Only an existing regular
 *       file is reopened, never created, and never a link, FIFO or device (opening a FIFO would
 *       block the reader until another process opened its other end); the check and the opening
 *       are two steps, so a file swapped between them by someone who can write its directory is not
 *       caught. Files reopened by a message whose read then fails are closed.</li>
 *   <li>{@code Socket} becomes a {@link dev.suitkaise.cereal.SocketReconnector} and
 *       {@code Process} a {@link dev.suitkaise.cereal.ProcessReconnector}: the receiver calls
 *       {@link dev.suitkaise.cereal.Reconnector#reconnect(java.util.Map)} with credentials it supplies;
 *       credentials are never serialized.</li>
 *   <li>A JDBC {@code Connection} (of any driver or pool, unless a handler is registered for its
 *       class) becomes a {@link dev.suitkaise.cereal.JdbcReconnector} carrying the URL reported by
 *       {@code DatabaseMetaData.getURL()} with credentials removed, the auto-commit, read-only and
 *       transaction isolation settings, the catalog and the schema. The receiver calls
 *       {@link dev.suitkaise.cereal.JdbcReconnector#reconnect(String, char[]) reconnect(user, password)}
 *       (or {@code reconnect(Properties)}, {@code reconnect(Map)}), which opens a new connection
 *       through {@code DriverManager} and restores those settings; the reconnector then stands for
 *       it. Neither the password nor the user name is carried: the user name counts as a credential
 *       (the receiver chooses the account it logs in as), and user or secret parameters in the URL
 *       are removed. A connection that was closed comes back as a reconnector whose
 *       {@code wasClosed()} is true and that cannot reconnect. An open connection whose driver does
 *       not report its URL fails with its object path. A field holding a connection must be
 *       declared as {@code Connection} (or a supertype), not as the driver's class.</li>
 *   <li>Blocking and concurrent collections are snapshotted (contents kept, the original is not
 *       drained); atomics keep their value.</li>
 *   <li>{@code Collections} wrappers ({@code unmodifiable*}, {@code synchronized*}) come back as the
 *       same wrapper over a copy: a view shared with its backing collection becomes independent.</li>
 *   <li>A lambda or method reference must be serializable; otherwise serialization fails with a
 *       message that says how to make it so.</li>
 * </ul>
 *
 * <h2>Limits</h2>
 * User classes are carried by their non-transient fields (and records by their components)
 * through reflection from this module: in a named module, their packages must be open to
 * {@code dev.suitkaise.cereal}. Graphs nest at most 1,500 levels deep. Classes with custom {@code writeObject/readObject},
 * {@code writeReplace/readResolve} or {@code Externalizable} go through Java serialization inside
 * the message, filtered by the same allow-list; objects they reach are copied, not shared with the
 * rest of the graph, and must be {@code Serializable}. Lambdas and method references the JDK
 * creates (such as {@code Comparator.comparing(...)}) cannot be carried: their serialized form is
 * private to the JDK. Records, immutable collections, {@code Collections} wrappers,
 * {@code Optional}, {@code AtomicReference}, lambdas and objects carried by a handler are built by
 * the reader only after everything inside them, so a reference back into one of them from inside
 * it cannot be kept: serialization refuses it with the path of the reference, and {@code check()}
 * reports it. A frame of the stream variants holds at most {@code maxFrameBytes}, on writing as on
 * reading.
 *
 * <h2 id="hostile">Hostile input to the internal codec</h2>
 * Truncated, corrupted or hostile input fails with {@link dev.suitkaise.cereal.SKCerealException}.
 * Besides the allow-list and the nesting bound, three budgets keep what a message can make its
 * reader allocate and compute in proportion to its length:
 * <ul>
 *   <li><b>Declared lengths</b> of strings, arrays and collections are each bounded by the bytes
 *       left in the message.</li>
 *   <li><b>Pre-allocated slots.</b> Object arrays, immutable collections and {@code Collections}
 *       wrappers, streams, iterators, a lambda's captured arguments and
 *       {@code AtomicReferenceArray}s are allocated at their size before their elements are read,
 *       and nest; {@code ArrayBlockingQueue} capacities (including a thread pool's) and
 *       {@code ForkJoinPool} parallelism (four slots per unit) are allocated although no data fills
 *       them. All of these together draw on an allowance of one slot per byte of the message plus
 *       4,194,304. Every element takes at least a byte, so only capacities can exceed it: a message
 *       whose queue capacities add up to more than about four million fails.</li>
 *   <li><b>Hashing work.</b> Each element added to a hash-based set and each key put in a hash-based
 *       map is charged the objects its {@code hashCode()} may visit (a list, set or map counts
 *       itself, its slots and what its elements count, a shared part once per reference to it; an
 *       array, or an object of a class of the program, records included, counts 1, whatever it
 *       holds); an
 *       earlier key of the same hash code costs a comparison, and a {@code CopyOnWriteArraySet}
 *       compares each element with those before it. A message may spend 1,048,576 plus 64 per byte
 *       of its length. This refuses nested sets or keys that share their parts (hashed once per path
 *       through the shared parts: exponential in the nesting), thousands of keys of one hash code
 *       (except keys that are all strings, or all {@code Long}s or all {@code Integer}s, in a
 *       {@code HashMap}, {@code HashSet}, their linked variants or a {@code ConcurrentHashMap}, which
 *       order equal hash codes in a tree), and a {@code CopyOnWriteArraySet} of more than a thousand
 *       or so elements. A class of the program (a record too) whose {@code hashCode()} walks what
 *       its fields hold is counted as 1: give such classes a hash code of their own fields' values
 *       (a record's default hash code walks its components), not of shared sub-graphs.</li>
 * </ul>
 * Two known limits: objects carried through Java serialization (classes with custom serialization
 * methods, and JDK exceptions) are bounded by the JDK's deserialization filter (nesting, references,
 * and the sizes of all their arrays together, in proportion to their bytes) but not for hashing
 * work; and a {@code java.net.URL} that is a map key or set element, or part of one, is hashed while
 * the message is read, and {@code URL.hashCode()} resolves the host name, so a message can make its
 * reader look up host names of the sender's choosing. Key maps and sets by {@code URI} instead.
 *
 * <p>The external codec's decoder has its own {@link dev.suitkaise.cereal.ExternalCereal.Limits}
 * and refuses shared references inside map keys and set elements, so hashing a key costs no more
 * than its size; comparing keys of one hash code is charged as in the internal codec (weighted by
 * the keys' encoded size, 1,048,576 plus 64 per byte of the document).
 *
 * <p>No parameter of this package accepts null unless its documentation says so (as for the value a codec
 * writes); a null argument elsewhere throws a {@link NullPointerException} whose message names the parameter,
 * except the bytes given to the external codec to read, which it refuses as malformed input with an
 * {@link dev.suitkaise.cereal.SKCerealException}.
 */
package dev.suitkaise.cereal;
