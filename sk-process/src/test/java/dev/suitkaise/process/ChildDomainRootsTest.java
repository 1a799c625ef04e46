package dev.suitkaise.process;

import dev.suitkaise.reg.CodeRoot;
import dev.suitkaise.reg.Domain;
import dev.suitkaise.reg.DomainRoots;
import dev.suitkaise.reg.SKGlobal;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A child starts with the domain roots its parent holds when the child is handed its name, also
 * those added or removed at run time (as {@code SKRoot.registerDomainRoots()} does), and also
 * when the child is a warm spare started before they changed.
 */
@ExtendWith(NoOrphans.class)
class ChildDomainRootsTest {

    private final SKProcessManager manager = SKProcessManager.of(Domain.INTERNAL);
    /** AssertJ's jar: its classes are under no root by default, so they may not be read from bytes. */
    private final CodeRoot assertj = CodeRoot.locationOf(Offset.class);
    /** Where this test's classes come from: INTERNAL in the child, but not EXTERNAL by default. */
    private final CodeRoot tests = CodeRoot.locationOf(ChildDomainRootsTest.class);

    @BeforeEach
    void startClean() {
        manager.shutdownAll(Duration.ofSeconds(5));
        assertThat(DomainRoots.of(Domain.EXTERNAL)).doesNotContain(assertj, tests);
    }

    @AfterEach
    void restore() {
        manager.shutdownAll(Duration.ofSeconds(5));
        DomainRoots.remove(Domain.EXTERNAL, assertj);
        DomainRoots.remove(Domain.EXTERNAL, tests);
    }

    private static List<String> rootsIn(SKProcess p, Domain domain) throws Exception {
        return Children.await(p.submit(() -> DomainRoots.of(domain).stream().map(CodeRoot::toString).toList()));
    }

    /** The child has the roots, reads a captured class under one of them, and opens an EXTERNAL global. */
    private void assertTheRootsReached(SKProcess p) throws Exception {
        Offset<Double> sent = Offset.offset(0.25);
        double back = Children.await(p.submit(() -> sent.value * 2));
        assertThat(back).isEqualTo(0.5);

        String map = "roots-" + UUID.randomUUID();
        int merged = Children.await(p.submit(() -> SKGlobal.<String, Integer>map(Domain.EXTERNAL, map).merge("k", 1, Integer::sum)));
        assertThat(merged).isEqualTo(1);

        assertThat(rootsIn(p, Domain.EXTERNAL)).contains(assertj.toString(), tests.toString());
    }

    @Test
    void rootsAddedAtRunTimeReachAChildStartedAfterwards() throws Exception {
        DomainRoots.add(Domain.EXTERNAL, assertj, tests);

        SKProcess p = manager.spawn("roots-new");

        assertTheRootsReached(p);
    }

    @Test
    void aWarmSpareStartedBeforeTheRootsChangedRunsWithTheNewRoots() throws Exception {
        manager.keepWarm(1);
        assertThat(manager.awaitWarmSpares(1, Children.BOUND)).as("a warm spare ready within %s", Children.BOUND).isTrue();
        Set<Long> spares = ProcessHandle.current().children().filter(ProcessHandle::isAlive).map(ProcessHandle::pid)
                .collect(Collectors.toSet());
        DomainRoots.add(Domain.EXTERNAL, assertj, tests);

        SKProcess p = manager.spawn("roots-spare");

        assertThat(p.pid()).as("the spawn took the spare").isIn(spares);
        assertTheRootsReached(p);
    }

    @Test
    void theChildsInternalRootsAreExactlyTheParentsAlsoAfterARemoval(@TempDir Path dir) throws Exception {
        CodeRoot cycle = CodeRoot.module("dev.suitkaise.cycle");
        CodeRoot extra = CodeRoot.location(dir);
        assertThat(DomainRoots.of(Domain.INTERNAL)).as("a default INTERNAL root").contains(cycle);
        DomainRoots.remove(Domain.INTERNAL, cycle);
        DomainRoots.add(Domain.INTERNAL, extra);
        try {
            SKProcess p = manager.spawn("roots-internal");

            assertThat(rootsIn(p, Domain.INTERNAL)).doesNotContain(cycle.toString()).contains(extra.toString())
                    .containsExactlyInAnyOrderElementsOf(DomainRoots.of(Domain.INTERNAL).stream().map(CodeRoot::toString).toList());
        } finally {
            DomainRoots.remove(Domain.INTERNAL, extra);
            DomainRoots.add(Domain.INTERNAL, cycle);
        }
    }

    @Test
    void rootsThatOnlyTheChildsSpecSetsAreKeptBesideTheParentsOnesAndGoToNoOtherChild(@TempDir Path dir) throws Exception {
        CodeRoot byProperty = CodeRoot.location(dir.resolve("by-property"));
        CodeRoot byOption = CodeRoot.location(dir.resolve("by-option"));
        DomainRoots.add(Domain.EXTERNAL, assertj);

        SKProcess withProperty = manager.spawn(ProcessSpec.builder("roots-spec-property")
                .systemProperty("suitkaise.domain.external", dir.resolve("by-property").toString()).build());
        SKProcess withOption = manager.spawn(ProcessSpec.builder("roots-spec-option")
                .jvmOptions("-Dsuitkaise.domain.internal=" + dir.resolve("by-option")).build());
        SKProcess plain = manager.spawn("roots-spec-none");

        assertThat(rootsIn(withProperty, Domain.EXTERNAL)).contains(byProperty.toString(), assertj.toString());
        assertThat(rootsIn(withOption, Domain.INTERNAL)).contains(byOption.toString());
        assertThat(rootsIn(withOption, Domain.EXTERNAL)).contains(assertj.toString()).doesNotContain(byProperty.toString());
        assertThat(rootsIn(plain, Domain.EXTERNAL)).contains(assertj.toString()).doesNotContain(byProperty.toString());
        assertThat(rootsIn(plain, Domain.INTERNAL)).doesNotContain(byOption.toString());
        assertThat(DomainRoots.of(Domain.EXTERNAL)).as("the parent's roots").doesNotContain(byProperty);
    }
}
