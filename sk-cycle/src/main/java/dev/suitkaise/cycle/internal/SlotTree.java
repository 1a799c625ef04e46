package dev.suitkaise.cycle.internal;

import dev.suitkaise.cycle.CycleBuildException;
import dev.suitkaise.cycle.CyclePart;
import dev.suitkaise.cycle.SlotAddress;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The slot tree of a cycle under construction, enforcing the slot rules. Not thread-safe: the
 * builder guards it.
 */
public final class SlotTree {

    /** Rule: level 1 holds exactly one added part, at (1,1). */
    public static final String RULE_LEVEL_ONE = "level 1 holds exactly one added part, at (1,1)";
    /** Rule: a branch grows only at its tip. */
    public static final String RULE_TIP = "a branch grows only at its tip (the slot directly below its last filled slot)";
    /** Rule: build level by level. */
    public static final String RULE_LEVEL_BY_LEVEL = "build level by level: once a slot on level L+1 is filled, level L takes no more";
    /** Rule: a filled slot is final. */
    public static final String RULE_FINAL = "a filled slot is final";
    /** Rule: part names are unique within a cycle. */
    public static final String RULE_UNIQUE = "part names are unique within a cycle";
    /** Rule: a split needs at least one part. */
    public static final String RULE_SPLIT = "a split fills k >= 1 new slots on the next level";

    /** A slot on a level: the node it hangs under, and what fills it (null if open). */
    private record Slot(Node owner, Node filled) {
    }

    private final List<List<Node>> levels = new ArrayList<>();
    private final Set<String> names = new HashSet<>();

    /**
     * Returns the root.
     *
     * @return the root node, null while empty
     */
    public Node root() {
        return levels.isEmpty() ? null : levels.get(0).get(0);
    }

    /**
     * Returns the nodes of every level, in tree order.
     *
     * @return the levels (index 0 is level 1)
     */
    public List<List<Node>> levels() {
        return levels;
    }

    private List<Slot> slots(int level) {
        List<Slot> out = new ArrayList<>();
        if (level == 1) {
            out.add(new Slot(null, root()));
            return out;
        }
        if (level - 2 >= levels.size()) {
            return out;
        }
        for (Node n : levels.get(level - 2)) {
            if (n.isFork()) {
                for (Node c : n.children()) {
                    out.add(new Slot(n, c));
                }
            } else {
                out.add(new Slot(n, n.children().isEmpty() ? null : n.children().get(0)));
            }
        }
        return out;
    }

    /**
     * Returns the slots that may be filled now: the open slots of the deepest filled level and of
     * the level below it.
     *
     * @return the open slots, in level then position order
     */
    public List<SlotAddress> openSlots() {
        List<SlotAddress> open = new ArrayList<>();
        int deepest = levels.size();
        if (deepest == 0) {
            open.add(new SlotAddress(1, 1));
            return open;
        }
        for (int level = Math.max(deepest, 2); level <= deepest + 1; level++) {
            List<Slot> s = slots(level);
            for (int i = 0; i < s.size(); i++) {
                if (s.get(i).filled() == null) {
                    open.add(new SlotAddress(level, i + 1));
                }
            }
        }
        return open;
    }

    private CycleBuildException fail(String rule, String detail) {
        return new CycleBuildException(rule, detail, openSlots());
    }

