package dev.suitkaise.reg;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.module.Configuration;
import java.lang.module.ModuleFinder;
import java.lang.reflect.InvocationTargetException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The roots of the restricted domains: defaults, changes, and start-up properties. */
class DomainRootsTest {

    private static final CodeRoot OWN_MODULE = CodeRoot.module("dev.suitkaise.reg");

    @Test
    void internalStartsWithEverySuitkaiseModule() {
        assertThat(DomainRoots.SUITKAISE_MODULES).containsExactly("dev.suitkaise.reg", "dev.suitkaise.cereal",
                "dev.suitkaise.root", "dev.suitkaise.function", "dev.suitkaise.thread", "dev.suitkaise.process",
                "dev.suitkaise.cycle");
        assertThat(DomainRoots.of(Domain.INTERNAL))
                .containsAll(DomainRoots.SUITKAISE_MODULES.stream().map(CodeRoot::module).toList());
    }

    @Test
    void globalHasNoRootsAndContainsEveryClass() {
        assertThat(DomainRoots.of(Domain.GLOBAL)).isEmpty();
        assertThat(DomainRoots.contains(Domain.GLOBAL, String.class)).isTrue();
        assertThat(DomainRoots.contains(Domain.GLOBAL, DomainRootsTest.class)).isTrue();
    }

    @Test
    void externalDoesNotContainSuitkaiseCodeByDefault() {
        assertThat(DomainRoots.of(Domain.EXTERNAL)).doesNotContain(OWN_MODULE);
        assertThat(DomainRoots.contains(Domain.EXTERNAL, SKReg.class)).isFalse();
    }

    @Test
    void internalContainsSuitkaiseCodeButNotTheJdk() {
        assertThat(DomainRoots.contains(Domain.INTERNAL, SKReg.class)).isTrue();
        assertThat(DomainRoots.contains(Domain.INTERNAL, DomainRootsTest.class)).isTrue();
        assertThat(DomainRoots.contains(Domain.INTERNAL, String.class)).isFalse();
    }

    @Test
    void theRootListsAreImmutableSnapshots() {
        List<CodeRoot> internal = DomainRoots.of(Domain.INTERNAL);

        assertThatThrownBy(() -> internal.add(CodeRoot.module("com.example")))
                .isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> DomainRoots.of(Domain.GLOBAL).add(OWN_MODULE))
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void addingAndRemovingARootChangesContainsRightAway() {
        assertThat(DomainRoots.contains(Domain.EXTERNAL, SKReg.class)).isFalse();
        List<CodeRoot> before = DomainRoots.of(Domain.EXTERNAL);

        DomainRoots.add(Domain.EXTERNAL, OWN_MODULE);
        try {
            assertThat(DomainRoots.of(Domain.EXTERNAL)).endsWith(OWN_MODULE).hasSize(before.size() + 1);
            assertThat(DomainRoots.contains(Domain.EXTERNAL, SKReg.class)).isTrue();
            assertThat(before).doesNotContain(OWN_MODULE);
        } finally {
            assertThat(DomainRoots.remove(Domain.EXTERNAL, OWN_MODULE)).isTrue();
        }

        assertThat(DomainRoots.contains(Domain.EXTERNAL, SKReg.class)).isFalse();
        assertThat(DomainRoots.of(Domain.EXTERNAL)).isEqualTo(before);
    }

    @Test
    void aRootAlreadyPresentIsNotAddedTwice() {
        CodeRoot extra = CodeRoot.module("com.example.twice");
        List<CodeRoot> before = DomainRoots.of(Domain.EXTERNAL);
        try {
            DomainRoots.add(Domain.EXTERNAL, extra, CodeRoot.module("com.example.twice"));
            DomainRoots.add(Domain.EXTERNAL, extra);

            assertThat(DomainRoots.of(Domain.EXTERNAL)).hasSize(before.size() + 1).containsOnlyOnce(extra);
        } finally {
            DomainRoots.remove(Domain.EXTERNAL, extra);
        }
        assertThat(DomainRoots.of(Domain.EXTERNAL)).isEqualTo(before);
    }

    @Test
    void addTakesSeveralRootsAtOnce() {
        CodeRoot a = CodeRoot.module("com.example.a");
        CodeRoot b = CodeRoot.location(Path.of("build/example-b"));
        try {
            DomainRoots.add(Domain.EXTERNAL, a, b);

            assertThat(DomainRoots.of(Domain.EXTERNAL)).containsSubsequence(a, b);
        } finally {
            DomainRoots.remove(Domain.EXTERNAL, a);
            DomainRoots.remove(Domain.EXTERNAL, b);
        }
        assertThat(DomainRoots.of(Domain.EXTERNAL)).doesNotContain(a, b);
    }

    @Test
    void removingARootThatIsNotThereSaysFalse() {
        assertThat(DomainRoots.remove(Domain.EXTERNAL, CodeRoot.module("com.example.never"))).isFalse();
        assertThat(DomainRoots.remove(Domain.INTERNAL, CodeRoot.module("com.example.never"))).isFalse();
    }

