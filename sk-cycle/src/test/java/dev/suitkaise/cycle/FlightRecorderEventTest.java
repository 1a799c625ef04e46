package dev.suitkaise.cycle;

import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class FlightRecorderEventTest {

    @Test
    void everyRunRecordsOnePartEventPerPartAndOneRunEvent(@TempDir Path dir) throws IOException {
        CyclePart a = CyclePart.of("jfr-a", () -> "a");
        CyclePart b = CyclePart.builder("jfr-b", () -> {
            throw new IllegalStateException("b broke");
        }).errorMode(ErrorMode.skip()).build();
        CyclePart c = CyclePart.of("jfr-c", () -> "c");
        Path file = dir.resolve("cycle.jfr");
        try (Recording recording = new Recording();
             Cycle cycle = Cycle.builder("jfr-cycle").add(a, 1).add(b, 2).add(c, 3).build()) {
            recording.enable("dev.suitkaise.cycle.PartEnd");
            recording.enable("dev.suitkaise.cycle.RunEnd");
            recording.start();
            cycle.runOnce();
            recording.stop();
            recording.dump(file);
        }
        List<RecordedEvent> events = RecordingFile.readAllEvents(file);
        List<RecordedEvent> parts = events.stream()
                .filter(e -> e.getEventType().getName().equals("dev.suitkaise.cycle.PartEnd"))
                .filter(e -> "jfr-cycle".equals(e.getString("cycle"))).toList();
        assertThat(parts).extracting(e -> e.getString("part") + "@" + e.getString("slot") + ":" + e.getString("outcome"))
                .containsExactlyInAnyOrder("jfr-a@1-1:SUCCEEDED", "jfr-b@2-1:SKIPPED", "jfr-c@3-1:NOT_RUN");
        assertThat(events).filteredOn(e -> e.getEventType().getName().equals("dev.suitkaise.cycle.RunEnd"))
                .filteredOn(e -> "jfr-cycle".equals(e.getString("cycle")))
                .singleElement().satisfies(e -> {
                    assertThat(e.getString("status")).isEqualTo("OK");
                    assertThat(e.getInt("parts")).isEqualTo(3);
                });
    }
}
