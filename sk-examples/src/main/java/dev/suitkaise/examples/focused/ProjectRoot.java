package dev.suitkaise.examples.focused;

import dev.suitkaise.root.SKPath;
import dev.suitkaise.root.SKRoot;

import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The project root (sk-root): where the project is, its files as {@code .gitignore} leaves them,
 * and file names that are the same on every machine.
 */
public final class ProjectRoot {

    private ProjectRoot() {
    }

    /**
     * Runs the example from anywhere inside the project.
     *
     * @param args ignored
     */
    public static void main(String[] args) {
        // begin:root
        SKRoot root = SKRoot.current();               // -Dsuitkaise.root, $SUITKAISE_ROOT, or detected
        System.out.println("root " + root.path().getFileName() + " found by " + root.detection());
        Map<String, Long> modules;
        try (Stream<SKPath> files = root.files("sk-*/src/main/java/**/*.java")) {  // honours .gitignore
            modules = files.collect(Collectors.groupingBy(p -> p.relative().split("/")[0], TreeMap::new,
                    Collectors.counting()));
        }
        System.out.println("main sources per module " + modules);
        SKPath source = SKPath.sourceOf(ProjectRoot.class).orElseThrow();
        System.out.println(source.relative());        // sk-examples/src/main/java/.../focused/ProjectRoot.java
        System.out.println(source.id());              // a reversible, file-name-safe key
        System.out.println(SKPath.fromId(source.id()).equals(source));  // true
        // end:root
    }
}
