package dev.suitkaise.reg;

import dev.suitkaise.reg.internal.GlobalSnapshots;
import dev.suitkaise.reg.internal.InProcessGlobalStorage;
import dev.suitkaise.testkit.OutsideCode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Access checks against code that lies outside the domain roots: a copy of {@link OutsideCaller}
 * defined from a temporary directory that is not a root.
 */
class AccessControlTest {

    @TempDir
    Path outsideDir;

    private OutsideCode outside;
    private Caller caller;
    private CodeRoot outsideRoot;

    @BeforeEach
    void loadTheOutsideCaller() throws Exception {
        outside = OutsideCode.copyInto(outsideDir, OutsideCaller.class);
        caller = outside.newInstance(OutsideCaller.class);
        outsideRoot = CodeRoot.location(outside.directory());
    }

    @AfterEach
    void forgetTheOutsideRoot() {
        DomainRoots.remove(Domain.INTERNAL, outsideRoot);
    }

    private void assertRefused(String action, Object argument, String what) {
        assertThatThrownBy(() -> caller.call(action, argument))
                .isInstanceOfSatisfying(SKAccessException.class, e -> {
                    assertThat(e.callerName()).isEqualTo(OutsideCaller.class.getName());
                    assertThat(e.domain()).isEqualTo(Domain.INTERNAL);
                    assertThat(e).hasMessageContaining(what);
                });
    }

    @Test
    void theOutsideCallerIsAnUnnamedModuleClassLoadedFromADirectoryThatIsNoRoot() {
        Class<?> type = caller.getClass();

        assertThat(type).isNotSameAs(OutsideCaller.class);
        assertThat(type.getName()).isEqualTo(OutsideCaller.class.getName());
        assertThat(type.getModule().isNamed()).isFalse();
        assertThat(CodeRoot.codeSourceOf(type)).contains(outside.directory());
        assertThat(DomainRoots.contains(Domain.INTERNAL, type)).isFalse();
        assertThat(DomainRoots.contains(Domain.INTERNAL, OutsideCaller.class)).isTrue();
        assertThat(caller.call("contains-self", null)).isEqualTo(false);
    }

    @Test
    void openingAnInternalRegistryFromOutsideTheRootsFailsNamingCallerDomainAndRoots() {
        assertThatThrownBy(() -> caller.call("open-internal", null))
                .isInstanceOfSatisfying(SKAccessException.class, e -> {
                    assertThat(e.callerName()).isEqualTo(OutsideCaller.class.getName());
                    assertThat(e.domain()).isEqualTo(Domain.INTERNAL);
                    assertThat(e.roots()).isEqualTo(DomainRoots.of(Domain.INTERNAL));
                    assertThat(e.getMessage())
                            .contains("Class " + OutsideCaller.class.getName())
                            .contains("(loaded from " + outside.directory() + ")")
                            .contains("may not open the INTERNAL registry OutsideReg")
                            .contains("it lies outside the INTERNAL roots " + DomainRoots.of(Domain.INTERNAL))
                            .contains("module:dev.suitkaise.reg")
                            .contains("-Dsuitkaise.domain.internal=" + outside.directory() + " ")
                            .contains("DomainRoots.add(Domain.INTERNAL, CodeRoot.parse(\"" + outside.directory() + "\"))")
                            .doesNotContain("=...")
                            .doesNotContain("registerDomainRoots"); // it adds EXTERNAL roots, not INTERNAL ones
                });
    }

    @Test
    void codeOfANamedModuleRefusedTheExternalDomainIsToldItsModuleRootAndRegisterDomainRoots() {
        String module = OutsideReg.class.getModule().getName();
        assertThat(module).as("the tests run in sk-reg's module").isEqualTo("dev.suitkaise.reg");

        assertThatThrownBy(() -> OutsideReg.of(Domain.EXTERNAL))
                .isInstanceOfSatisfying(SKAccessException.class, e -> assertThat(e.getMessage())
                        .contains("(loaded from module dev.suitkaise.reg)")
                        .contains("-Dsuitkaise.domain.external=module:dev.suitkaise.reg ")
                        .contains("DomainRoots.add(Domain.EXTERNAL, CodeRoot.parse(\"module:dev.suitkaise.reg\"))")
                        .contains("SKRoot.current().registerDomainRoots()")
                        .doesNotContain("=..."));
    }

