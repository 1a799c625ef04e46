package dev.suitkaise.examples;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class TourTest {

    @Test
    void theTourCountsEveryWordOfItsTextAndRestoresItsGlobals() throws Exception {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        Tour.Outcome outcome;
        try (PrintStream out = new PrintStream(buffer, true, StandardCharsets.UTF_8)) {
            outcome = Tour.run(out);
        }
        String printed = buffer.toString(StandardCharsets.UTF_8);

        Map<String, Integer> expected = new HashMap<>();
        for (String w : Tour.TEXT.toLowerCase(java.util.Locale.ROOT).split("[^a-z0-9]+")) {
            if (!w.isEmpty()) {
                expected.merge(w, 1, Integer::sum);
            }
        }
        assertThat(outcome.wordCounts()).isEqualTo(expected);
        assertThat(outcome.totalWords()).isEqualTo(expected.values().stream().mapToInt(Integer::intValue).sum());
        assertThat(outcome.restoredGlobals()).isEqualTo(2);
        assertThat(outcome.events()).containsExactly("REGISTERED status", "REGISTERED status_1", "REPLACED status");
        try (var files = dev.suitkaise.root.SKRoot.current().files()) {
            assertThat(outcome.projectFiles()).isEqualTo(files.count()).isPositive();
        }
        assertThat(outcome.tourSource()).isEqualTo("sk-examples/src/main/java/dev/suitkaise/examples/Tour.java");
        CerealDemo cereal = outcome.cereal();
        assertThat(cereal.lockWasHeld()).isTrue();
        assertThat(cereal.lockCameBackUnlocked()).isTrue();
        assertThat(cereal.permits()).isEqualTo(3);
        assertThat(cereal.counter()).isEqualTo(42);
        assertThat(cereal.taskResult()).isEqualTo("task of indexer ran");
        assertThat(cereal.selfReferenceKept()).isTrue();
        assertThat(cereal.pathRelative()).isEqualTo("README.md");
        assertThat(cereal.issuePaths()).containsExactly("root.callback");
        assertThat(cereal.externalPlain().get("tour")).isEqualTo("suitkaise");
        assertThat(cereal.externalPlain().get("words")).isEqualTo(70L);
        FunctionDemo functions = outcome.functions();
        assertThat(functions.rendered()).isEqualTo("[status    ]");
        assertThat(functions.renderedWider()).isEqualTo("[status            ]");
        assertThat(functions.registrationsOfRender()).isEqualTo(2);
        assertThat(functions.firstSquares()).containsExactly(1, 4, 9, 16, 25);
        assertThat(functions.asyncResult()).isEqualTo("ran on a virtual thread");
        CycleDemo cycle = outcome.cycle();
        assertThat(cycle.status()).isEqualTo(dev.suitkaise.cycle.RunStatus.OK);
        assertThat(cycle.words()).isEqualTo(expected.values().stream().mapToInt(Integer::intValue).sum());
        assertThat(cycle.flakyAttempts()).isEqualTo(3);
        assertThat(cycle.tree()).contains("words").contains("ratio");
        assertThat(cycle.mermaid()).startsWith("flowchart");
        assertThat(printed)
                .contains("CREATE_NEW put the second one under 'status_1'")
                .contains("Did you mean 'status'")
                .contains("INTERNAL is refused to user code")
                .contains("may not open the INTERNAL registry PanelReg")
                .contains("EXTERNAL registry opened")
                .endsWith("Tour complete." + System.lineSeparator());
    }
}
