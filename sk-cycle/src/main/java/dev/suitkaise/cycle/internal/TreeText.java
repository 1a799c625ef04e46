package dev.suitkaise.cycle.internal;

import dev.suitkaise.cycle.SlotAddress;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * Text views of a tree: an indented description and a Mermaid flowchart.
 */
public final class TreeText {

    private TreeText() {
    }

    /**
     * Describes the tree: one line per slot, indented by depth, with its address.
     *
     * @param name the cycle's name
     * @param root the root, null if empty
     * @param edges the sequential and pipe edges
     * @param open the open slots, null for a built cycle
     * @param settings the cycle-wide sync settings, empty for none
     * @param splitNotes the sync settings of single splits (and of the parts that carry an added cycle's
     *                   settings), by address
     * @return the description
     */
    public static String describe(String name, Node root, List<CycleSpec.Edge> edges, List<SlotAddress> open,
                                  String settings, java.util.Map<SlotAddress, String> splitNotes) {
        StringBuilder sb = new StringBuilder("cycle ").append(name);
        if (!settings.isEmpty()) {
            sb.append(" (").append(settings).append(')');
        }
        sb.append('\n');
        if (root == null) {
            sb.append("  (empty)\n");
        } else {
            Deque<Node> stack = new ArrayDeque<>();
            stack.push(root);
            while (!stack.isEmpty()) {
                Node n = stack.pop();
                SlotAddress a = n.address();
                sb.append("  ".repeat(a.level())).append("level ").append(a.level()).append(" position ")
                        .append(a.position()).append(" (").append(a).append("): ");
                if (n.isFork()) {
                    sb.append("split into ").append(n.children().size());
                } else {
                    sb.append(n.part().name()).append(" [").append(n.part().where()).append(']');
                }
                String note = splitNotes.get(a);
                if (note != null) {
                    sb.append(" (").append(note).append(')');
                }
                sb.append('\n');
                List<Node> ch = n.children();
                for (int i = ch.size() - 1; i >= 0; i--) {
                    stack.push(ch.get(i));
                }
            }
        }
        for (CycleSpec.Edge e : edges) {
            sb.append("  ").append(e.to()).append(e.pipe() ? " takes its input from " : " runs after ")
                    .append(e.from()).append('\n');
        }
        if (open != null) {
            sb.append("  open slots: ").append(open.isEmpty() ? "none" : String.join(", ",
                    open.stream().map(SlotAddress::toString).toList())).append('\n');
        }
        return sb.toString();
    }

    /**
     * Renders the tree as a Mermaid flowchart, top-down: parts as boxes, splits as hexagons, tree
     * links as arrows, sequential edges dotted and pipes thick.
     *
     * @param root the root, null if empty
     * @param edges the sequential and pipe edges
     * @return the Mermaid source
     */
    public static String mermaid(Node root, List<CycleSpec.Edge> edges) {
        StringBuilder sb = new StringBuilder("flowchart TD\n");
        if (root == null) {
            return sb.toString();
        }
        java.util.Map<String, String> ids = new java.util.HashMap<>();
        Deque<Node> stack = new ArrayDeque<>();
        stack.push(root);
        while (!stack.isEmpty()) {
            Node n = stack.pop();
            String id = id(n);
            String label = (n.isFork() ? "split" : escape(n.part().name())) + " " + n.address();
            sb.append("    ").append(id).append(n.isFork() ? "{{\"" + label + "\"}}" : "[\"" + label + "\"]").append('\n');
            if (!n.isFork()) {
                ids.put(n.part().name(), id);
            }
            for (Node c : n.children()) {
                sb.append("    ").append(id).append(" --> ").append(id(c)).append('\n');
            }
            List<Node> ch = n.children();
            for (int i = ch.size() - 1; i >= 0; i--) {
                stack.push(ch.get(i));
            }
        }
        for (CycleSpec.Edge e : edges) {
            if (ids.get(e.from()) == null || ids.get(e.to()) == null) {
                continue;
            }
            sb.append("    ").append(ids.get(e.from())).append(e.pipe() ? " ==>|pipe| " : " -.->|after| ")
                    .append(ids.get(e.to())).append('\n');
        }
        return sb.toString();
    }

    private static String id(Node n) {
        return "s" + n.address().level() + "_" + n.address().position();
    }

    private static String escape(String s) {
        return s.replace("\"", "#quot;");
    }
}
