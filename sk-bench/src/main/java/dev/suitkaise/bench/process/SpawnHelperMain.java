package dev.suitkaise.bench.process;

import dev.suitkaise.process.ProcessSpec;
import dev.suitkaise.process.SKProcess;
import dev.suitkaise.process.SKProcessManager;
import dev.suitkaise.reg.Domain;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * The main of a helper parent JVM for {@link ProcessSpawnBenchmark#spawnToReadyFromJars}: run
 * with every class path entry a jar, as a deployed program is, so its children may use the child
 * JVM cache. Reads commands from stdin, one a line, and answers each with one line on stdout:
 * {@code spawn} spawns a child (heap 256m) and answers {@code ready} once it is ready;
 * {@code stop} stops it and answers {@code stopped}; end of input ends the helper.
 */
public final class SpawnHelperMain {

    private SpawnHelperMain() {
    }

    /**
     * Runs the helper.
     *
     * @param args ignored
     * @throws IOException if stdin or stdout fail
     */
    public static void main(String[] args) throws IOException {
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        SKProcess child = null;
        int count = 0;
        String line;
        while ((line = in.readLine()) != null) {
            switch (line) {
                case "spawn" -> {
                    child = SKProcessManager.of(Domain.INTERNAL).spawn(ProcessSpec.builder("bench-jar-spawn-" + ++count)
                            .maxHeap("256m").build());
                    out.println("ready");
                }
                case "stop" -> {
                    if (child != null) {
                        child.stop(Duration.ofSeconds(30));
                        child = null;
                    }
                    out.println("stopped");
                }
                default -> out.println("unknown command " + line);
            }
        }
        if (child != null) {
            child.stop(Duration.ofSeconds(30));
        }
        System.exit(0);
    }
}
