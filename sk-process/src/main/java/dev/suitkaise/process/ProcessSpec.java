package dev.suitkaise.process;

import dev.suitkaise.function.AnyFunction;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * How to start one child process. Build with {@link #builder(String)}.
 *
 * <p>The child runs the parent's java executable with the parent's JVM options (module path,
 * class path, module patches, opens), then {@link #jvmOptions()}, the heap and the system
 * properties of this spec, and the parent's environment plus {@link #environment()}.
 *
 * @param name the process's name: letters, digits, {@code . _ -}; unique among the live processes of a manager
 * @param jvmOptions extra JVM options, such as {@code -XX:+UseSerialGC}
 * @param maxHeap the child's maximum heap ({@code -Xmx}) such as {@code 256m}, or null for the parent's setting
 * @param environment environment variables added to the parent's
 * @param systemProperties system properties for the child ({@code -Dkey=value})
 * @param initFunctions functions the child runs, after the manager's, before it accepts work
 * @param restartPolicy whether a crashed child is brought back
 * @param allowedClasses extra class names and package prefixes ({@code com.acme.*}) that may travel
 *     to and from this child through sk-cereal
 * @param startTimeout how long a launch may take, from start to ready (init functions included)
 * @param taskTimeout the default timeout of a submitted task, or null for none
 * @param heartbeatInterval how often the parent checks that the child answers
 * @param unresponsiveAfter how long a child may stay silent before it is killed and reported
 */
public record ProcessSpec(String name, List<String> jvmOptions, String maxHeap, Map<String, String> environment,
                          Map<String, String> systemProperties, List<InitFunction> initFunctions,
                          RestartPolicy restartPolicy, List<String> allowedClasses, Duration startTimeout,
                          Duration taskTimeout, Duration heartbeatInterval, Duration unresponsiveAfter) {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    private static final Pattern HEAP = Pattern.compile("[0-9]+[kKmMgG]?");

    /**
     * An init function with its priority: higher priorities run first, equal ones in the order
     * they were added.
     *
     * @param function the function; its result is ignored, an exception fails the start
     * @param priority the priority
     */
    public record InitFunction(AnyFunction<?> function, int priority) {
        /**
         * Creates an init function.
         *
         * @param function the function
         * @param priority the priority
         */
        public InitFunction {
            Objects.requireNonNull(function, "function");
        }
    }

    /**
     * Checks and copies the components.
     *
     * @param name see the record description
     * @param jvmOptions see the record description
     * @param maxHeap see the record description
     * @param environment see the record description
     * @param systemProperties see the record description
     * @param initFunctions see the record description
     * @param restartPolicy see the record description
     * @param allowedClasses see the record description
     * @param startTimeout see the record description
     * @param taskTimeout see the record description
     * @param heartbeatInterval see the record description
     * @param unresponsiveAfter see the record description
     */
    public ProcessSpec {
        Objects.requireNonNull(name, "name");
        // every null refused before any value is judged, so the message names what was null
        Objects.requireNonNull(jvmOptions, "ProcessSpec: jvmOptions is null; pass List.of() for none");
        Objects.requireNonNull(environment, "ProcessSpec: environment is null; pass Map.of() for none");
        Objects.requireNonNull(systemProperties, "ProcessSpec: systemProperties is null; pass Map.of() for none");
        Objects.requireNonNull(initFunctions, "ProcessSpec: initFunctions is null; pass List.of() for none");
        Objects.requireNonNull(restartPolicy, "restartPolicy");
        Objects.requireNonNull(allowedClasses, "ProcessSpec: allowedClasses is null; pass List.of() for none");
        Objects.requireNonNull(startTimeout, "startTimeout");
        Objects.requireNonNull(heartbeatInterval, "heartbeatInterval");
        Objects.requireNonNull(unresponsiveAfter, "unresponsiveAfter");
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("Process name '" + name + "' is not valid: use 1 to 64 letters, digits, '.', '_' or '-'.");
        }
        jvmOptions = List.copyOf(jvmOptions);
        if (maxHeap != null && !HEAP.matcher(maxHeap).matches()) {
            throw new IllegalArgumentException("Heap size '" + maxHeap + "' of process '" + name + "' is not valid: use a number with an optional k, m or g, such as 256m.");
        }
        environment = Map.copyOf(environment);
        systemProperties = Map.copyOf(systemProperties);
        initFunctions = List.copyOf(initFunctions);
        Objects.requireNonNull(restartPolicy, "restartPolicy");
        allowedClasses = List.copyOf(allowedClasses);
        requirePositive(startTimeout, "startTimeout", name);
        if (taskTimeout != null) {
            requirePositive(taskTimeout, "taskTimeout", name);
        }
        requirePositive(heartbeatInterval, "heartbeatInterval", name);
        requirePositive(unresponsiveAfter, "unresponsiveAfter", name);
        if (unresponsiveAfter.compareTo(heartbeatInterval) <= 0) {
            throw new IllegalArgumentException("unresponsiveAfter (" + unresponsiveAfter + ") of process '" + name
                    + "' must be longer than heartbeatInterval (" + heartbeatInterval + ").");
        }
    }

    private static void requirePositive(Duration d, String what, String name) {
        Objects.requireNonNull(d, what);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(what + " of process '" + name + "' must be positive, was " + d);
        }
    }

    /**
     * A builder with the defaults: no extra options, the parent's heap, no restarts, a start
     * timeout of 60 s, no task timeout, a heartbeat every second, killed after 15 s of silence.
     *
     * @param name the process's name
     * @return a new builder
     */
    public static Builder builder(String name) {
        return new Builder(name);
    }

    /** Builds a {@link ProcessSpec}. Not thread-safe. */
    public static final class Builder {
        private final String name;
        private final List<String> jvmOptions = new ArrayList<>();
        private String maxHeap;
        private final Map<String, String> environment = new LinkedHashMap<>();
        private final Map<String, String> systemProperties = new LinkedHashMap<>();
        private final List<InitFunction> initFunctions = new ArrayList<>();
        private RestartPolicy restartPolicy = RestartPolicy.never();
        private final Set<String> allowed = new LinkedHashSet<>();
        private Duration startTimeout = Duration.ofSeconds(60);
        private Duration taskTimeout;
        private Duration heartbeatInterval = Duration.ofSeconds(1);
        private Duration unresponsiveAfter = Duration.ofSeconds(15);

        private Builder(String name) {
            this.name = Objects.requireNonNull(name, "name");
        }

        /**
         * Adds JVM options.
         *
         * @param options options such as {@code -XX:+UseSerialGC}
         * @return this builder
         */
        public Builder jvmOptions(String... options) {
            Objects.requireNonNull(options, "jvmOptions: options is null");
            for (String o : options) {
                jvmOptions.add(Objects.requireNonNull(o, "option"));
            }
            return this;
        }

        /**
         * The child's maximum heap.
         *
         * @param size such as {@code 256m}
         * @return this builder
         */
        public Builder maxHeap(String size) {
            this.maxHeap = Objects.requireNonNull(size, "size");
            return this;
        }

        /**
         * Adds an environment variable.
         *
         * @param key the name
         * @param value the value
         * @return this builder
         */
        public Builder environment(String key, String value) {
            environment.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
            return this;
        }

        /**
         * Adds a system property. The domain roots {@code suitkaise.domain.internal} and
         * {@code suitkaise.domain.external} set here (or as {@code -D} JVM options) are added to
         * the roots the child gets from its parent when it starts; no other child gets them.
         *
         * @param key the name
         * @param value the value
         * @return this builder
         */
        public Builder systemProperty(String key, String value) {
            systemProperties.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
            return this;
        }

        /**
         * Adds an init function with priority 0.
         *
         * @param function the function
         * @return this builder
         */
        public Builder init(AnyFunction<?> function) {
            return init(function, 0);
        }

        /**
         * Adds an init function.
         *
         * @param function the function
         * @param priority higher runs first
         * @return this builder
         */
        public Builder init(AnyFunction<?> function, int priority) {
            initFunctions.add(new InitFunction(function, priority));
            return this;
        }

        /**
         * Whether a crashed child is brought back.
         *
         * @param policy the policy
         * @return this builder
         */
        public Builder restartPolicy(RestartPolicy policy) {
            this.restartPolicy = Objects.requireNonNull(policy, "policy");
            return this;
        }

        /**
         * Allows classes to travel to and from this child.
         *
         * @param types the classes
         * @return this builder
         */
        public Builder allowClasses(Class<?>... types) {
            Objects.requireNonNull(types, "allowClasses: types is null");
            for (Class<?> t : types) {
                allowed.add(Objects.requireNonNull(t, "type").getName());
            }
            return this;
        }

        /**
         * Allows every class of some packages and their sub-packages to travel.
         *
         * @param packages package names such as {@code com.acme.model}
         * @return this builder
         */
        public Builder allowPackages(String... packages) {
            Objects.requireNonNull(packages, "allowPackages: packages is null");
            for (String p : packages) {
                String s = Objects.requireNonNull(p, "package").strip();
                if (s.isEmpty()) {
                    throw new IllegalArgumentException("A package name to allow must not be blank.");
                }
                allowed.add(s.endsWith(".*") ? s : s + ".*");
            }
            return this;
        }

        /**
         * How long a launch may take.
         *
         * @param timeout positive
         * @return this builder
         */
        public Builder startTimeout(Duration timeout) {
            this.startTimeout = Objects.requireNonNull(timeout, "startTimeout: timeout is null");
            return this;
        }

        /**
         * The default timeout of submitted tasks.
         *
         * @param timeout positive, or null for none
         * @return this builder
         */
        public Builder taskTimeout(Duration timeout) {
            this.taskTimeout = timeout;
            return this;
        }

        /**
         * The heartbeat: how often the child is asked, and how long it may stay silent before it
         * is killed and reported as crashed.
         *
         * @param interval positive
         * @param unresponsiveAfter longer than {@code interval}
         * @return this builder
         */
        public Builder heartbeat(Duration interval, Duration unresponsiveAfter) {
            this.heartbeatInterval = Objects.requireNonNull(interval, "heartbeat: interval is null");
            this.unresponsiveAfter = Objects.requireNonNull(unresponsiveAfter, "heartbeat: unresponsiveAfter is null");
            return this;
        }

        /**
         * Builds the spec.
         *
         * @return the spec
         * @throws IllegalArgumentException if a setting is invalid
         */
        public ProcessSpec build() {
            return new ProcessSpec(name, jvmOptions, maxHeap, environment, systemProperties, initFunctions, restartPolicy,
                    new ArrayList<>(allowed), startTimeout, taskTimeout, heartbeatInterval, unresponsiveAfter);
        }
    }
}
