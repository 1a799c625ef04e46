package dev.suitkaise.reg;

import dev.suitkaise.testkit.OutsideCode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * INTERNAL code that runs something another class chose (a method reference, a method handle)
 * must not lend that class its access: method references count as the class that wrote them,
 * restrictions bind the class a handle is called for, and gates answer for their callers. The
 * other class is a copy of {@link OutsideCaller} defined from a directory that is no root.
 */
class ActingForOthersTest {

    @TempDir
    Path outsideDir;

    private Caller outside;
    private Class<?> outsideClass;
    private MethodHandle storage;

    @BeforeEach
    void loadTheOutsideCaller() throws Exception {
        outside = OutsideCode.copyInto(outsideDir, OutsideCaller.class).newInstance(OutsideCaller.class);
        outsideClass = outside.getClass();
        storage = MethodHandles.publicLookup().findStatic(SKGlobal.class, "storage", MethodType.methodType(SKGlobalStorage.class));
    }

    @SuppressWarnings("unchecked")
    private Supplier<Object> fromOutside(String action) {
        return (Supplier<Object>) outside.call(action, null);
    }

    private static void assertRefusedFor(Class<?> refused, ThrowingAction action) {
        assertThatThrownBy(action::run).isInstanceOfSatisfying(SKAccessException.class, e -> {
            assertThat(e.callerName()).isEqualTo(refused.getName());
            assertThat(e.domain()).isEqualTo(Domain.INTERNAL);
        });
    }