    @Test
    void addingTheOutsideDirectoryAsAnInternalRootLetsTheSameCallerOpenTheRegistry() {
        assertRefused("open-internal", null, "may not open");

        DomainRoots.add(Domain.INTERNAL, outsideRoot);
        try {
            assertThat(caller.call("contains-self", null)).isEqualTo(true);
            assertThat(caller.call("open-internal", null)).isSameAs(OutsideReg.of(Domain.INTERNAL));
        } finally {
            assertThat(DomainRoots.remove(Domain.INTERNAL, outsideRoot)).isTrue();
        }

        assertRefused("open-internal", null, "may not open");
    }

    @Test
    void extendingSKRegDoesNotLetOutsideCodeBorrowTheAccessOfItsInternalCaller() throws Exception {
        OutsideCode sneakyCode = OutsideCode.copyInto(outsideDir, SneakyReg.class);
        Class<?> sneakyType = sneakyCode.load(SneakyReg.class);
        Caller sneaky = (Caller) sneakyType.getConstructor().newInstance();
        EveryCallReg everyCall = EveryCallReg.of(Domain.INTERNAL);
        assertThat(sneakyType).isNotSameAs(SneakyReg.class);
        assertThat(DomainRoots.contains(Domain.INTERNAL, sneakyType)).isFalse();

        assertThatThrownBy(() -> sneaky.call("open-internal", null))
                .isInstanceOfSatisfying(SKAccessException.class,
                        e -> assertThat(e.callerName()).isEqualTo(SneakyReg.class.getName()));
        assertThatThrownBy(() -> sneaky.call("open-internal-map", "secrets"))
                .isInstanceOfSatisfying(SKAccessException.class,
                        e -> assertThat(e.callerName()).isEqualTo(SneakyReg.class.getName()));
        assertThatThrownBy(() -> sneaky.call("use-every-call", everyCall))
                .isInstanceOfSatisfying(SKAccessException.class,
                        e -> assertThat(e.callerName()).isEqualTo(SneakyReg.class.getName()));
    }

    @Test
    void aRegistrySubclassUnderTheRootsOfTheDomainCheckedIsSkippedSoItsFactoryLendsNoAccessEither() throws Exception {
        OutsideCode externalCode = OutsideCode.copyInto(outsideDir, ExternalReg.class);
        Caller external = externalCode.newInstance(ExternalReg.class);
        assertThat(DomainRoots.contains(Domain.EXTERNAL, AccessControlTest.class)).as("this test is EXTERNAL code").isFalse();

        DomainRoots.add(Domain.EXTERNAL, outsideRoot);
        try {
            assertThat(DomainRoots.contains(Domain.EXTERNAL, external.getClass())).isTrue();
            assertThat(DomainRoots.contains(Domain.INTERNAL, external.getClass())).isFalse();
            assertThatThrownBy(() -> external.call("open-external", null))
                    .isInstanceOfSatisfying(SKAccessException.class, e -> {
                        assertThat(e.callerName()).isEqualTo(AccessControlTest.class.getName());
                        assertThat(e.domain()).isEqualTo(Domain.EXTERNAL);
                        assertThat(e).hasMessageContaining("may not open the EXTERNAL registry ExternalReg");
                    });
        } finally {
            assertThat(DomainRoots.remove(Domain.EXTERNAL, outsideRoot)).isTrue();
        }
    }

    @Test
    void aRegistrySubclassUnderTheRootsIsSkippedSoItsFactoryLendsNoAccess() {
        assertRefused("open-internal", null, "may not open the INTERNAL registry OutsideReg");
        assertThat(OutsideReg.of(Domain.INTERNAL).domain()).isEqualTo(Domain.INTERNAL);
    }

    @Test
    void outsideCodeMayOpenGlobalRegistries() {
        assertThat(caller.call("open-global", null)).isSameAs(OutsideReg.of(Domain.GLOBAL));
    }