    /**
     * Fills a slot with a part, the root of a copied tree, or a fork with its children.
     *
     * @param what what is placed, for messages
     * @param content the node to place (with its subtree, not yet addressed)
     * @param level the level
     * @param position the position
     * @throws CycleBuildException if a rule is broken; the tree is unchanged then
     */
    public void place(String what, Node content, int level, int position) {
        String detail = "cannot " + what + " at " + level + "-" + position;
        if (level < 1 || position < 1) {
            throw fail(RULE_TIP, detail + " (levels and positions are 1-based)");
        }
        if (content.isFork() && content.children().isEmpty()) {
            throw fail(RULE_SPLIT, detail);
        }
        int deepest = levels.size();
        if (level == 1) {
            if (content.isFork()) {
                throw fail(RULE_LEVEL_ONE, detail + " (a split cannot be the root)");
            }
            if (deepest > 0) {
                throw fail(position == 1 ? RULE_FINAL : RULE_LEVEL_ONE, detail);
            }
            if (position != 1) {
                throw fail(RULE_LEVEL_ONE, detail);
            }
        } else {
            if (deepest == 0) {
                throw fail(RULE_LEVEL_ONE, detail + " (add the root at 1-1 first)");
            }
            if (level > deepest + 1) {
                throw fail(RULE_TIP, detail + " (no branch reaches level " + (level - 1) + ")");
            }
            List<Slot> s = slots(level);
            if (position > s.size()) {
                throw fail(RULE_TIP, detail + " (level " + level + " has " + s.size() + " slot(s))");
            }
            if (s.get(position - 1).filled() != null) {
                throw fail(RULE_FINAL, detail + " (it holds " + s.get(position - 1).filled().label() + ")");
            }
            if (level < deepest) {
                throw fail(RULE_LEVEL_BY_LEVEL, detail + " (level " + (level + 1) + " already has a filled slot)");
            }
        }
        List<String> newNames = new ArrayList<>();
        Deque<Node> stack = new ArrayDeque<>();
        stack.push(content);
        while (!stack.isEmpty()) {
            Node n = stack.pop();
            if (!n.isFork()) {
                newNames.add(n.part().name());
            }
            n.children().forEach(stack::push);
        }
        Set<String> fresh = new HashSet<>();
        for (String name : newNames) {
            if (names.contains(name) || !fresh.add(name)) {
                throw fail(RULE_UNIQUE, detail + " (a part named '" + name + "' is already in the cycle)");
            }
        }
        names.addAll(fresh);
        attach(content, level, position);
    }

    /**
     * Links a node into a slot known to be open, then addresses it and its subtree level by level.
     * Each level of the subtree costs one pass over that level's slots, whatever the number of new
     * nodes on it.
     */
    private void attach(Node content, int level, int position) {
        Node owner = level == 1 ? null : slots(level).get(position - 1).owner();
        if (owner != null && !owner.isFork()) {
            owner.children().add(content);
        }
        content.parent(owner);
        Set<Node> fresh = Collections.newSetFromMap(new IdentityHashMap<>());
        fresh.add(content);
        for (int lvl = level; !fresh.isEmpty(); lvl++) {
            addLevel(lvl, fresh);
            Set<Node> next = Collections.newSetFromMap(new IdentityHashMap<>());
            for (Node n : fresh) {
                next.addAll(n.children());
            }
            fresh = next;
        }
    }

    /**
     * Gives the new nodes of a level the positions of the slots they fill, and rebuilds the level's
     * list in slot order. Every filled slot of the level holds a node that already has its address
     * or is one of the new ones.
     */
    private void addLevel(int level, Set<Node> fresh) {
        while (levels.size() < level) {
            levels.add(new ArrayList<>());
        }
        if (level == 1) {
            Node root = fresh.iterator().next();
            root.address(new SlotAddress(1, 1));
            levels.set(0, new ArrayList<>(List.of(root)));
            return;
        }
        List<Slot> s = slots(level);
        List<Node> ordered = new ArrayList<>(s.size());
        for (int i = 0; i < s.size(); i++) {
            Node f = s.get(i).filled();
            if (f == null) {
                continue;
            }
            if (fresh.contains(f)) {
                f.address(new SlotAddress(level, i + 1));
            }
            if (f.address() == null) {
                throw new IllegalStateException("slot " + level + "-" + (i + 1) + " holds " + f.label()
                        + ", which was never placed");
            }
            ordered.add(f);
        }
        levels.set(level - 1, ordered);
    }

    /**
     * Makes a detached copy of a built tree, for inserting a cycle into another.
     *
     * @param root the root of the tree
     * @param copies receives each node of the tree with its copy
     * @return the copy, not addressed
     */
    public static Node copy(Node root, Map<Node, Node> copies) {
        Node copy = new Node(root.part());
        copies.put(root, copy);
        Deque<Node[]> stack = new ArrayDeque<>();
        stack.push(new Node[] {root, copy});
        while (!stack.isEmpty()) {
            Node[] pair = stack.pop();
            for (Node c : pair[0].children()) {
                Node cc = new Node(c.part());
                copies.put(c, cc);
                cc.parent(pair[1]);
                pair[1].children().add(cc);
                stack.push(new Node[] {c, cc});
            }
        }
        return copy;
    }

    /**
     * Creates a fork node whose children are the given nodes.
     *
     * @param children the children's nodes
     * @return the fork
     */
    public static Node fork(List<Node> children) {
        Node f = new Node((CyclePart) null);
        for (Node c : children) {
            c.parent(f);
            f.children().add(c);
        }
        return f;
    }
}