    /** Calls a handle from this class, so that this class is the frame that calls the target. */
    private static Object invoke(MethodHandle handle, Object... args) throws Exception {
        try {
            return handle.invokeWithArguments(args);
        } catch (Exception | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    @FunctionalInterface
    private interface ThrowingAction {
        void run() throws Throwable;
    }

    @Test
    void aMethodReferenceWrittenOutsideTheRootsIsRefusedEvenWhenInternalCodeCallsIt() {
        Supplier<Object> reference = fromOutside("storage-reference");

        assertRefusedFor(outsideClass, reference::get);
    }

    @Test
    void aMethodReferenceWrittenByInternalCodeWorksWhoeverCallsIt() {
        Supplier<Object> reference = SKGlobal::storage;

        assertThat(outside.call("run-supplier", reference)).isSameAs(SKGlobal.storage());
    }

    @Test
    void aHandleCalledUnderARestrictionIsRefusedForAnOutsidePrincipal() throws Exception {
        assertThat(SKAccess.restrictTo(Principals.of(ActingForOthersTest.class), () -> invoke(storage)))
                .isSameAs(SKGlobal.storage());

        assertThatThrownBy(() -> SKAccess.restrictTo(Principals.of(outsideClass), () -> invoke(storage)))
                .isInstanceOfSatisfying(SKAccessException.class, e -> {
                    assertThat(e.callerName()).isEqualTo(OutsideCaller.class.getName());
                    assertThat(e).hasMessageContaining("on behalf of").hasMessageContaining(outsideDir.toString())
                            .hasMessageContaining("may not use the global storage directly")
                            .hasMessageContaining("-Dsuitkaise.domain.internal=" + outsideDir + " ") // the refused principal's root
                            .hasMessageNotContaining("=...");
                });
    }

    @Test
    void aRestrictionDoesNotTouchLibraryCodeThatOpensRegistriesOnItsOwnAccount() throws Exception {
        GlobalMap<String, Object> map = SKAccess.restrictTo(Principals.of(outsideClass),
                () -> Gate.ownInternalMap("acting.bookkeeping"));

        assertThat(map).isNotNull();
    }

    @Test
    void anUnidentifiedPrincipalIsRefusedEveryRestrictedDomainButNotGlobal() throws Exception {
        Principals gone = Principals.unidentified("com.example.Gone");
        MethodHandle globalMap = MethodHandles.publicLookup().findStatic(SKGlobal.class, "map",
                MethodType.methodType(GlobalMap.class, Domain.class, String.class));

        assertThatThrownBy(() -> SKAccess.restrictTo(gone, () -> invoke(storage)))
                .isInstanceOfSatisfying(SKAccessException.class, e -> {
                    assertThat(e.callerName()).isEqualTo("com.example.Gone");
                    assertThat(e).hasMessageContaining("could not be identified")
                            .hasMessageContaining("-Dsuitkaise.domain.internal=module:NAME or the path of its class directory or jar");
                });
        assertThat(SKAccess.restrictTo(gone, () -> invoke(globalMap, Domain.GLOBAL, "acting.open"))).isNotNull();
    }

    @Test
    void restrictionsNestAndEndWithTheirActionEvenWhenItFails() throws Exception {
        Principals first = Principals.of(String.class);
        Principals second = Principals.unidentified("com.example.Gone");

        Principals inside = SKAccess.restrictTo(first, () -> SKAccess.restrictTo(second, SKAccess::restrictions));

        assertThat(inside).isEqualTo(first.and(second));
        assertThatThrownBy(() -> SKAccess.restrictTo(first, () -> {
            throw new IllegalStateException("boom");
        })).hasMessage("boom");
        assertThat(SKAccess.restrictions()).isEqualTo(Principals.NONE);
        assertThat(SKGlobal.storage()).isNotNull();
    }

    @Test
    void aGateAnswersForTheCodeThatCalledIt() {
        assertThat(Gate.mayOpenInternal()).isEqualTo(true);
        assertThat(outside.call("gate-may-open-internal", null)).isEqualTo(false);
        assertThatThrownBy(() -> outside.call("gate-check-internal", null))
                .isInstanceOfSatisfying(SKAccessException.class, e -> {
                    assertThat(e.callerName()).isEqualTo(OutsideCaller.class.getName());
                    assertThat(e).hasMessageContaining("may not use the gate");
                });
    }

    @Test
    void aGateThatAsksFromItsOwnLambdaStillAnswersForTheCodeThatCalledIt() {
        assertThat(Gate.mayOpenInternalFromItsOwnLambda()).isEqualTo(true);
        assertThat(outside.call("gate-lambda-may-open-internal", null)).isEqualTo(false);
    }

    @Test
    void aGateReachedThroughAMethodReferenceAnswersForItsAuthor() {
        assertThat(fromOutside("gate-reference").get()).isEqualTo(false);
        Supplier<Object> own = Gate::mayOpenInternal;
        assertThat(outside.call("run-supplier", own)).isEqualTo(true);
    }

    @Test
    void principalsKeepEachClassAndEachNameOnceInTheOrderFirstGiven() {
        Principals twice = Principals.of(String.class, Integer.class, String.class);
        Principals union = Principals.of(Integer.class).and(Principals.unidentified("x"))
                .and(Principals.of(String.class, Integer.class)).and(Principals.unidentified("x"));

        assertThat(twice.classes()).containsExactly(String.class, Integer.class);
        assertThat(new Principals(List.of(Long.class, Long.class), List.of("y", "x", "y")))
                .isEqualTo(new Principals(List.of(Long.class), List.of("y", "x")));
        assertThat(union.classes()).containsExactly(Integer.class, String.class);
        assertThat(union.unidentified()).containsExactly("x");
        assertThat(union.names()).containsExactly(Integer.class.getName(), String.class.getName(), "x");
        assertThat(Principals.NONE.and(twice)).isEqualTo(twice);
        assertThat(twice.and(Principals.NONE)).isEqualTo(twice);
    }

    @Test
    void principalsMayOpenADomainOnlyWhenAllOfThemMay() {
        assertThat(Principals.of(ActingForOthersTest.class).mayOpen(Domain.INTERNAL)).isTrue();
        assertThat(Principals.of(ActingForOthersTest.class, outsideClass).mayOpen(Domain.INTERNAL)).isFalse();
        assertThat(Principals.unidentified("x").mayOpen(Domain.GLOBAL)).isTrue();
        assertThat(Principals.of(outsideClass).and(Principals.unidentified("x")).names())
                .containsExactly(OutsideCaller.class.getName(), "x");
    }
}
