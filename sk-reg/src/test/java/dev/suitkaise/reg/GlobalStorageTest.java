package dev.suitkaise.reg;

import dev.suitkaise.reg.internal.InProcessGlobalStorage;
import dev.suitkaise.testkit.OutsideCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The storage behind SKGlobal: the default, installing another, discovery, names and reserved names. */
class GlobalStorageTest {

    @TempDir
    Path dir;

    @Test
    void theDefaultStorageIsTheInProcessOne() {
        SKGlobalStorage storage = SKGlobal.storage();

        assertThat(storage).isInstanceOf(InProcessGlobalStorage.class);
        assertThat(storage.description()).isEqualTo("in-process");
        assertThat(storage.priority()).isZero();
        assertThat(SKGlobal.storage()).isSameAs(storage);
    }

    @Test
    void discoveryWithoutProvidersFallsBackToTheInProcessStorage() throws Exception {
        SKGlobalStorage found = discoverWith(GlobalStorageTest.class.getClassLoader());

        assertThat(found).isInstanceOf(InProcessGlobalStorage.class);
        assertThat(found).isNotSameAs(SKGlobal.storage());
    }

    @Test
    void discoveryPicksTheServiceLoaderProviderWithTheHighestPriority() throws Exception {
        OutsideCode providers = OutsideCode.copyInto(dir, MinorProbeStorage.class, ProbeStorage.class);
        Path config = dir.resolve("META-INF/services/" + SKGlobalStorage.class.getName());
        Files.createDirectories(config.getParent());
        Files.writeString(config, MinorProbeStorage.class.getName() + "\n" + ProbeStorage.class.getName() + "\n");

        SKGlobalStorage found = discoverWith(providers.loader());

        assertThat(found.getClass()).isSameAs(providers.load(ProbeStorage.class));
        assertThat(found.priority()).isEqualTo(7);
        assertThat(found.description()).isEqualTo("ProbeStorage (priority 7)");
    }

    /** Runs SKGlobal's provider discovery again, with {@code loader} as the context class loader. */
    private static SKGlobalStorage discoverWith(ClassLoader loader) throws Exception {
        Method discover = SKGlobal.class.getDeclaredMethod("discover");
        discover.setAccessible(true);
        Thread thread = Thread.currentThread();
        ClassLoader original = thread.getContextClassLoader();
        thread.setContextClassLoader(loader);
        try {
            return (SKGlobalStorage) discover.invoke(null);
        } finally {
            thread.setContextClassLoader(original);
        }
    }

    @Test
    void installReturnsThePreviousStorageAndOpenViewsFollowTheNewOne() {
        GlobalMap<String, Integer> map = SKGlobal.map(Domain.GLOBAL, "install-test");
        GlobalValue<String> value = SKGlobal.value(Domain.INTERNAL, "install-test");
        map.put("old", 1);
        value.set("old");
        SKGlobalStorage original = SKGlobal.storage();
        InProcessGlobalStorage next = new InProcessGlobalStorage();

        SKGlobalStorage previous = SKGlobal.install(next);
        try {
            assertThat(previous).isSameAs(original);
            assertThat(SKGlobal.storage()).isSameAs(next);
            assertThat(map).isEmpty();
            assertThat(value.isSet()).isFalse();

            map.put("new", 2);
            value.set("new");

            assertThat(next.map(new GlobalName(Domain.GLOBAL, "install-test"))).containsExactly(Map.entry("new", 2));
            assertThat(next.map(new GlobalName(Domain.INTERNAL, "#values"))).containsEntry("install-test", "new");
        } finally {
            assertThat(SKGlobal.install(previous)).isSameAs(next);
        }

        assertThat(map).containsExactly(Map.entry("old", 1));
        assertThat(value.get()).isEqualTo("old");
        map.clear();
        value.set(null);
    }

    @Test
    void aStorageHandleGivesTheStorageInUseAndFollowsInstall() {
        Supplier<SKGlobalStorage> handle = SKGlobal.storageHandle();
        SKGlobalStorage original = SKGlobal.storage();
        assertThat(handle.get()).isSameAs(original);
        InProcessGlobalStorage next = new InProcessGlobalStorage();

        SKGlobalStorage previous = SKGlobal.install(next);
        try {
            assertThat(handle.get()).isSameAs(next);
        } finally {
            SKGlobal.install(previous);
        }

        assertThat(handle.get()).isSameAs(original);
    }

