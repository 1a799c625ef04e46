package dev.suitkaise.process.internal;

import dev.suitkaise.process.ProcessSpec;
import dev.suitkaise.reg.Domain;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The warm spare JVMs of one process manager: child JVMs started ahead of need, connected back
 * and waiting for their welcome, so that a spawn whose JVM settings match takes one and only
 * sends it its name and init functions. Each spare holds a budget slot of its domain, taken
 * without waiting (no spare is started when none is free), which passes to the process that
 * takes it; a spawn that finds the budget used up retires a spare to free its slot. A spare
 * exits by itself when this JVM dies, like every child.
 *
 * <p>Thread-safe: state under this object's monitor; JVMs start on virtual threads.
 */
public final class WarmSpares {

    private static final Logger LOG = LoggerFactory.getLogger(WarmSpares.class);
    private static final String WHO = "a warm spare";
    private static final int PRACTICE_ROUNDS = 3;

    private final Domain domain;
    private final Logger spareLog;
    private final Deque<Incarnation> ready = new ArrayDeque<>();
    private ProcessSpec template;
    private List<String> allowed = List.of();
    private Settings settings;
    private int wanted;
    private int starting;
    /** Changes whenever the settings or the count change, so that JVMs started before are not kept. */
    private long generation;

    /**
     * The JVM-level settings of a spec: what decides the command and environment of its JVM.
     * Two specs with equal settings can use each other's spares.
     */
    private record Settings(List<String> jvmOptions, String maxHeap, Map<String, String> environment,
                            Map<String, String> systemProperties, List<String> allowed) {

        static Settings of(ProcessSpec spec, List<String> allowed) {
            return new Settings(spec.jvmOptions(), spec.maxHeap(), spec.environment(), spec.systemProperties(), List.copyOf(allowed));
        }
    }

    /**
     * Creates the spares of a manager; none until {@link #keep}.
     *
     * @param domain the manager's domain
     */
    public WarmSpares(Domain domain) {
        this.domain = Objects.requireNonNull(domain, "domain");
        this.spareLog = LoggerFactory.getLogger("dev.suitkaise.process.child.spare-" + domain.name().toLowerCase(java.util.Locale.ROOT));
    }

    /**
     * Keeps {@code count} spares with the JVM settings of {@code template} from now on: spares of
     * other settings are stopped, missing ones are started in the background. Does not block.
     *
     * @param template the spec whose JVM options, heap, environment and system properties the spares have
     * @param allowedClasses the classes and packages their codec allows beyond the defaults
     * @param count how many; 0 stops them all
     */
    public void keep(ProcessSpec template, List<String> allowedClasses, int count) {
        List<Incarnation> retired = new ArrayList<>();
        synchronized (this) {
            Settings s = Settings.of(template, allowedClasses);
            if (!s.equals(settings)) {
                retired.addAll(ready);
                ready.clear();
            }
            while (ready.size() > count) {
                retired.add(ready.removeLast());
            }
            this.template = template;
            this.allowed = List.copyOf(allowedClasses);
            this.settings = s;
            this.wanted = count;
            generation++;
        }
        retired.forEach(this::retire);
        fill();
    }

    /**
     * The spares ready to be taken now.
     *
     * @return the count
     */
    public synchronized int ready() {
        return ready.size();
    }

    /**
     * Takes a ready spare whose JVM settings are those of {@code spec}, with its budget slot.
     *
     * @param spec the spec of the process to start
     * @param allowedClasses the classes and packages that process's codec allows
     * @return a connected spare JVM (its slot now belongs to the caller), or null if none fits
     */
    public Incarnation take(ProcessSpec spec, List<String> allowedClasses) {
        synchronized (this) {
            if (ready.isEmpty() || !Settings.of(spec, allowedClasses).equals(settings)) {
                return null;
            }
            while (!ready.isEmpty()) {
                Incarnation i = ready.removeFirst();
                if (i.process.isAlive() && !i.channel.isClosed()) {
                    return i;
                }
                // it died between its exit and the exit's callback: the callback finds it gone and frees nothing
                releaseSlot();
            }
            return null;
        }
    }

    /**
     * Stops one ready spare and frees its slot, for a spawn that found the budget used up.
     *
     * @return true if a spare was stopped
     */
    public boolean retireOne() {
        Incarnation i;
        synchronized (this) {
            i = ready.pollLast();
        }
        if (i == null) {
            return false;
        }
        retire(i);
        return true;
    }

