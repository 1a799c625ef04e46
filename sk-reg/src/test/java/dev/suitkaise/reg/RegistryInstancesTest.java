package dev.suitkaise.reg;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** One registry instance per (type, domain) per process, and how open() treats its factory. */
class RegistryInstancesTest {

    /** A registry type used only for the per-domain singleton tests. */
    static final class ShelfReg extends SKReg<Integer> {
        private ShelfReg(Domain domain) {
            super(domain);
        }

        static ShelfReg of(Domain domain) {
            return SKReg.open(ShelfReg.class, domain, ShelfReg::new);
        }
    }

    /** Another registry type, to show that types do not share instances. */
    static final class CrateReg extends SKReg<Integer> {
        private CrateReg(Domain domain) {
            super(domain);
        }

        static CrateReg of(Domain domain) {
            return SKReg.open(CrateReg.class, domain, CrateReg::new);
        }
    }

    /** Counts its constructions and holds the first one until every racer has arrived. */
    static final class RaceReg extends SKReg<String> {
        static final AtomicInteger CONSTRUCTED = new AtomicInteger();
        static volatile CountDownLatch everyoneArrived = new CountDownLatch(0);

        private RaceReg(Domain domain) {
            super(domain);
            CONSTRUCTED.incrementAndGet();
            try {
                // Keep the other racers waiting at open() while this instance is being made.
                everyoneArrived.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** A registry type that is not final, so that a factory can return a subclass of it. */
    static class BaseReg extends SKReg<String> {
        BaseReg(Domain domain) {
            super(domain);
        }
    }

    /** The subclass a wrong factory returns. */
    static final class SubReg extends BaseReg {
        SubReg(Domain domain) {
            super(domain);
        }
    }

    /** A registry type for the wrong-domain factory test. */
    static final class DomainMixReg extends SKReg<String> {
        DomainMixReg(Domain domain) {
            super(domain);
        }
    }

    /** A registry type for the null factory test. */
    static final class NullMadeReg extends SKReg<String> {
        NullMadeReg(Domain domain) {
            super(domain);
        }
    }

    /** A registry type for the throwing factory test. */
    static final class FailingMadeReg extends SKReg<String> {
        FailingMadeReg(Domain domain) {
            super(domain);
        }
    }

    /** A registry type whose access check is given explicitly. */
    static final class StrictReg extends SKReg<String> {
        private StrictReg(Domain domain) {
            super(domain, AccessCheck.EVERY_CALL);
        }

        static StrictReg of(Domain domain) {
            return SKReg.open(StrictReg.class, domain, StrictReg::new);
        }
    }

    @Test
    void eachDomainHasItsOwnSingleInstance() {
        ShelfReg global = ShelfReg.of(Domain.GLOBAL);
        ShelfReg internal = ShelfReg.of(Domain.INTERNAL);

        assertThat(ShelfReg.of(Domain.GLOBAL)).isSameAs(global);
        assertThat(ShelfReg.of(Domain.INTERNAL)).isSameAs(internal);
        assertThat(global).isNotSameAs(internal);
        assertThat(global.domain()).isEqualTo(Domain.GLOBAL);
        assertThat(internal.domain()).isEqualTo(Domain.INTERNAL);
    }

    @Test
    void entriesOfOneDomainAreInvisibleInAnother() {
        ShelfReg global = ShelfReg.of(Domain.GLOBAL);
        ShelfReg internal = ShelfReg.of(Domain.INTERNAL);
        global.clear();
        internal.clear();

        global.register("count", 1);

        assertThat(internal.contains("count")).isFalse();
        assertThat(ShelfReg.of(Domain.GLOBAL).require("count")).isEqualTo(1);
        global.clear();
    }

    @Test
    void differentRegistryTypesNeverShareAnInstance() {
        ShelfReg shelf = ShelfReg.of(Domain.GLOBAL);
        CrateReg crate = CrateReg.of(Domain.GLOBAL);
        shelf.clear();
        crate.clear();

        shelf.register("item", 1);

        assertThat(crate.contains("item")).isFalse();
        assertThat(crate.name()).isEqualTo("CrateReg");
        shelf.clear();
    }

    @Test
    void theExternalDomainOpensOnlyWhileTheCallerIsUnderItsRoots() {
        CodeRoot self = CodeRoot.module("dev.suitkaise.reg");
        assertThatThrownBy(() -> ShelfReg.of(Domain.EXTERNAL))
                .isInstanceOfSatisfying(SKAccessException.class, e -> {
                    assertThat(e.domain()).isEqualTo(Domain.EXTERNAL);
                    assertThat(e.callerName()).isEqualTo(RegistryInstancesTest.class.getName());
                    assertThat(e).hasMessageContaining("may not open the EXTERNAL registry ShelfReg");
                });

        DomainRoots.add(Domain.EXTERNAL, self);
        ShelfReg external;
        try {
            external = ShelfReg.of(Domain.EXTERNAL);
            assertThat(external.domain()).isEqualTo(Domain.EXTERNAL);
            assertThat(ShelfReg.of(Domain.EXTERNAL)).isSameAs(external);
            assertThat(external).isNotSameAs(ShelfReg.of(Domain.INTERNAL)).isNotSameAs(ShelfReg.of(Domain.GLOBAL));
        } finally {
            DomainRoots.remove(Domain.EXTERNAL, self);
        }

        assertThatThrownBy(() -> ShelfReg.of(Domain.EXTERNAL)).isInstanceOf(SKAccessException.class);
    }

    @Test
    void racingOpensFromManyThreadsCreateExactlyOneInstancePerDomain() throws Exception {
        for (Domain domain : List.of(Domain.GLOBAL, Domain.INTERNAL)) {
            int constructedBefore = RaceReg.CONSTRUCTED.get();
            CountDownLatch arrived = new CountDownLatch(Concurrently.THREADS);
            RaceReg.everyoneArrived = arrived;

            List<RaceReg> opened = Concurrently.run(thread -> {
                arrived.countDown();
                return SKReg.open(RaceReg.class, domain, RaceReg::new);
            });

            assertThat(RaceReg.CONSTRUCTED.get() - constructedBefore).isEqualTo(1);
            assertThat(opened).hasSize(Concurrently.THREADS).allSatisfy(r -> assertThat(r).isSameAs(opened.getFirst()));
            assertThat(opened.getFirst().domain()).isEqualTo(domain);
            assertThat(SKReg.open(RaceReg.class, domain, RaceReg::new)).isSameAs(opened.getFirst());
        }
        assertThat(RaceReg.CONSTRUCTED).hasValue(2);
    }

    @Test
    void aFactoryReturningASubclassFailsClearlyAndLeavesTheSlotFree() {
        assertThatThrownBy(() -> SKReg.open(BaseReg.class, Domain.GLOBAL, SubReg::new))
                .isInstanceOf(SKRegException.class)
                .hasMessageContaining("The factory for registry " + BaseReg.class.getName() + " returned "
                        + SubReg.class.getName() + " for domain GLOBAL when asked for domain GLOBAL")
                .hasMessageContaining("it must return a new BaseReg for the given domain");

        BaseReg right = SKReg.open(BaseReg.class, Domain.GLOBAL, BaseReg::new);
        assertThat(right).isExactlyInstanceOf(BaseReg.class);
        assertThat(SKReg.open(BaseReg.class, Domain.GLOBAL, SubReg::new)).isSameAs(right);
    }

    @Test
    void aFactoryReturningAnotherDomainFailsClearly() {
        assertThatThrownBy(() -> SKReg.open(DomainMixReg.class, Domain.INTERNAL, d -> new DomainMixReg(Domain.GLOBAL)))
                .isInstanceOf(SKRegException.class)
                .hasMessageContaining("returned " + DomainMixReg.class.getName() + " for domain GLOBAL when asked for domain INTERNAL");

        assertThat(SKReg.open(DomainMixReg.class, Domain.INTERNAL, DomainMixReg::new).domain()).isEqualTo(Domain.INTERNAL);
    }

    @Test
    void aFactoryReturningNullFailsClearly() {
        assertThatThrownBy(() -> SKReg.open(NullMadeReg.class, Domain.GLOBAL, d -> null))
                .isInstanceOf(SKRegException.class)
                .hasMessageContaining("returned null when asked for domain GLOBAL");

        assertThat(SKReg.open(NullMadeReg.class, Domain.GLOBAL, NullMadeReg::new)).isNotNull();
    }

    @Test
    void aFactoryThatThrowsLeavesNoInstanceBehind() {
        assertThatThrownBy(() -> SKReg.open(FailingMadeReg.class, Domain.GLOBAL, d -> {
            throw new IllegalStateException("cannot build now");
        })).isInstanceOf(IllegalStateException.class).hasMessage("cannot build now");

        FailingMadeReg made = SKReg.open(FailingMadeReg.class, Domain.GLOBAL, FailingMadeReg::new);
        assertThat(SKReg.open(FailingMadeReg.class, Domain.GLOBAL, FailingMadeReg::new)).isSameAs(made);
    }

    @Test
    void openRejectsNullArguments() {
        assertThatThrownBy(() -> SKReg.open(null, Domain.GLOBAL, ShelfReg::of)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> SKReg.open(ShelfReg.class, null, ShelfReg::of)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> SKReg.open(ShelfReg.class, Domain.GLOBAL, null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void aRegistryUsesTheProcessDefaultAccessCheckUnlessItNamesOne() {
        assertThat(ShelfReg.of(Domain.GLOBAL).accessCheck()).isEqualTo(AccessCheck.processDefault());
        assertThat(StrictReg.of(Domain.INTERNAL).accessCheck()).isEqualTo(AccessCheck.EVERY_CALL);
    }

    @Test
    void anEveryCallRegistryServesCallersUnderItsRoots() {
        StrictReg strict = StrictReg.of(Domain.INTERNAL);
        strict.clear();

        strict.register("k", "v");

        assertThat(strict.require("k")).isEqualTo("v");
        assertThat(strict.keys()).containsExactly("k");
        assertThat(strict.clear()).isEqualTo(1);
    }
}