    @Test
    void installingTheStorageInUseAgainChangesNothing() {
        SKGlobalStorage inUse = SKGlobal.storage();

        assertThat(SKGlobal.install(inUse)).isSameAs(inUse);
        assertThat(SKGlobal.storage()).isSameAs(inUse);
    }

    @Test
    void installRejectsNull() {
        assertThatThrownBy(() -> SKGlobal.install(null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void namesListsMapsAndValuesOfTheDomainsTheCallerMayOpenSorted() {
        SKGlobalStorage previous = SKGlobal.install(new InProcessGlobalStorage());
        try {
            SKGlobal.map(Domain.INTERNAL, "zeta").put("k", "v");
            SKGlobal.map(Domain.GLOBAL, "beta").put("k", "v");
            SKGlobal.<Integer>value(Domain.GLOBAL, "alpha").set(1);
            SKGlobal.<Integer>value(Domain.INTERNAL, "eta").set(2);
            SKGlobal.storage().map(new GlobalName(Domain.EXTERNAL, "hidden")).put("k", "v");

            assertThat(SKGlobal.names()).containsExactly(
                    new GlobalName(Domain.GLOBAL, "alpha"), new GlobalName(Domain.GLOBAL, "beta"),
                    new GlobalName(Domain.INTERNAL, "eta"), new GlobalName(Domain.INTERNAL, "zeta"));
        } finally {
            SKGlobal.install(previous);
        }
    }

    @Test
    void anUnsetValueIsNotListed() {
        SKGlobalStorage previous = SKGlobal.install(new InProcessGlobalStorage());
        try {
            GlobalValue<Integer> value = SKGlobal.value(Domain.GLOBAL, "short-lived");
            value.set(1);
            value.set(null);

            assertThat(SKGlobal.names()).doesNotContain(new GlobalName(Domain.GLOBAL, "short-lived"));
        } finally {
            SKGlobal.install(previous);
        }
    }

    @Test
    void namesStartingWithHashAreReservedForMapsAndValues() {
        for (String name : List.of("#values", "#mine")) {
            assertThatThrownBy(() -> SKGlobal.map(Domain.GLOBAL, name))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("Global name '" + name + "' in GLOBAL starts with '#', which is reserved");
            assertThatThrownBy(() -> SKGlobal.value(Domain.INTERNAL, name))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("reserved for Suitkaise's own bookkeeping");
        }
        assertThat(SKGlobal.map(Domain.GLOBAL, "not#reserved").globalName().name()).isEqualTo("not#reserved");
    }

    @Test
    void blankAndNullNamesAreRejected() {
        assertThatThrownBy(() -> SKGlobal.map(Domain.GLOBAL, " "))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("A global's name must not be blank (domain GLOBAL).");
        assertThatThrownBy(() -> SKGlobal.value(Domain.GLOBAL, "")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SKGlobal.map(Domain.GLOBAL, null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> SKGlobal.value(null, "x")).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new GlobalName(null, "x")).isInstanceOf(NullPointerException.class);
    }

    @Test
    void theInProcessStorageKeepsOneMapPerNameUntilDropped() throws Exception {
        GlobalName name = new GlobalName(Domain.GLOBAL, "direct");
        InProcessGlobalStorage storage = new InProcessGlobalStorage();

        storage.map(name).put("k", "v");

        assertThat(storage.map(new GlobalName(Domain.GLOBAL, "direct"))).isSameAs(storage.map(name)).containsEntry("k", "v");
        assertThat(storage.names()).containsExactly(name);
        assertThat(storage.drop(name)).isTrue();
        assertThat(storage.drop(name)).isFalse();
        assertThat(storage.names()).isEmpty();
        assertThat(storage.map(name)).isEmpty();
        storage.close();
        assertThat(storage.map(name).put("after-close", "still works")).isNull();
    }

    @Test
    void aDomainIsRestrictedUnlessItIsGlobal() {
        assertThat(Domain.GLOBAL.isRestricted()).isFalse();
        assertThat(Domain.INTERNAL.isRestricted()).isTrue();
        assertThat(Domain.EXTERNAL.isRestricted()).isTrue();
    }
}