    @Test
    void anOnOpenRegistryHandedToOutsideCodeWorksForIt() {
        OutsideReg reg = OutsideReg.of(Domain.INTERNAL);
        reg.clear();
        reg.register("shared", "s");

        Map<?, ?> results = (Map<?, ?>) caller.call("use-registry", reg);

        assertThat(List.copyOf(results.keySet())).isEqualTo(OutsideCaller.OPERATIONS);
        assertThat(results.values()).allSatisfy(r -> assertThat(r).isNotInstanceOf(Throwable.class));
        assertThat(results.get("register")).isEqualTo("outside");
        assertThat(results.get("get")).isEqualTo(Optional.of("o2"));
        assertThat(results.get("require")).isEqualTo("s");
        assertThat(results.get("contains")).isEqualTo(true);
        assertThat(results.get("keys")).isEqualTo(Set.of("outside", "shared"));
        assertThat(results.get("size")).isEqualTo(2);
        assertThat(results.get("find")).isEqualTo(Map.of("outside", "o2"));
        assertThat(results.get("metadata")).isEqualTo(Optional.of(1L));
        assertThat(results.get("remove")).isEqualTo(Optional.of("s"));
        assertThat(results.get("clear")).isEqualTo(1);
        assertThat(reg.size()).isZero();
    }

    @Test
    void anEveryCallRegistryRefusesAnOutsideCallerOnEachOperation() {
        EveryCallReg reg = EveryCallReg.of(Domain.INTERNAL);
        reg.clear();
        reg.register("shared", "s");

        Map<?, ?> results = (Map<?, ?>) caller.call("use-registry", reg);

        assertThat(List.copyOf(results.keySet())).isEqualTo(OutsideCaller.OPERATIONS);
        assertThat(results.values()).allSatisfy(r -> assertThat(r)
                .isInstanceOfSatisfying(SKAccessException.class, e -> {
                    assertThat(e.callerName()).isEqualTo(OutsideCaller.class.getName());
                    assertThat(e.domain()).isEqualTo(Domain.INTERNAL);
                    assertThat(e).hasMessageContaining("may not use the INTERNAL registry EveryCallReg");
                }));
        assertThat(reg.keys()).containsExactly("shared");
        assertThat(reg.metadata("shared").orElseThrow().accessCount()).isZero();
        assertThat(reg.require("shared")).isEqualTo("s");
    }

    @Test
    void anEveryCallRegistryServesTheOutsideCallerOnceItsDirectoryIsARoot() {
        EveryCallReg reg = EveryCallReg.of(Domain.INTERNAL);
        reg.clear();
        reg.register("shared", "s");

        DomainRoots.add(Domain.INTERNAL, outsideRoot);
        Map<?, ?> results;
        try {
            results = (Map<?, ?>) caller.call("use-registry", reg);
        } finally {
            DomainRoots.remove(Domain.INTERNAL, outsideRoot);
        }

        assertThat(results.values()).allSatisfy(r -> assertThat(r).isNotInstanceOf(Throwable.class));
        assertThat(results.get("require")).isEqualTo("s");
        assertThat(reg.size()).isZero();
        reg.register("shared", "s");
        assertThat(((Map<?, ?>) caller.call("use-registry", reg)).get("size")).isInstanceOf(SKAccessException.class);
    }

    @Test
    void aGlobalEveryCallRegistryServesOutsideCode() {
        EveryCallReg reg = EveryCallReg.of(Domain.GLOBAL);
        reg.clear();
        reg.register("shared", "s");

        Map<?, ?> results = (Map<?, ?>) caller.call("use-registry", reg);

        assertThat(results.values()).allSatisfy(r -> assertThat(r).isNotInstanceOf(Throwable.class));
        assertThat(results.get("require")).isEqualTo("s");
        assertThat(reg.size()).isZero();
    }

    @Test
    void outsideCodeCannotOpenAnEveryCallRegistryEither() {
        assertRefused("open-every-call-internal", null, "may not open the INTERNAL registry EveryCallReg");
    }

