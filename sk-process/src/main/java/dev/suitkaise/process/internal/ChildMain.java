package dev.suitkaise.process.internal;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/**
 * The bootstrap of a child JVM. The parent writes one line to the child's stdin (the address of
 * its channel, the child's token and the parent's pid, tab-separated) and closes it; the child
 * connects back, shakes hands with the token and serves the parent until the channel closes or
 * the parent dies. Not meant to be started by hand.
 */
public final class ChildMain {

    private ChildMain() {
    }

    /**
     * Runs the child.
     *
     * @param args ignored
     */
    public static void main(String[] args) {
        String line;
        try {
            line = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
        } catch (IOException e) {
            line = null;
        }
        String[] parts = line == null ? new String[0] : line.split("\t");
        if (parts.length != 3) {
            // the bootstrap's only console output: there is no channel to report on
            System.err.println("sk-process child: no connection line on stdin. This program is started by"
                    + " SKProcessManager.spawn, not by hand.");
            System.exit(2);
            return;
        }
        long parentPid;
        try {
            parentPid = Long.parseLong(parts[2]);
        } catch (NumberFormatException e) {
            System.err.println("sk-process child: bad parent pid '" + parts[2] + "' on stdin.");
            System.exit(2);
            return;
        }
        ChildRuntime.run(parts[0], parts[1], parentPid);
    }
}
