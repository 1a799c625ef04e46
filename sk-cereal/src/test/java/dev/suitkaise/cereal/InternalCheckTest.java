package dev.suitkaise.cereal;

import dev.suitkaise.cereal.fixtures.Crew;
import dev.suitkaise.cereal.fixtures.Fixtures;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class InternalCheckTest {

    private final InternalCereal cereal = SKCereal.internal();

    private static Crew crewWithProblems() {
        Crew crew = new Crew();
        crew.workers.add(new Crew.Worker("a", new ReentrantLock()));
        crew.workers.add(new Crew.Worker("b", List.of(1, 2)));
        crew.workers.add(new Crew.Worker("c", Runtime.getRuntime()));
        crew.task = Fixtures.plainLambda();
        crew.extras.put("ok", new Fixtures.Point(1, 2));
        crew.extras.put("bad", new Object[] {"fine", new java.util.zip.CRC32()});
        return crew;
    }

    @Test
    void checkReturnsEveryPartThatCannotBeCarriedWithItsObjectPathAndReason() {
        List<CerealIssue> issues = cereal.check(crewWithProblems());
        assertThat(issues).extracting(CerealIssue::path)
                .containsExactlyInAnyOrder("root.workers[2].tool", "root.task", "root.extras[bad][1]");
        CerealIssue runtime = issues.stream().filter(i -> i.path().equals("root.workers[2].tool")).findFirst().orElseThrow();
        assertThat(runtime.type()).isEqualTo("java.lang.Runtime");
        assertThat(runtime.reason()).contains("not supported").contains("CerealHandler");
        CerealIssue task = issues.stream().filter(i -> i.path().equals("root.task")).findFirst().orElseThrow();
        assertThat(task.reason()).contains("Serializable");
    }

    @Test
    void checkOfACarriableGraphIsEmptyAndConsumesNothing() {
        Stream<String> stream = Stream.of("x", "y");
        Map<String, Object> graph = Map.of("stream", stream, "point", new Fixtures.Point(1, 1), "list", List.of(1));
        assertThat(cereal.check(graph)).isEmpty();
        assertThat(stream.toList()).containsExactly("x", "y");
        assertThat(cereal.check(null)).isEmpty();
    }

    @Test
    void checkFindsLiveObjectsThatCannotTravelWithoutTouchingThem(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        java.nio.file.Path file = dir.resolve("closed.txt");
        java.nio.file.Files.writeString(file, "x");
        java.io.FileInputStream closed = new java.io.FileInputStream(file.toFile());
        closed.close();
        try (java.io.FileInputStream open = new java.io.FileInputStream(file.toFile())) {
            List<CerealIssue> issues = cereal.check(List.of(new java.net.Socket(), closed, open));
            assertThat(issues).extracting(CerealIssue::path).containsExactly("root[0]", "root[1]");
            assertThat(issues.get(0).reason()).contains("never connected");
            assertThat(issues.get(1).reason()).contains("closed");
            assertThat(open.read()).isEqualTo('x');
        }
    }

    @Test
    void aClassOfAModuleThatDoesNotOpenItsPackageIsReportedWithTheOpensDirectiveToAdd() {
        List<CerealIssue> issues = cereal.check(new Fixtures.Pair<>("marker", org.slf4j.MarkerFactory.getMarker("m")));
        assertThat(issues).singleElement().satisfies(issue -> {
            assertThat(issue.path()).isEqualTo("root.second");
            assertThat(issue.reason()).contains("opens org.slf4j.helpers to dev.suitkaise.cereal;")
                    .contains("module org.slf4j");
        });
    }

    @Test
    void serializeNamesTheFirstProblemByItsPathAndCountsTheRest() {
        assertThatThrownBy(() -> cereal.serialize(crewWithProblems()))
                .isInstanceOf(SKCerealException.class)
                .hasMessageMatching("(?s)Cannot serialize a .*Crew at root\\.(workers\\[2\\]\\.tool|task|extras\\[bad\\]\\[1\\]) .*")
                .hasMessageContaining("2 more issue(s)");
    }
}
