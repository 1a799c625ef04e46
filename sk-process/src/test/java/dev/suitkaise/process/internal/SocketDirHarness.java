package dev.suitkaise.process.internal;

/**
 * A program for {@link StaleSocketDirTest}, run in its own JVM: opens this JVM's
 * {@link ProcessServer} (which sweeps the temporary directory as it opens), prints
 * {@code DIR <its socket directory>} and waits until its stdin closes, then exits normally
 * (running the shutdown hook that removes the directory), unless it is killed first.
 */
public final class SocketDirHarness {

    private SocketDirHarness() {
    }

    /**
     * Runs the harness.
     *
     * @param args ignored
     * @throws Exception if the server cannot be opened
     */
    public static void main(String[] args) throws Exception {
        ProcessServer server = ProcessServer.get();
        System.out.println("DIR " + server.directory());
        System.out.flush();
        while (System.in.read() >= 0) {
            // wait for the end of stdin
        }
    }
}
