package dev.suitkaise.cycle.internal;

import dev.suitkaise.cycle.CyclePart;
import dev.suitkaise.cycle.SlotAddress;

import java.util.ArrayList;
import java.util.List;

/**
 * A filled slot: a part, or a fork (a split) whose children sit on the next level. Mutable only
 * while its builder places it; frozen once the cycle is built.
 */
public final class Node {
    private final CyclePart part;
    private final List<Node> children = new ArrayList<>();
    private Node parent;
    private SlotAddress address;

    /**
     * Creates a node.
     *
     * @param part the part, or null for a fork
     */
    public Node(CyclePart part) {
        this.part = part;
    }

    /**
     * Returns the part.
     *
     * @return the part, null for a fork
     */
    public CyclePart part() {
        return part;
    }

    /**
     * Tells whether this is a fork.
     *
     * @return true for a fork
     */
    public boolean isFork() {
        return part == null;
    }

    /**
     * Returns the children, left to right.
     *
     * @return the live list
     */
    public List<Node> children() {
        return children;
    }

    /**
     * Returns the parent slot's node.
     *
     * @return the parent, null at the root
     */
    public Node parent() {
        return parent;
    }

    void parent(Node p) {
        this.parent = p;
    }

    /**
     * Returns the slot address.
     *
     * @return the address
     */
    public SlotAddress address() {
        return address;
    }

    void address(SlotAddress a) {
        this.address = a;
    }

    /**
     * Returns the nearest part above this node.
     *
     * @return the parent part's node, null if none
     */
    public Node parentPart() {
        Node p = parent;
        while (p != null && p.isFork()) {
            p = p.parent;
        }
        return p;
    }

    /**
     * Returns the name shown in descriptions.
     *
     * @return the part's name or "split"
     */
    public String label() {
        return part == null ? "split" : part.name();
    }
}
