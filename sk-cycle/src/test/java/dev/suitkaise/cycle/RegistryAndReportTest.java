package dev.suitkaise.cycle;

import dev.suitkaise.reg.Domain;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RegistryAndReportTest {

    @Test
    void buildAndRegisterPutsTheCycleInTheGlobalRegistryUnderItsName() {
        CycleReg reg = CycleReg.of(Domain.GLOBAL);
        try (Cycle cycle = Cycle.builder("draft").add(CyclePart.of("only", () -> 1), 1)
                .buildAndRegister("registry-test-cycle")) {
            assertThat(cycle.name()).isEqualTo("registry-test-cycle");
            assertThat(reg.cycle("registry-test-cycle")).containsSame(cycle);
            assertThat(reg.part("registry-test-cycle")).isEmpty();
        } finally {
            reg.remove("registry-test-cycle");
        }
    }

    @Test
    void aTakenNameLeavesTheBuilderOpenSoThatAnotherNameCanBeTried() {
        CycleReg reg = CycleReg.of(Domain.GLOBAL);
        reg.register("registry-test-taken", CyclePart.of("taker", () -> 1));
        try {
            CycleBuilder builder = Cycle.builder("draft-taken").add(CyclePart.of("a", () -> "a"), 1);
            assertThatThrownBy(() -> builder.buildAndRegister("registry-test-taken"))
                    .isInstanceOf(dev.suitkaise.reg.SKRegException.class);
            assertThat(builder.describe()).as("the builder keeps its name and tree").startsWith("cycle draft-taken\n")
                    .contains("(1-1): a [here]");
            builder.add(CyclePart.of("b", () -> "b"), 2);
            try (Cycle cycle = builder.buildAndRegister("registry-test-untaken")) {
                assertThat(reg.cycle("registry-test-untaken")).containsSame(cycle);
                assertThat(cycle.runOnce().output("b", String.class)).isEqualTo("b");
            }
            assertThatThrownBy(() -> builder.add(CyclePart.of("c", () -> "c"), 3))
                    .isInstanceOf(IllegalStateException.class);
        } finally {
            reg.remove("registry-test-taken");
            reg.remove("registry-test-untaken");
        }
    }

    @Test
    void registeredPartsCanBeFetchedByNameAndPlacedInACycle() {
        CycleReg reg = CycleReg.of(Domain.GLOBAL);
        reg.register("registry-test-part", CyclePart.of("fetched", () -> "fetched"));
        try {
            CyclePart part = reg.part("registry-test-part").orElseThrow();
            assertThat(reg.cycle("registry-test-part")).isEmpty();
            try (Cycle cycle = Cycle.builder("uses-registry").add(part, 1).build()) {
                assertThat(cycle.runOnce().output("fetched", String.class)).isEqualTo("fetched");
            }
        } finally {
            reg.remove("registry-test-part");
        }
    }

    @Test
    void aPartRegistersItselfUnderItsName() {
        CyclePart part = CyclePart.of("self-registered-part", () -> 1).register();
        try {
            assertThat(CycleReg.of(Domain.GLOBAL).part("self-registered-part")).containsSame(part);
            assertThat(CycleReg.get(Domain.GLOBAL)).isSameAs(CycleReg.of(Domain.GLOBAL));
        } finally {
            CycleReg.of(Domain.GLOBAL).remove("self-registered-part");
        }
    }

    @Test
    void theReportIsATableWithOneRowPerPart() {
        CyclePart a = CyclePart.of("alpha", () -> "A");
        CyclePart b = CyclePart.builder("beta", () -> {
            throw new IllegalStateException("beta broke");
        }).errorMode(ErrorMode.skip()).build();
        try (Cycle cycle = Cycle.builder("reported").add(a, 1).split(List.of(b), 2).build()) {
            CycleRun run = cycle.runOnce();
            String report = run.report();
            assertThat(report.lines()).hasSize(4);
            assertThat(report).startsWith("cycle reported run 1: OK")
                    .contains("slot", "attempts", "1-1", "alpha", "SUCCEEDED", "3-1", "beta", "SKIPPED", "beta broke");
            assertThat(run.duration()).isEqualTo(java.time.Duration.between(run.start(), run.end()));
            assertThatThrownBy(() -> run.part("gamma")).hasMessageContaining("has no part 'gamma'");
        }
    }

    @Test
    void aClosedCycleRefusesToRunAndTheContextIsOnlyAvailableInsideParts() {
        Cycle cycle = Cycle.builder("closing").add(CyclePart.of("p", () -> 1), 1).build();
        cycle.close();
        assertThatThrownBy(cycle::runOnce).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
        assertThatThrownBy(CycleContext::current).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("not running a cycle part");
    }
}
