package dev.suitkaise.cycle.internal;

import dev.suitkaise.cycle.CycleContext;
import dev.suitkaise.cycle.SyncMode;
import dev.suitkaise.thread.SKThreader;

import java.time.Duration;
import java.util.List;
import java.util.Map;
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
 */
public record CycleSpec(String name, Node root, List<List<Node>> levels, SyncMode syncMode, int limit,
                        List<Edge> edges, Map<String, Predicate<CycleContext>> conditions,
                        SKThreader threader, Duration abandonAfter) {

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
}
