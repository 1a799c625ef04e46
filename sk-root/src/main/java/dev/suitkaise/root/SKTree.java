package dev.suitkaise.root;

import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * A directory tree under a root, as returned by {@link SKRoot#tree(int)}. Its {@link #toString()}
 * prints an indented tree, two spaces per level, directories with a trailing {@code /} and
 * directories whose contents were not listed (beyond the depth limit) followed by {@code ...}:
 *
 * <pre>
 * project/
 *   pom.xml
 *   src/
 *     main/ ...
 * </pre>
 *
 * <p>An immutable value; thread-safe.
 *
 * @param name the entry's file name (the root directory's name for the top)
 * @param path the entry's path
 * @param directory whether it is a directory
 * @param children the listed entries below it, in name order; empty for files
 * @param truncated whether it is a directory whose contents were not listed
 */
public record SKTree(String name, SKPath path, boolean directory, List<SKTree> children, boolean truncated) {

    /**
     * Creates a tree node, copying the children.
     *
     * @param name the file name
     * @param path the path
     * @param directory whether it is a directory
     * @param children the entries below it
     * @param truncated whether its contents were not listed
     */
    public SKTree {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(path, "path");
        children = List.copyOf(Objects.requireNonNull(children, "SKTree: children is null; pass List.of() for a file"));
    }

    /**
     * This node and every node below it, in pre-order.
     *
     * @return the nodes
     */
    public Stream<SKTree> stream() {
        return Stream.concat(Stream.of(this), children.stream().flatMap(SKTree::stream));
    }

    /**
     * The indented tree.
     *
     * @return the printed tree, one entry per line, ending with a line break
     */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        print(sb, 0);
        return sb.toString();
    }

    private void print(StringBuilder sb, int level) {
        sb.append("  ".repeat(level)).append(name);
        if (directory) {
            sb.append('/');
        }
        if (truncated) {
            sb.append(" ...");
        }
        sb.append('\n');
        for (SKTree c : children) {
            c.print(sb, level + 1);
        }
    }
}
