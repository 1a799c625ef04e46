package dev.suitkaise.root;

/** Entry point of the child JVM in {@link CurrentRootTest}: prints the current root's directory. */
public final class PrintCurrentRoot {

    private PrintCurrentRoot() {
    }

    /**
     * Prints {@code SKRoot.current().path()} and how it was found, or the error message.
     *
     * @param args unused
     */
    public static void main(String[] args) {
        try {
            SKRoot root = SKRoot.current();
            System.out.println("ROOT=" + root.path());
            System.out.println("HOW=" + root.detection());
        } catch (SKRootException e) {
            System.out.println("ERROR=" + e.getMessage());
        }
    }
}