    @Test
    void outsideCodeCannotChangeTheRoots() {
        List<CodeRoot> before = DomainRoots.of(Domain.INTERNAL);
        CodeRoot ownModule = CodeRoot.module("dev.suitkaise.reg");
        try {
            assertRefused("add-internal-root", outsideRoot, "may not change the roots of INTERNAL");
            assertRefused("remove-internal-root", ownModule, "may not change the roots of INTERNAL");
            assertRefused("add-external-root", outsideRoot, "may not change the roots of EXTERNAL");

            assertThat(DomainRoots.of(Domain.INTERNAL)).isEqualTo(before);
            assertThat(DomainRoots.of(Domain.EXTERNAL)).doesNotContain(outsideRoot);
        } finally {
            if (!DomainRoots.of(Domain.INTERNAL).contains(ownModule)) {
                DomainRoots.add(Domain.INTERNAL, ownModule);
            }
            DomainRoots.remove(Domain.EXTERNAL, outsideRoot);
        }
    }

    @Test
    void outsideCodeThatBecameInternalMayChangeTheRoots() {
        CodeRoot extra = CodeRoot.module("com.example.extra");
        DomainRoots.add(Domain.INTERNAL, outsideRoot);
        try {
            Object roots = caller.call("add-internal-root", extra);

            assertThat(roots).isEqualTo(DomainRoots.of(Domain.INTERNAL));
            assertThat(DomainRoots.of(Domain.INTERNAL)).contains(extra, outsideRoot);
            assertThat(caller.call("remove-internal-root", extra)).isEqualTo(true);
        } finally {
            DomainRoots.remove(Domain.INTERNAL, extra);
            DomainRoots.remove(Domain.INTERNAL, outsideRoot);
        }
        assertThat(DomainRoots.of(Domain.INTERNAL)).doesNotContain(extra, outsideRoot);
    }

    @Test
    void outsideCodeMayUseGlobalGlobalsButNotInternalOnes() {
        SKGlobalStorage previous = SKGlobal.install(new InProcessGlobalStorage());
        try {
            @SuppressWarnings("unchecked")
            Map<String, String> fromOutside = (Map<String, String>) caller.call("open-global-map", "board");
            fromOutside.put("written-by", "outside");
            assertThat(SKGlobal.<String, String>map(Domain.GLOBAL, "board")).containsEntry("written-by", "outside");

            assertRefused("open-internal-map", "board", "may not open the INTERNAL global map 'board'");
            assertRefused("open-internal-value", "counter", "may not open the INTERNAL global value 'counter'");
        } finally {
            SKGlobal.install(previous);
        }
    }

    @Test
    void outsideCodeCannotReachTheStorageNorInstallAnother() {
        SKGlobalStorage inUse = SKGlobal.storage();

        assertRefused("global-storage", null, "may not use the global storage directly");
        assertRefused("install-storage", new InProcessGlobalStorage(), "may not install a global storage");
        assertRefused("storage-handle", null, "may not take a handle on the global storage");

        assertThat(SKGlobal.storage()).isSameAs(inUse);
    }

    @Test
    void outsideCodeSeesOnlyTheNamesOfGlobalGlobals() {
        SKGlobalStorage previous = SKGlobal.install(new InProcessGlobalStorage());
        try {
            SKGlobal.map(Domain.GLOBAL, "public-map").put("k", "v");
            SKGlobal.map(Domain.INTERNAL, "secret-map").put("k", "v");
            SKGlobal.<Integer>value(Domain.GLOBAL, "public-value").set(1);
            SKGlobal.<Integer>value(Domain.INTERNAL, "secret-value").set(2);

            assertThat(caller.call("global-names", null)).isEqualTo(List.of(
                    new GlobalName(Domain.GLOBAL, "public-map"), new GlobalName(Domain.GLOBAL, "public-value")));
            assertThat(SKGlobal.names()).containsExactly(
                    new GlobalName(Domain.GLOBAL, "public-map"), new GlobalName(Domain.GLOBAL, "public-value"),
                    new GlobalName(Domain.INTERNAL, "secret-map"), new GlobalName(Domain.INTERNAL, "secret-value"));
        } finally {
            SKGlobal.install(previous);
        }
    }

