package dev.suitkaise.it.jdk;

import java.util.List;

/**
 * What a finished process left behind.
 *
 * @param command the command line, for messages
 * @param exitCode the exit code
 * @param stdout everything written to standard output
 * @param stderr everything written to standard error
 */
record ProcessResult(List<String> command, int exitCode, String stdout, String stderr) {

    /** The lines written to standard error. */
    List<String> stderrLines() {
        return stderr.lines().toList();
    }

    /** The lines written to standard output. */
    List<String> stdoutLines() {
        return stdout.lines().toList();
    }

    /** The whole result, for assertion messages. */
    String describe() {
        return "command " + command + " exited with " + exitCode
                + "\n--- stdout ---\n" + stdout + "\n--- stderr ---\n" + stderr;
    }
}
