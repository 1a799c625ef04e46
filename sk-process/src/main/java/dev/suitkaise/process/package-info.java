/**
 * Child JVM processes for Suitkaise programs.
 *
 * <p>{@link dev.suitkaise.process.SKProcessManager#of(dev.suitkaise.reg.Domain)} gives the
 * manager of a domain; {@link dev.suitkaise.process.SKProcessManager#spawn(ProcessSpec)} starts a
 * child JVM with the parent's java executable, JVM options and module or class path, runs the
 * registered init functions in it and returns its {@link dev.suitkaise.process.SKProcess} handle,
 * to which functions ({@link dev.suitkaise.function.AnyFunction}) are
 * {@linkplain dev.suitkaise.process.SKProcess#submit submitted}. The
 * {@link dev.suitkaise.process.SKProcessCommander} (one per program, created by the first
 * manager that finds none; in a child, the parent's) divides the process budget between the
 * domains and hosts the globals that {@link dev.suitkaise.reg.SKGlobal} opens in every process of
 * the program: this module provides the cross-process {@link dev.suitkaise.reg.SKGlobalStorage},
 * in which atomic operations stay atomic across processes and
 * {@linkplain dev.suitkaise.reg.GlobalMap#onChange listeners} in any process see the changes made
 * in every other (a child's first listener of a global subscribes it with its parent; only
 * subscribed children are sent changes, and a child's subscriptions end with it). In a child,
 * listeners run on its one {@code sk-global-events} thread; in the top process, on the thread
 * that applied the change (for a child's change, the thread serving that child's channel).
 * {@link dev.suitkaise.process.SKProcessManager#pool(int)} keeps warm children for
 * {@link dev.suitkaise.process.SKPool#map map}-style work; parent and child exchange plain
 * messages with {@link dev.suitkaise.process.SKProcess#tell tell}/{@link dev.suitkaise.process.SKProcess#listen listen}
 * and, inside the child, {@link dev.suitkaise.process.SKProcess#current()}.
 *
 * <h2>The channel</h2>
 * A child connects back over a Unix domain socket in a private (0700) temporary directory, or a
 * loopback TCP port where those are missing ({@code -Dsuitkaise.process.transport=tcp} forces
 * it), and proves itself with a random per-child token it read from its stdin; any other client
 * is refused and logged at WARN. The socket's directory, {@code suitkaise-process-<pid>-<random>}
 * in {@code java.io.tmpdir}, is deleted when the JVM exits; one left by a JVM that could not
 * delete it (killed with SIGKILL) is deleted by its parent when it was a child that ended with a
 * non-zero exit code, else by the next JVM that opens its socket in the same temporary directory,
 * once no process has that pid and nothing listens on the socket. Frames are length-prefixed
 * sk-cereal messages. The parent pings
 * every child (1 s by default); the child exits by itself within about two seconds when its
 * parent dies or the channel closes. A child's stdout and stderr are logged line by line (INFO and
 * WARN) under {@code dev.suitkaise.process.child.<name>}.
 *
 * <p>A thread waiting for a frame (a channel's reader, a task waiting for its parent's answer) or
 * for a task's result first polls for a short spin window, yielding its processor, and only then
 * sleeps: waking a sleeping thread costs more than the rest of a round trip. The window is 50
 * microseconds; {@code -Dsuitkaise.process.spinMicros=N} sets it (children inherit it) and
 * {@code 0} turns polling off. Polling adapts (a poll that misses turns it off until frames come
 * quickly again, so idle channels never poll), a JVM with one processor never polls, and at most
 * one thread per processor polls at a time in each JVM.
 *
 * <h2>What travels</h2>
 * Functions, their results and exceptions, init functions, messages and global keys and values
 * travel through the internal codec of sk-cereal. Classes under the roots of the INTERNAL and
 * EXTERNAL domains and the JDK types the codec supports are allowed by default; others must be
 * allowed on the {@linkplain dev.suitkaise.process.ProcessSpec.Builder#allowClasses spec} or the
 * {@linkplain dev.suitkaise.process.SKProcessManager#allowClasses manager}: the parent sends its
 * allow-list to each child, so both codecs are built alike. A value that is not allowed fails its task with a message naming the class. Lambdas
 * must be serializable ({@code AnyFunction} is) and, in a named module, the package of the class
 * that declares them must be open to {@code dev.suitkaise.cereal}.
 *
 * <h2>Class path</h2>
 * On the module path Suitkaise's modules are INTERNAL by their names; on the class path sk-reg
 * recognizes Suitkaise's jars by their module names (a renamed or shaded jar must be listed in
 * {@code -Dsuitkaise.domain.internal=...}). Code of yours that manages INTERNAL processes must be
 * listed there too; children inherit the setting.
 *
 * <h2>Domain roots</h2>
 * A child starts with its parent's domain roots as they are when the child is handed its name
 * (they travel with its welcome): roots added or removed at run time, with
 * {@link dev.suitkaise.reg.DomainRoots#add} or {@code SKRoot.registerDomainRoots()}, reach every
 * child started or taken from the warm spares afterwards, and a restart. The child's INTERNAL and
 * EXTERNAL roots become exactly the parent's. A child already running keeps the roots it started with.
 *
 * <h2>Faults</h2>
 * A child that dies (crash, {@code kill -9}, {@code System.exit}) fails every pending future with
 * {@link dev.suitkaise.process.SKProcessCrashedException} carrying its exit code and last stderr
 * lines; a {@link dev.suitkaise.process.RestartPolicy} may bring it back under the same handle,
 * running its init functions again. A child that stops answering heartbeats is killed and
 * reported the same way. A task that outlives its timeout fails with
 * {@link dev.suitkaise.process.SKProcessTimeoutException} and is interrupted in the child; so is a
 * task whose future the caller cancels with {@code cancel(true)}. A child may spawn processes of
 * its own through its parent's commander: they count against the program's budget, exit when
 * their parent dies, and their budget slots are then freed for them.
 *
 * <p>No parameter of this package accepts null unless its documentation says so (as for a task's
 * timeout); a null argument elsewhere throws a {@link NullPointerException} whose message names the
 * parameter, before anything is started.
 */
package dev.suitkaise.process;