    @Test
    void globalRootsCannotBeChanged() {
        assertThatThrownBy(() -> DomainRoots.add(Domain.GLOBAL, OWN_MODULE))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Domain GLOBAL has no roots");
        assertThatThrownBy(() -> DomainRoots.remove(Domain.GLOBAL, OWN_MODULE))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Add roots to INTERNAL or EXTERNAL");
        assertThat(DomainRoots.of(Domain.GLOBAL)).isEmpty();
    }

    @Test
    void aNullRootChangesNothing() {
        List<CodeRoot> before = DomainRoots.of(Domain.EXTERNAL);
        CodeRoot a = CodeRoot.module("com.example.before-null");

        assertThatThrownBy(() -> DomainRoots.add(Domain.EXTERNAL, a, null)).isInstanceOf(NullPointerException.class);

        assertThat(DomainRoots.of(Domain.EXTERNAL)).isEqualTo(before);
        assertThatThrownBy(() -> DomainRoots.add(null, a)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> DomainRoots.of(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> DomainRoots.contains(Domain.INTERNAL, null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> DomainRoots.contains(null, String.class)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void rootChangesFromManyThreadsLeaveTheRootsAsTheyWere() throws Exception {
        List<CodeRoot> before = DomainRoots.of(Domain.EXTERNAL);

        Concurrently.run(t -> {
            CodeRoot mine = CodeRoot.module("com.example.thread" + t);
            for (int i = 0; i < 200; i++) {
                DomainRoots.add(Domain.EXTERNAL, mine);
                if (!DomainRoots.of(Domain.EXTERNAL).contains(mine)) {
                    throw new AssertionError("root of thread " + t + " missing after add");
                }
                if (!DomainRoots.remove(Domain.EXTERNAL, mine)) {
                    throw new AssertionError("root of thread " + t + " missing before remove");
                }
                if (DomainRoots.contains(Domain.EXTERNAL, SKReg.class)) {
                    throw new AssertionError("sk-reg became EXTERNAL");
                }
            }
            return null;
        });

        assertThat(DomainRoots.of(Domain.EXTERNAL)).isEqualTo(before);
    }

    @Test
    void startUpRootsComeFromTheSystemProperties(@TempDir Path dir) throws Exception {
        String value = withProperties(" module:com.acme.* ,, " + dir + " ,", "module:com.acme.tools", () -> {
            Class<?> roots = freshDomainRootsClass();
            return call(roots, "EXTERNAL") + " | " + call(roots, "INTERNAL");
        });

        List<String> expectedExternal = List.of("module:com.acme.*", dir.toAbsolutePath().normalize().toString());
        List<String> expectedInternal = new ArrayList<>();
        DomainRoots.SUITKAISE_MODULES.forEach(m -> expectedInternal.add("module:" + m));
        expectedInternal.add("module:com.acme.tools");
        assertThat(value).isEqualTo(expectedExternal + " | " + expectedInternal);
    }

    @Test
    void aBadStartUpPropertyMakesItsDomainFailOnEachUseNamingThePropertyWhileTheOtherDomainsWork() throws Exception {
        String outcome = withProperties("module:com.acme.core,module:", null, () -> {
            Class<?> roots = freshDomainRootsClass();
            for (int use = 0; use < 2; use++) {
                Throwable failure = failureOf(() -> call(roots, "EXTERNAL"));
                assertThat(failure.getClass().getName()).isEqualTo(SKRegException.class.getName());
                assertThat(failure)
                        .hasMessageContaining("The EXTERNAL domain cannot be used: its start-up property suitkaise.domain.external"
                                + " is 'module:com.acme.core,module:', which cannot be parsed.")
                        .hasMessageContaining("holds a bad entry 'module:'")
                        .hasMessageContaining("use a comma-separated list of module:NAME entries and class directory or jar paths")
                        .hasMessageContaining("restart the JVM");
            }
            Throwable contains = failureOf(() -> containsIn(roots, "EXTERNAL", String.class));
            assertThat(contains.getClass().getName()).isEqualTo(SKRegException.class.getName());
            return call(roots, "INTERNAL") + " | " + call(roots, "GLOBAL") + " | " + containsIn(roots, "GLOBAL", String.class)
                    + " | " + putAndGetGlobal(roots);
        });

        assertThat(outcome).contains("module:dev.suitkaise.reg").endsWith(" | [] | true | v");
    }

    @Test
    void aSnapshotOfEveryDomainTheCallerMayOpenLeavesOutADomainWhoseStartUpPropertyIsBad(@TempDir Path dir)
            throws Exception {
        String outcome = withProperties("module:", null, () -> {
            Class<?> roots = freshDomainRootsClass();
            putAndGetGlobal(roots);
            ClassLoader loader = roots.getClassLoader();
            Class<?> domainType = Class.forName("dev.suitkaise.reg.Domain", false, loader);
            Class<?> global = Class.forName("dev.suitkaise.reg.SKGlobal", true, loader);
            Class<?> access = Class.forName("dev.suitkaise.reg.SKAccess", true, loader);
            Object noDomains = java.lang.reflect.Array.newInstance(domainType, 0);
            Object written = global.getMethod("snapshot", Path.class, noDomains.getClass())
                    .invoke(null, dir.resolve("every-domain.bin"), noDomains);
            Object mayOpenExternal = access.getMethod("callerMayOpen", domainType)
                    .invoke(null, domainType.getField("EXTERNAL").get(null));
            return written + " | " + mayOpenExternal;
        });

        assertThat(outcome).as("globals written | may open EXTERNAL").matches("[1-9][0-9]* \\| false");
    }

    @Test
    void aBadInternalStartUpPropertyLeavesExternalAndGlobalWorking() throws Exception {
        String outcome = withProperties("module:com.acme.core", "module:", () -> {
            Class<?> roots = freshDomainRootsClass();
            Throwable failure = failureOf(() -> call(roots, "INTERNAL"));
            assertThat(failure.getClass().getName()).isEqualTo(SKRegException.class.getName());
            assertThat(failure).hasMessageContaining("The INTERNAL domain cannot be used: its start-up property"
                    + " suitkaise.domain.internal is 'module:', which cannot be parsed.");
            return call(roots, "EXTERNAL") + " | " + putAndGetGlobal(roots);
        });

        assertThat(outcome).isEqualTo("[module:com.acme.core] | v");
    }

    /** What {@code action} throws, unwrapped from reflection. */
    private static Throwable failureOf(Action<?> action) throws Exception {
        try {
            action.run();
        } catch (InvocationTargetException e) {
            return e.getCause();
        }
        throw new AssertionError("expected a failure");
    }

    /** Calls {@code contains(domain, type)} on a fresh DomainRoots class. */
    private static boolean containsIn(Class<?> roots, String domain, Class<?> type) throws Exception {
        Class<?> domainType = Class.forName("dev.suitkaise.reg.Domain", false, roots.getClassLoader());
        return (Boolean) roots.getMethod("contains", domainType, Class.class).invoke(null, domainType.getField(domain).get(null), type);
    }

    /** Puts into, and reads back from, a GLOBAL map of the fresh module's SKGlobal. */
    private static String putAndGetGlobal(Class<?> roots) throws Exception {
        Class<?> domainType = Class.forName("dev.suitkaise.reg.Domain", false, roots.getClassLoader());
        Class<?> global = Class.forName("dev.suitkaise.reg.SKGlobal", true, roots.getClassLoader());
        @SuppressWarnings("unchecked")
        java.util.Map<Object, Object> map = (java.util.Map<Object, Object>) global.getMethod("map", domainType, String.class)
                .invoke(null, domainType.getField("GLOBAL").get(null), "bad-property-probe");
        map.put("k", "v");
        return String.valueOf(map.get("k"));
    }

    @FunctionalInterface
    private interface Action<T> {
        T run() throws Exception;
    }

    /** Runs {@code action} with the two start-up properties set, restoring them afterwards. */
    private static <T> T withProperties(String external, String internal, Action<T> action) throws Exception {
        String oldExternal = System.getProperty("suitkaise.domain.external");
        String oldInternal = System.getProperty("suitkaise.domain.internal");
        set("suitkaise.domain.external", external);
        set("suitkaise.domain.internal", internal);
        try {
            return action.run();
        } finally {
            set("suitkaise.domain.external", oldExternal);
            set("suitkaise.domain.internal", oldInternal);
        }
    }

    private static void set(String key, String value) {
        if (value == null) {
            System.clearProperty(key);
        } else {
            System.setProperty(key, value);
        }
    }

    /**
     * A second, not yet initialized copy of DomainRoots: sk-reg's module defined again in a
     * child module layer, so that its start-up reads the properties as they are now.
     */
    private static Class<?> freshDomainRootsClass() throws Exception {
        Path moduleLocation = CodeRoot.codeSourceOf(SKReg.class).orElseThrow();
        ModuleLayer parent = SKReg.class.getModule().getLayer();
        Configuration configuration = parent.configuration()
                .resolve(ModuleFinder.of(moduleLocation), ModuleFinder.of(), Set.of("dev.suitkaise.reg"));
        ModuleLayer layer = parent.defineModulesWithOneLoader(configuration, ClassLoader.getSystemClassLoader());
        Class<?> fresh = Class.forName(layer.findModule("dev.suitkaise.reg").orElseThrow(), "dev.suitkaise.reg.DomainRoots");
        assertThat(fresh).isNotNull().isNotSameAs(DomainRoots.class);
        return fresh;
    }

    /** Calls {@code of(domain)} on a fresh DomainRoots class and returns the roots' text. */
    private static String call(Class<?> roots, String domain) throws Exception {
        Class<?> domainType = Class.forName("dev.suitkaise.reg.Domain", false, roots.getClassLoader());
        Object d = domainType.getField(domain).get(null);
        return String.valueOf(roots.getMethod("of", domainType).invoke(null, d));
    }
}