    @Test
    void outsideCodeSnapshotsOnlyGlobalGlobalsAndCannotRestoreInternalOnes(@TempDir Path files) throws Exception {
        SKGlobalStorage previous = SKGlobal.install(new InProcessGlobalStorage());
        try {
            SKGlobal.map(Domain.GLOBAL, "public-map").put("k", "v");
            SKGlobal.map(Domain.INTERNAL, "secret-map").put("k", "secret");
            Path internalFile = files.resolve("internal.snapshot");
            Path visibleFile = files.resolve("visible.snapshot");

            assertRefused("snapshot-internal", internalFile, "may not snapshot INTERNAL globals");
            assertThat(internalFile).doesNotExist();

            assertThat(caller.call("snapshot-visible", visibleFile)).isEqualTo(1);
            assertThat(GlobalSnapshots.read(visibleFile, GlobalSnapshots.DEFAULT_FILTER))
                    .containsOnlyKeys(new GlobalName(Domain.GLOBAL, "public-map"));

            SKGlobal.snapshot(internalFile, Domain.INTERNAL);
            SKGlobal.map(Domain.INTERNAL, "secret-map").put("k", "changed");
            assertRefused("restore", internalFile, "may not restore INTERNAL globals");
            assertThat(SKGlobal.map(Domain.INTERNAL, "secret-map")).containsExactly(Map.entry("k", "changed"));
            assertThat(Files.list(files).map(p -> p.getFileName().toString()).toList())
                    .containsExactlyInAnyOrder("internal.snapshot", "visible.snapshot");
        } finally {
            SKGlobal.install(previous);
        }
    }

    @Test
    void theProcessDefaultAccessCheckComesFromTheSystemProperty() {
        String key = "suitkaise.reg.accessCheck";
        String original = System.getProperty(key);
        try {
            System.clearProperty(key);
            assertThat(AccessCheck.processDefault()).isEqualTo(AccessCheck.ON_OPEN);
            System.setProperty(key, "  ");
            assertThat(AccessCheck.processDefault()).isEqualTo(AccessCheck.ON_OPEN);
            System.setProperty(key, " every_call ");
            assertThat(AccessCheck.processDefault()).isEqualTo(AccessCheck.EVERY_CALL);
            System.setProperty(key, "ON_OPEN");
            assertThat(AccessCheck.processDefault()).isEqualTo(AccessCheck.ON_OPEN);
            System.setProperty(key, "sometimes");
            assertThatThrownBy(AccessCheck::processDefault)
                    .isInstanceOf(SKRegException.class)
                    .hasMessageContaining("suitkaise.reg.accessCheck='sometimes' is not one of ON_OPEN, EVERY_CALL");
        } finally {
            if (original == null) {
                System.clearProperty(key);
            } else {
                System.setProperty(key, original);
            }
        }
    }

    @Test
    void anAccessExceptionSurvivesSerializationWithoutItsRoots() throws Exception {
        SKAccessException original = new SKAccessException("denied", "com.example.Caller", Domain.EXTERNAL,
                List.of(CodeRoot.module("com.example")));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(original);
        }

        SKAccessException copy;
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            copy = (SKAccessException) in.readObject();
        }

        assertThat(original.roots()).containsExactly(CodeRoot.module("com.example"));
        assertThat(copy).hasMessage("denied").isInstanceOf(SKRegException.class);
        assertThat(copy.callerName()).isEqualTo("com.example.Caller");
        assertThat(copy.domain()).isEqualTo(Domain.EXTERNAL);
        assertThat(copy.roots()).isEmpty();
    }

    @Test
    void anSKRegExceptionKeepsItsMessageAndCause() {
        IllegalStateException cause = new IllegalStateException("root cause");

        assertThat(new SKRegException("what went wrong")).hasMessage("what went wrong").hasNoCause();
        assertThat(new SKRegException("what went wrong", cause)).hasMessage("what went wrong").hasCause(cause);
    }
}
