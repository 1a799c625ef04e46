package dev.suitkaise.testkit;

import com.google.common.reflect.Invokable;
import com.google.common.reflect.Parameter;
import com.google.common.reflect.TypeToken;
import com.google.common.testing.ArbitraryInstances;
import com.google.common.testing.NullPointerTester;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.module.ModuleReader;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Proxy;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Checks how the public API of one exported package treats a null argument, the way Guava and Caffeine check
 * theirs. For every public constructor and method (static, or on a given instance) and every reference parameter in
 * turn, the call is made with that parameter null and the others set to defaults:
 * <ul>
 *   <li>Guava's {@link NullPointerTester} requires a {@link NullPointerException} (or an
 *       {@link UnsupportedOperationException});</li>
 *   <li>this class also requires the exception's message to name the parameter (or a word given for it), so that it
 *       says what was null and where: a bare exception (no message), or one the JVM raised from deep inside (its
 *       "Cannot invoke ... because ... is null" message), fails;</li>
 *   <li>a parameter listed as nullable (the Javadoc says it may be null) must accept null instead, and one listed
 *       as {@linkplain #refusedWith refused with} another exception must throw that one, naming the parameter.</li>
 * </ul>
 * Members are named {@code Type.member} ({@code Type.new} for constructors, nested types as {@code Outer.Inner},
 * instance methods by the type that declares them), parameters {@code Type.member.parameter}; such a name covers
 * every overload, and {@code Type.member(Param,Types).parameter} (simple names) only one. All failures are collected and reported
 * together by {@link #assertClean()}, which also fails when a public type of the package was not checked.
 *
 * <p>An instance method that implements or overrides a method of a JDK type (a {@code java.sql.Connection}, a
 * {@code java.net.Socket} method) follows that type's contract and is not checked here.
 *
 * <p>The package is found through a test class patched into the module that holds it (surefire runs a module's
 * tests patched into it on the module path): its module is the one whose public types must all be checked, and the
 * classes of the package loaded from the test class's location are test code, not API, so they need no check.
 *
 * <p>Not thread-safe: one test builds, runs and asserts one instance on one thread. The checks call the API on the
 * calling thread and block as long as the calls do.
 */
public final class PublicApiNulls {

    /** The message of a NullPointerException the JVM raised itself (JEP 358), i.e. from a missing check. */
    private static final Pattern JVM_MESSAGE = Pattern.compile("^Cannot .+ because .+ is null$", Pattern.DOTALL);

    private final String packageName;
    private final Class<?> testClass;
    private final NullPointerTester tester = new NullPointerTester();
    private final Map<Class<?>, Object> defaults = new HashMap<>();
    private final Map<String, String> nullable = new HashMap<>();
    private final Map<String, String> skipped = new HashMap<>();
    private final Map<String, Class<? extends RuntimeException>> refusedWith = new HashMap<>();
    private final Map<String, List<String>> words = new HashMap<>();
    private final Set<String> used = new LinkedHashSet<>();
    private final Set<Class<?>> covered = new LinkedHashSet<>();
    private final List<String> failures = new ArrayList<>();
    private final Set<String> membersChecked = new TreeSet<>();
    private int parametersChecked;

    /**
     * Starts a check of one package.
     *
     * @param packageName the exported package whose public types are checked
     * @param testClass a test class patched into the module that holds the package, for example the test that
     *     runs this check; the package's classes loaded from the same location are test code and are not checked
     * @throws IllegalArgumentException if {@code testClass} is not in a named module that holds the package
     */
    public PublicApiNulls(String packageName, Class<?> testClass) {
        this.packageName = Objects.requireNonNull(packageName, "packageName");
        this.testClass = Objects.requireNonNull(testClass, "testClass");
        Module module = testClass.getModule();
        if (!module.isNamed() || !module.getPackages().contains(packageName)) {
            throw new IllegalArgumentException(testClass.getName() + " is in " + module + ", which does not hold "
                    + packageName + "; pass a test class patched into the package's module and run the tests on"
                    + " the module path");
        }
    }

    /**
     * Sets the value passed for parameters of a type that neither the tester nor {@link ArbitraryInstances} can make.
     *
     * @param type the parameter type
     * @param value the value passed for it
     * @param <T> the parameter type
     * @return this
     */
    public <T> PublicApiNulls setDefault(Class<T> type, T value) {
        tester.setDefault(type, value);
        defaults.put(type, value);
        return this;
    }

    /**
     * Declares a parameter that is documented as nullable: null must be accepted.
     *
     * @param parameter {@code Type.member.parameter}
     * @param why where the Javadoc says so
     * @return this
     */
    public PublicApiNulls nullable(String parameter, String why) {
        nullable.put(parameter, why);
        return this;
    }

    /**
     * Leaves a member out.
     *
     * @param member {@code Type.member}
     * @param why why it cannot be called in a test
     * @return this
     */
    public PublicApiNulls skip(String member, String why) {
        skipped.put(member, why);
        return this;
    }

    /**
     * Declares a parameter whose null is refused, by design, with another exception than a NullPointerException;
     * its message must still name the parameter.
     *
     * @param parameter {@code Type.member.parameter}
     * @param type the exception type
     * @param why where that is documented or tested
     * @return this
     */
    public PublicApiNulls refusedWith(String parameter, Class<? extends RuntimeException> type, String why) {
        refusedWith.put(parameter, type);
        return this;
    }

    /**
     * Accepts other words than the parameter's name in the message of a null parameter.
     *
     * @param parameter {@code Type.member.parameter}
     * @param accepted words, any of which the message may contain instead of the parameter's name
     * @return this
     */
    public PublicApiNulls words(String parameter, String... accepted) {
        words.put(parameter, List.of(accepted));
        return this;
    }

    /**
     * Marks a public type as covered without calling anything on it.
     *
     * @param type the type
     * @param why why it has nothing to check (for example an interface that users implement and the library calls)
     * @return this
     */
    public PublicApiNulls noMembers(Class<?> type, String why) {
        covered.add(type);
        return this;
    }

    /**
     * Checks the public constructors and public static methods that {@code type} declares.
     *
     * @param type a public type of the package
     * @return this
     */
    public PublicApiNulls statics(Class<?> type) {
        covered.add(type);
        for (Constructor<?> c : type.getDeclaredConstructors()) {
            if (Modifier.isPublic(c.getModifiers()) && !c.isSynthetic()
                    && !Modifier.isAbstract(type.getModifiers())) {
                check(type, null, c, Invokable.from(c), "new");
            }
        }
        for (Method m : type.getDeclaredMethods()) {
            if (Modifier.isPublic(m.getModifiers()) && Modifier.isStatic(m.getModifiers()) && !m.isSynthetic()) {
                check(type, null, m, Invokable.from(m), m.getName());
            }
        }
        return this;
    }

    /**
     * Checks the public instance methods of {@code type} (declared by it or by its supertypes in the package) on
     * {@code instance}.
     *
     * @param type a public type of the package
     * @param instance an instance to call them on, in a state where the calls return at once
     * @param <T> the type
     * @return this
     */
    public <T> PublicApiNulls instance(Class<T> type, T instance) {
        covered.add(type);
        Map<String, Method> bySignature = new LinkedHashMap<>();
        for (Method m : type.getMethods()) {
            if (Modifier.isStatic(m.getModifiers()) || m.isSynthetic() || m.isBridge()
                    || !m.getDeclaringClass().getPackageName().equals(packageName) || isEquals(m)
                    || overridesJdk(type, m)) {
                continue;
            }
            bySignature.putIfAbsent(m.getName() + Arrays.toString(m.getParameterTypes()), m);
        }
        for (Method m : bySignature.values()) {
            check(m.getDeclaringClass(), instance, m, TypeToken.of(instance.getClass()).method(m), m.getName());
        }
        return this;
    }

    /**
     * The members checked so far.
     *
     * @return the members, as {@code Type.member(ParameterTypes)}, in order; a view that later checks add to
     */
    public Set<String> membersChecked() {
        return Collections.unmodifiableSet(membersChecked);
    }

    /**
     * The parameters checked so far.
     *
     * @return how many reference parameters were checked, nullable ones included
     */
    public int parametersChecked() {
        return parametersChecked;
    }

    /**
     * Fails with every failure found, every public type of the package not checked, and every name given to
     * {@link #nullable}, {@link #skip}, {@link #words} or {@link #refusedWith} that matched nothing.
     *
     * @throws AssertionError listing every problem found, if there was any
     */
    public void assertClean() {
        List<String> all = new ArrayList<>(failures);
        for (Class<?> type : publicTypes()) {
            if (!covered.contains(type)) {
                all.add(simpleName(type) + ": a public type that the test does not check; add it to the test");
            }
        }
        Stream.of(nullable.keySet(), skipped.keySet(), words.keySet(), refusedWith.keySet()).flatMap(Set::stream)
                .filter(k -> !used.contains(k))
                .forEach(k -> all.add(k + ": named in the test but matches no public member or parameter"));
        if (!all.isEmpty()) {
            throw new AssertionError(all.size() + " problem(s) with null arguments in " + packageName + ":\n  "
                    + String.join("\n  ", all));
        }
    }

    private void check(Class<?> type, Object instance, java.lang.reflect.Executable member,
                       Invokable<?, ?> invokable, String memberName) {
        String key = simpleName(type) + "." + memberName;
        if (skipped.containsKey(key)) {
            used.add(key);
            return;
        }
        String signature = key + Arrays.stream(member.getParameterTypes()).map(Class::getSimpleName)
                .toList().toString().replace('[', '(').replace(']', ')').replace(" ", "");
        membersChecked.add(signature);
        List<Parameter> params = invokable.getParameters();
        java.lang.reflect.Parameter[] reflected = member.getParameters();
        for (int i = 0; i < params.size(); i++) {
            if (params.get(i).getType().getRawType().isPrimitive()) {
                continue;
            }
            parametersChecked++;
            String name = reflected[i].getName();
            String paramKey = Stream.of(signature + "." + name, key + "." + name)
                    .filter(k -> nullable.containsKey(k) || words.containsKey(k) || refusedWith.containsKey(k))
                    .findFirst().orElse(key + "." + name);
            String where = key + "(" + name + ")";
            Object[] args = arguments(params, i, where);
            if (args == null) {
                continue;
            }
            if (nullable.containsKey(paramKey)) {
                used.add(paramKey);
                Throwable t = invoke(invokable, instance, args);
                if (t instanceof NullPointerException) {
                    failures.add(where + ": documented as nullable but refuses null: " + t);
                }
                continue;
            }
            List<String> accepted = new ArrayList<>(List.of(name));
            if (words.containsKey(paramKey)) {
                used.add(paramKey);
                accepted.addAll(words.get(paramKey));
            }
            if (refusedWith.containsKey(paramKey)) {
                used.add(paramKey);
                Throwable t = invoke(invokable, instance, args);
                if (!refusedWith.get(paramKey).isInstance(t)) {
                    failures.add(where + ": expected " + refusedWith.get(paramKey).getSimpleName() + ", got " + t);
                } else if (t.getMessage() == null || accepted.stream().noneMatch(w -> contains(t.getMessage(), w))) {
                    failures.add(where + ": message does not name the parameter: '" + t.getMessage() + "'");
                }
                continue;
            }
            try {
                if (member instanceof Method m) {
                    tester.testMethodParameter(instance, m, i);
                } else {
                    tester.testConstructorParameter((Constructor<?>) member, i);
                }
            } catch (AssertionError e) {
                failures.add(where + ": NullPointerTester: " + e.getMessage().lines().findFirst().orElse(""));
            }
            Throwable t = invoke(invokable, instance, args);
            if (t == null) {
                failures.add(where + ": accepts null (no exception)");
            } else if (t instanceof NullPointerException) {
                String message = t.getMessage();
                if (message == null) {
                    failures.add(where + ": bare NullPointerException (no message), thrown at " + top(t));
                } else if (JVM_MESSAGE.matcher(message).matches()) {
                    failures.add(where + ": NullPointerException from deep inside: '" + message + "' at " + top(t));
                } else if (accepted.stream().noneMatch(w -> contains(message, w))) {
                    failures.add(where + ": message does not name the parameter: '" + message + "'");
                }
            } else if (!(t instanceof UnsupportedOperationException)) {
                failures.add(where + ": throws " + t + " instead of a NullPointerException, at " + top(t));
            }
        }
    }

    private Object[] arguments(List<Parameter> params, int nullIndex, String where) {
        Object[] args = new Object[params.size()];
        for (int j = 0; j < args.length; j++) {
            if (j == nullIndex) {
                continue;
            }
            args[j] = defaultFor(params.get(j).getType());
            if (args[j] == null) {
                failures.add(where + ": no default value for " + params.get(j).getType() + "; add setDefault");
                return null;
            }
        }
        return args;
    }

    private Object defaultFor(TypeToken<?> type) {
        Class<?> raw = type.getRawType();
        if (defaults.containsKey(raw)) {
            return defaults.get(raw);
        }
        Object arbitrary = ArbitraryInstances.get(raw);
        if (arbitrary != null) {
            return arbitrary;
        }
        if (raw == Class.class) {
            Type t = type.getType();
            return t instanceof ParameterizedType p ? TypeToken.of(p.getActualTypeArguments()[0]).getRawType()
                    : Object.class;
        }
        if (raw.isInterface() && !raw.isSealed()) {
            return Proxy.newProxyInstance(raw.getClassLoader(), new Class<?>[] {raw}, (proxy, method, args) ->
                    switch (method.getName()) {
                        case "equals" -> proxy == args[0];
                        case "hashCode" -> System.identityHashCode(proxy);
                        case "toString" -> "a dummy " + raw.getSimpleName();
                        default -> dummyReturn(method.getReturnType());
                    });
        }
        return null;
    }

    private Object dummyReturn(Class<?> type) {
        if (type == void.class) {
            return null;
        }
        if (type.isPrimitive()) {
            return java.lang.reflect.Array.get(java.lang.reflect.Array.newInstance(type, 1), 0);
        }
        return defaults.containsKey(type) ? defaults.get(type) : ArbitraryInstances.get(type);
    }

    @SuppressWarnings("unchecked")
    private static Throwable invoke(Invokable<?, ?> invokable, Object instance, Object[] args) {
        try {
            ((Invokable<Object, ?>) invokable).invoke(instance, args);
            return null;
        } catch (InvocationTargetException e) {
            return e.getCause();
        } catch (IllegalAccessException e) {
            throw new AssertionError("cannot call " + invokable, e);
        }
    }

    private static String top(Throwable t) {
        StackTraceElement[] trace = t.getStackTrace();
        return trace.length == 0 ? "?" : trace[0].toString();
    }

    private static boolean contains(String message, String word) {
        return message.toLowerCase(Locale.ROOT).contains(word.toLowerCase(Locale.ROOT));
    }

    private static boolean overridesJdk(Class<?> type, Method m) {
        for (Class<?> supertype : TypeToken.of(type).getTypes().rawTypes()) {
            if (supertype.getPackageName().startsWith("java.")) {
                try {
                    supertype.getMethod(m.getName(), m.getParameterTypes());
                    return true;
                } catch (NoSuchMethodException e) {
                    // not a method of this JDK type
                }
            }
        }
        return false;
    }

    private static boolean isEquals(Method m) {
        return m.getName().equals("equals") && m.getParameterCount() == 1 && m.getParameterTypes()[0] == Object.class;
    }

    private String simpleName(Class<?> type) {
        return type.getName().substring(packageName.length() + 1).replace('$', '.');
    }

    /** The public types of the package (nested ones too), read from the module's own contents. */
    private List<Class<?>> publicTypes() {
        Module module = testClass.getModule();
        String dir = packageName.replace('.', '/') + "/";
        try (ModuleReader reader = module.getLayer().configuration().findModule(module.getName()).orElseThrow()
                .reference().open()) {
            List<Class<?>> types = new ArrayList<>();
            for (String resource : reader.list().toList()) {
                if (!resource.startsWith(dir) || !resource.endsWith(".class")
                        || resource.substring(dir.length()).contains("/") || resource.endsWith("package-info.class")) {
                    continue;
                }
                String className = resource.substring(0, resource.length() - ".class".length()).replace('/', '.');
                Class<?> type = Class.forName(className, false, testClass.getClassLoader());
                if (isPublic(type) && !location(type).equals(location(testClass))) {
                    types.add(type);
                }
            }
            return types;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (ClassNotFoundException e) {
            throw new AssertionError(e);
        }
    }

    /** Where a class was loaded from: the module's classes, or the test classes patched into it. */
    private static String location(Class<?> type) {
        var source = type.getProtectionDomain().getCodeSource();
        return source == null || source.getLocation() == null ? "" : source.getLocation().toString();
    }

    private static boolean isPublic(Class<?> type) {
        for (Class<?> t = type; t != null; t = t.getEnclosingClass()) {
            if (!Modifier.isPublic(t.getModifiers()) || t.isAnonymousClass() || t.isLocalClass()) {
                return false;
            }
        }
        return true;
    }
}
