package dev.suitkaise.reg;

import dev.suitkaise.reg.internal.AccessGuard;
import dev.suitkaise.reg.internal.Suggestions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The base of every Suitkaise registry: named entries of one value type, scoped by
 * {@link Domain}, with metadata, a {@linkplain OnDuplicate duplicate policy} and listeners.
 *
 * <p><b>One instance per (registry type, domain) per process.</b> A registry type is a subclass
 * with a constructor taking the domain and a static factory that calls {@link #open}:
 * <pre>{@code
 * public final class PanelReg extends SKReg<Panel> {
 *     private PanelReg(Domain domain) { super(domain); }
 *     public static PanelReg of(Domain domain) { return SKReg.open(PanelReg.class, domain, PanelReg::new); }
 * }
 * }</pre>
 * The first {@code open} for a (type, domain) pair creates the instance, exactly once even when
 * many threads race; later calls return it.
 *
 * <p><b>Access.</b> Opening a registry of {@link Domain#INTERNAL} or {@link Domain#EXTERNAL}
 * checks that the calling class (the first frame outside the registry classes, a lambda or method
 * reference counting as the class that wrote it; see {@link SKAccess}) lies under the domain's
 * {@linkplain DomainRoots roots}, and any principals that code acts for too, and fails with
 * {@link SKAccessException} otherwise.
 * A registry subclass counts among the registry classes only when it lies under the INTERNAL
 * roots or under the roots of the domain being opened; a subclass from anywhere else is checked
 * as the caller, so that extending {@code SKReg} lends no access.
 * With {@link AccessCheck#EVERY_CALL} every operation checks its caller too. GLOBAL registries
 * are open to all.
 *
 * <p><b>Thread-safety.</b> All operations are thread-safe and non-blocking except for the
 * per-key atomicity of {@link ConcurrentHashMap}; none of them waits on another thread's
 * listener. Reads ({@link #get}, {@link #contains}) never block. Snapshots ({@link #keys},
 * {@link #values}, {@link #entries}, {@link #find}) are weakly consistent: they reflect each
 * entry at some moment during the call.
 *
 * @param <V> the value type; values are never null
 */
public abstract class SKReg<V> {

    private static final Logger LOG = LoggerFactory.getLogger(SKReg.class);
    private static final Map<Class<?>, SKReg<?>[]> INSTANCES = new ConcurrentHashMap<>();
    private static final long PID = ProcessHandle.current().pid();

    private final Domain domain;
    private final AccessCheck accessCheck;
    private final Clock clock;
    private final ConcurrentHashMap<String, Slot<V>> entries = new ConcurrentHashMap<>();
    private final List<RegListener<? super V>> listeners = new CopyOnWriteArrayList<>();

    /** One entry: immutable apart from its access counter, which is carried across replacements. */
    private record Slot<V>(V value, Instant created, Instant modified, long creatorPid, String creatorThread,
                           LongAdder reads) {
        EntryMetadata metadata() {
            return new EntryMetadata(created, modified, reads.sum(), creatorPid, creatorThread);
        }
    }

    /**
     * Creates a registry for a domain with the {@linkplain AccessCheck#processDefault process
     * default} access check. Only {@link #open} should call a subclass's constructor.
     *
     * @param domain the domain this instance serves
     */
    protected SKReg(Domain domain) {
        this(domain, AccessCheck.processDefault());
    }

    /**
     * Creates a registry for a domain with an explicit access check.
     *
     * @param domain the domain this instance serves
     * @param accessCheck when callers are checked
     */
    protected SKReg(Domain domain, AccessCheck accessCheck) {
        this.domain = Objects.requireNonNull(domain, "domain");
        this.accessCheck = Objects.requireNonNull(accessCheck, "accessCheck");
        this.clock = Clock.systemUTC();
    }

    /**
     * Returns the process-wide instance of a registry type for a domain, creating it on first use.
     *
     * <p>Checks that the caller may open the domain. Creation happens at most once per
     * (type, domain) pair; concurrent callers wait for it and receive the same instance. The
     * factory must not open the same (type, domain) pair again.
     *
     * @param type the registry class
     * @param domain the domain
     * @param factory creates the instance for a domain, typically the constructor reference
     * @param <R> the registry type
     * @return the single instance for (type, domain)
     * @throws SKAccessException if the caller lies outside the domain's roots
     * @throws SKRegException if the factory returns an instance of another type or domain
     */
    public static <R extends SKReg<?>> R open(Class<R> type, Domain domain, Function<Domain, ? extends R> factory) {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(domain, "domain");
        Objects.requireNonNull(factory, "factory");
        AccessGuard.checkCaller(domain, "open the %s registry %s", type.getSimpleName());
        SKReg<?>[] slots = INSTANCES.computeIfAbsent(type, t -> new SKReg<?>[Domain.values().length]);
        SKReg<?> existing;
        synchronized (slots) {
            existing = slots[domain.ordinal()];
            if (existing == null) {
                R created = factory.apply(domain);
                if (created == null || created.getClass() != type || created.domain() != domain) {
                    throw new SKRegException("The factory for registry " + type.getName() + " returned "
                            + (created == null ? "null" : created.getClass().getName() + " for domain " + created.domain())
                            + " when asked for domain " + domain + "; it must return a new " + type.getSimpleName()
                            + " for the given domain (usually the constructor reference).");
                }
                slots[domain.ordinal()] = created;
                LOG.debug("Created registry {} for domain {}", type.getName(), domain);
                existing = created;
            }
        }
        return type.cast(existing);
    }

    /**
     * The domain this instance serves.
     *
     * @return the domain
     */
    public final Domain domain() {
        return domain;
    }

    /**
     * The registry's name, used in messages and events: the simple name of its class.
     *
     * @return the name
     */
    public String name() {
        return getClass().getSimpleName();
    }

    /**
     * When this registry checks its callers.
     *
     * @return the access check mode
     */
    public final AccessCheck accessCheck() {
        return accessCheck;
    }

    /**
     * Registers a value under a new key; fails if the key is taken ({@link OnDuplicate#RAISE}).
     *
     * @param key a non-blank key
     * @param value the value
     * @return the key
     * @throws SKRegException if the key is taken
     */
    public final String register(String key, V value) {
        return register(key, value, OnDuplicate.RAISE);
    }

    /**
     * Registers a value, deciding by {@code onDuplicate} what happens when the key is taken.
     * Fires {@link RegEvent.Kind#REGISTERED} for a new key and {@link RegEvent.Kind#REPLACED}
     * for an overwrite.
     *
     * @param key a non-blank key without leading or trailing white space
     * @param value the value
     * @param onDuplicate the duplicate policy
     * @return the key the value is registered under: {@code key}, or for {@link OnDuplicate#CREATE_NEW}
     *     the first free {@code key_N}
     * @throws SKRegException if the key is taken and the policy is {@link OnDuplicate#RAISE}
     * @throws IllegalArgumentException if the key is blank or has surrounding white space
     */
    public final String register(String key, V value, OnDuplicate onDuplicate) {
        checkEveryCall();
        validateKey(key);
        Objects.requireNonNull(value, () -> "value for key '" + key + "' in registry " + name() + " must not be null");
        Objects.requireNonNull(onDuplicate, "onDuplicate");
        Instant now = clock.instant();
        Slot<V> fresh = new Slot<>(value, now, now, PID, Thread.currentThread().getName(), new LongAdder());
        switch (onDuplicate) {
            case RAISE -> {
                Slot<V> previous = entries.putIfAbsent(key, fresh);
                if (previous != null) {
                    throw new SKRegException("Key '" + key + "' is already registered in " + domain + " registry " + name()
                            + " (since " + previous.created() + "). Use another key, remove it first, or register with"
                            + " OnDuplicate.OVERWRITE, IGNORE or CREATE_NEW.");
                }
                fire(RegEvent.Kind.REGISTERED, key, null, value);
                return key;
            }
            case IGNORE -> {
                Slot<V> previous = entries.putIfAbsent(key, fresh);
                if (previous == null) {
                    fire(RegEvent.Kind.REGISTERED, key, null, value);
                }
                return key;
            }
            case OVERWRITE -> {
                @SuppressWarnings({"unchecked", "rawtypes"})
                Slot<V>[] replaced = new Slot[1];
                entries.compute(key, (k, old) -> {
                    replaced[0] = old;
                    return old == null ? fresh
                            : new Slot<>(value, old.created(), now, old.creatorPid(), old.creatorThread(), old.reads());
                });
                if (replaced[0] == null) {
                    fire(RegEvent.Kind.REGISTERED, key, null, value);
                } else {
                    fire(RegEvent.Kind.REPLACED, key, replaced[0].value(), value);
                }
                return key;
            }
            case CREATE_NEW -> {
                String candidate = key;
                for (int n = 1; entries.putIfAbsent(candidate, fresh) != null; n++) {
                    candidate = key + "_" + n;
                }
                fire(RegEvent.Kind.REGISTERED, candidate, null, value);
                return candidate;
            }
            default -> throw new AssertionError(onDuplicate);
        }
    }

    /**
     * The value under a key, counting the access in its {@linkplain #metadata metadata}.
     *
     * @param key the key
     * @return the value, or empty if the key is not registered
     */
    public final Optional<V> get(String key) {
        checkEveryCall();
        Slot<V> slot = entries.get(Objects.requireNonNull(key, "key"));
        if (slot == null) {
            return Optional.empty();
        }
        slot.reads().increment();
        return Optional.of(slot.value());
    }

    /**
     * The value under a key, which must be registered.
     *
     * @param key the key
     * @return the value
     * @throws SKRegException if the key is not registered; the message names close matches
     */
    public final V require(String key) {
        checkEveryCall();
        Slot<V> slot = entries.get(Objects.requireNonNull(key, "key"));
        if (slot == null) {
            List<String> close = Suggestions.closest(key, entries.keySet(), 3);
            throw new SKRegException("No key '" + key + "' in " + domain + " registry " + name() + " ("
                    + entries.size() + " entries). " + (close.isEmpty() ? "Register it first."
                    : "Did you mean " + String.join(", ", close.stream().map(s -> "'" + s + "'").toList()) + "?"));
        }
        slot.reads().increment();
        return slot.value();
    }

    /**
     * Removes a key. Fires {@link RegEvent.Kind#REMOVED} if it was registered.
     *
     * @param key the key
     * @return the removed value, or empty if the key was not registered
     */
    public final Optional<V> remove(String key) {
        checkEveryCall();
        Slot<V> removed = entries.remove(Objects.requireNonNull(key, "key"));
        if (removed == null) {
            return Optional.empty();
        }
        fire(RegEvent.Kind.REMOVED, key, removed.value(), null);
        return Optional.of(removed.value());
    }

    /**
     * Whether a key is registered. Does not count as an access.
     *
     * @param key the key
     * @return true if registered
     */
    public final boolean contains(String key) {
        checkEveryCall();
        return entries.containsKey(Objects.requireNonNull(key, "key"));
    }

    /**
     * The registered keys, sorted.
     *
     * @return an immutable sorted snapshot
     */
    public final Set<String> keys() {
        checkEveryCall();
        return Collections.unmodifiableSet(new TreeSet<>(entries.keySet()));
    }

    /**
     * The registered values, in key order.
     *
     * @return an immutable snapshot
     */
    public final List<V> values() {
        checkEveryCall();
        return sortedSlots().stream().map(e -> e.getValue().value()).toList();
    }

    /**
     * The entries with their metadata, in key order.
     *
     * @return an immutable snapshot
     */
    public final List<Entry<V>> entries() {
        checkEveryCall();
        return sortedSlots().stream()
                .map(e -> new Entry<>(e.getKey(), e.getValue().value(), e.getValue().metadata()))
                .toList();
    }

    /**
     * The entries whose value matches a predicate, in key order. Does not count as an access.
     *
     * @param predicate the test
     * @return an immutable, ordered map of the matching keys and values
     */
    public final Map<String, V> find(Predicate<? super V> predicate) {
        checkEveryCall();
        Objects.requireNonNull(predicate, "predicate");
        Map<String, V> found = new LinkedHashMap<>();
        for (var e : sortedSlots()) {
            if (predicate.test(e.getValue().value())) {
                found.put(e.getKey(), e.getValue().value());
            }
        }
        return Collections.unmodifiableMap(found);
    }

    /**
     * The number of registered keys.
     *
     * @return the size
     */
    public final int size() {
        checkEveryCall();
        return entries.size();
    }

    /**
     * Removes every key, firing {@link RegEvent.Kind#REMOVED} for each one removed.
     *
     * @return how many keys were removed
     */
    public final int clear() {
        checkEveryCall();
        int removed = 0;
        for (String key : new ArrayList<>(entries.keySet())) {
            Slot<V> slot = entries.remove(key);
            if (slot != null) {
                removed++;
                fire(RegEvent.Kind.REMOVED, key, slot.value(), null);
            }
        }
        return removed;
    }

    /**
     * What the registry knows about a key.
     *
     * @param key the key
     * @return its metadata, or empty if it is not registered
     */
    public final Optional<EntryMetadata> metadata(String key) {
        checkEveryCall();
        Slot<V> slot = entries.get(Objects.requireNonNull(key, "key"));
        return slot == null ? Optional.empty() : Optional.of(slot.metadata());
    }

    /**
     * Adds a listener for {@link RegEvent.Kind#REGISTERED}, {@link RegEvent.Kind#REPLACED} and
     * {@link RegEvent.Kind#REMOVED} events. See {@link RegListener} for when it runs.
     *
     * @param listener the listener
     * @return a subscription whose {@code close()} removes the listener
     */
    public final Subscription addListener(RegListener<? super V> listener) {
        checkEveryCall();
        Objects.requireNonNull(listener, "listener");
        listeners.add(listener);
        AtomicBoolean closed = new AtomicBoolean();
        // Removes one registration, once: the same listener may be added more than once, and
        // closing one subscription twice must not remove another subscription's registration.
        return () -> {
            if (closed.compareAndSet(false, true)) {
                listeners.remove(listener);
            }
        };
    }

    @Override
    public String toString() {
        return name() + "[" + domain + ", size=" + entries.size() + "]";
    }

    private List<Map.Entry<String, Slot<V>>> sortedSlots() {
        List<Map.Entry<String, Slot<V>>> list = new ArrayList<>(entries.entrySet());
        list.sort(Map.Entry.comparingByKey());
        return list;
    }

    private void fire(RegEvent.Kind kind, String key, V oldValue, V newValue) {
        if (listeners.isEmpty()) {
            return;
        }
        RegEvent<V> event = new RegEvent<>(kind, name(), domain, key, oldValue, newValue);
        VirtualMachineError error = null;
        for (RegListener<? super V> listener : listeners) {
            try {
                @SuppressWarnings("unchecked")
                RegListener<V> l = (RegListener<V>) listener;
                l.onEvent(event);
            } catch (VirtualMachineError e) {
                LOG.warn("Listener {} of {} registry {} hit {} on {} of key '{}'; the change stands, the other listeners still"
                        + " run, and the error is rethrown after them", listener, domain, name(), e, kind, key);
                if (error == null) {
                    error = e;
                }
            } catch (RuntimeException | Error e) {
                LOG.warn("Listener {} of {} registry {} failed on {} of key '{}'; the change stands and other listeners still run",
                        listener, domain, name(), kind, key, e);
            }
        }
        if (error != null) {
            throw error;
        }
    }

    private void checkEveryCall() {
        if (accessCheck == AccessCheck.EVERY_CALL) {
            AccessGuard.checkCaller(domain, "use the %s registry %s", name());
        }
    }

    private void validateKey(String key) {
        Objects.requireNonNull(key, () -> "key in registry " + name() + " must not be null");
        if (key.isBlank()) {
            throw new IllegalArgumentException("Key in " + domain + " registry " + name() + " must not be blank.");
        }
        if (!key.equals(key.strip())) {
            throw new IllegalArgumentException("Key '" + key + "' in " + domain + " registry " + name()
                    + " has leading or trailing white space; strip it first.");
        }
    }

    /**
     * One entry of a registry with its metadata.
     *
     * @param key the key
     * @param value the value
     * @param metadata the entry's metadata at the time of the snapshot
     * @param <V> the value type
     */
    public record Entry<V>(String key, V value, EntryMetadata metadata) {
        /**
         * Creates the entry.
         *
         * @param key the key
         * @param value the value; registry values are never null
         * @param metadata the entry's metadata
         */
        public Entry {
            Objects.requireNonNull(key, "Entry: key is null");
            Objects.requireNonNull(value, "Entry: value is null");
            Objects.requireNonNull(metadata, "Entry: metadata is null");
        }
    }
}