    /** Starts the missing spares, each on its own virtual thread, while slots are free. Does not block. */
    public void fill() {
        while (true) {
            ProcessSpec spec;
            List<String> allow;
            long gen;
            synchronized (this) {
                if (ready.size() + starting >= wanted) {
                    return;
                }
                if (!authority().tryAcquire(domain, WHO)) {
                    LOG.debug("No free {} slot for {}; {} of {} spare(s) ready", domain, WHO, ready.size(), wanted);
                    return;
                }
                starting++;
                spec = template;
                allow = allowed;
                gen = generation;
            }
            Thread.ofVirtual().name("sk-process-spare-" + domain).start(() -> startOne(spec, allow, gen));
        }
    }

    private void startOne(ProcessSpec spec, List<String> allow, long gen) {
        Incarnation i = null;
        try {
            i = ManagedProcess.connect(Launcher.command(spec, allow, null), spec.environment(), "spare", spareLog, spec.startTimeout());
            practise(i);
        } catch (RuntimeException e) { // SKProcessStartException, or anything unforeseen: the slot must go back
            LOG.warn("A warm spare {} JVM failed to start; spawns start new JVMs until the next one does: {}", domain, e.getMessage());
        }
        boolean keep;
        synchronized (this) {
            keep = i != null && gen == generation && ready.size() < wanted;
            if (keep) {
                starting--;
                ready.addLast(i);
                Incarnation spare = i;
                i.exited.thenRun(() -> exitedWhileReady(spare));
                notifyAll();
            }
        }
        if (keep) {
            LOG.debug("Warm spare {} JVM ready as pid {}", domain, i.pid);
            return;
        }
        try {
            if (i == null) {
                releaseSlot();
            } else {
                retire(i); // not wanted any more: a shutdown waits until it is gone
            }
        } finally {
            synchronized (this) {
                starting--;
                notifyAll();
            }
        }
    }

    /**
     * A few heartbeat round trips with a new spare before it waits: the first frames a JVM reads
     * and answers run code for the first time (class linking, call-site set-up), which would
     * otherwise delay the spawn that takes it by milliseconds. Also proves the spare answers.
     */
    private static void practise(Incarnation i) {
        try {
            for (int k = 0; k < PRACTICE_ROUNDS; k++) {
                if (!i.channel.send(new Frame.Ping())) {
                    throw new java.io.IOException("the channel closed");
                }
                Frame f = i.channel.receive();
                if (!(f instanceof Frame.Heartbeat)) {
                    throw new java.io.IOException("it answered a ping with " + f.getClass().getSimpleName());
                }
            }
        } catch (java.io.IOException | RuntimeException e) {
            ManagedProcess.discard(i, null, null);
            throw new dev.suitkaise.process.SKProcessStartException("The warm spare pid " + i.pid + " failed its first round trips: "
                    + e.getMessage(), e);
        }
    }

    private void exitedWhileReady(Incarnation i) {
        boolean was;
        synchronized (this) {
            was = ready.remove(i);
        }
        if (was) {
            LOG.warn("Warm spare {} JVM pid {} exited while it waited (code {}); the next spawn starts a new one", domain, i.pid,
                    i.exited.getNow(-1));
            releaseSlot();
        }
    }

    /** Stops a spare that was taken out of {@link #ready} (or never put there) and frees its slot. */
    private void retire(Incarnation i) {
        ManagedProcess.discard(i, null, null);
        releaseSlot();
    }

    private void releaseSlot() {
        try {
            authority().release(domain);
        } catch (RuntimeException e) {
            LOG.debug("Cannot free the slot of {} in {}: {}", WHO, domain, e.getMessage());
        }
    }

    private static Authority authority() {
        return Commanders.current();
    }

    /**
     * Stops every spare and keeps none from now on; waits for spares still starting, at most
     * {@code bound}. When it returns within the bound, no spare JVM runs.
     *
     * @param bound how long to wait for starting spares
     */
    public void shutdown(Duration bound) {
        List<Incarnation> retired;
        synchronized (this) {
            wanted = 0;
            generation++;
            retired = new ArrayList<>(ready);
            ready.clear();
        }
        retired.forEach(this::retire);
        long deadline = System.nanoTime() + bound.toNanos();
        synchronized (this) {
            while (starting > 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    LOG.warn("{} warm spare {} JVM(s) still starting after {}; each stops itself when it is ready", starting, domain, bound);
                    return;
                }
                try {
                    wait(Math.max(1, left / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }
}
