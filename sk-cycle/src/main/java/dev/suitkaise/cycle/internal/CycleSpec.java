package dev.suitkaise.cycle.internal;

import dev.suitkaise.cycle.CycleContext;
import dev.suitkaise.cycle.SyncMode;
import dev.suitkaise.thread.SKThreader;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Everything a built cycle is made of. Immutable once built.
 *
 * @param name the cycle's name
 * @param root the root node
 * @param levels the nodes per level, in tree order
 * @param syncMode the cycle-wide sync mode
 * @param limit the most parts running at once, 0 for no limit
 * @param edges sequential and pipe edges
 * @param conditions extra conditions by part name
 * @param threader the threader that runs the parts
 * @param abandonAfter how long an interrupted part may take to stop before it is abandoned
 * @param splitRules the effective settings of single splits and of added cycles' scopes (a cycle-wide mode
 *                   already applied), at most one per top node
 * @param trunk the parts of the trunk when the branches of the root's split loop independently, else null
 * @param branches the branches of the root's split when they loop independently, else empty
 */
public record CycleSpec(String name, Node root, List<List<Node>> levels, SyncMode syncMode, int limit,
                        List<Edge> edges, Map<String, Predicate<CycleContext>> conditions,
                        SKThreader threader, Duration abandonAfter, List<SplitRule> splitRules,
                        Set<Node> trunk, List<Branch> branches) {

    /**
     * An edge between two parts: {@code to} runs after {@code from}; a pipe also carries the output.
     *
     * @param from the earlier part's name
     * @param to the later part's name
     * @param pipe true for a pipe
     * @param validator the pipe's validator of the value on arrival, null for none
     */
    public record Edge(String from, String to, boolean pipe, Predicate<Object> validator) {
    }

    /**
     * The settings of one scope: a split's subtree (its parts and everything below them), or a part
     * and its subtree when a cycle with cycle-wide settings was added into this one at that part.
     *
     * @param top the split's node, or the part's node; the scope is this node's part (if any) and
     *            every part below it
     * @param level true for a barrier per level within the scope
     * @param limit the most parts of the scope running at once, 0 for no limit
     */
    public record SplitRule(Node top, boolean level, int limit) {
    }

    /**
     * A branch of the root's split that loops on its own.
     *
     * @param head the name of the branch's first part
     * @param parts the branch's part nodes
     */
    public record Branch(String head, Set<Node> parts) {
    }

    /**
     * Tells whether the branches of the root's split loop independently in a continuous run.
     *
     * @return true under an effective {@link SyncMode#INDEPENDENT} with a root split
     */
    public boolean independent() {
        return trunk != null;
    }
}
