package dev.suitkaise.cycle;

import dev.suitkaise.cycle.internal.CycleSpec;
import dev.suitkaise.cycle.internal.Node;
import dev.suitkaise.cycle.internal.SlotTree;
import dev.suitkaise.cycle.internal.TreeText;
import dev.suitkaise.reg.Domain;
import dev.suitkaise.thread.SKThreader;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Places parts and sub-cycles in a tree of slots addressed by (level, position), both 1-based, and
 * adds sync modes; {@link #build()} makes the {@link Cycle}. Get one from {@link Cycle#builder(String)}.
 *
 * <h2>Slot rules</h2>
 * <ul>
 * <li>{@link #add(CycleElement, int, int)} fills a slot with a part (or a cycle's whole tree, rooted
 * at that slot); {@link #split(List, int, int)} fills a slot with a fork whose k elements occupy k
 * new slots on the next level.</li>
 * <li>Level 1 holds exactly one added part, at (1,1).</li>
 * <li>A branch grows only at its tip: the slot directly below its last filled slot. A tip that is
 * never filled ends the branch.</li>
 * <li>Positions on a level are numbered 1..n left to right in tree order: after {@code add(a, 1)}
 * and {@code split([b, c, d], 2)} the slots 1-1, 2-1 and 3-1, 3-2, 3-3 are filled and level 4 can be
 * filled at positions 1, 2 or 3 (below b, c or d).</li>
 * <li>Build level by level: once a slot on level L+1 is filled, level L takes no more. A filled slot
 * is final.</li>
 * </ul>
 * Every call that breaks a rule throws a {@link CycleBuildException} naming the rule and listing the
 * open slots, and leaves the builder unchanged. Part names are unique within a cycle.
 *
 * <h2>Sync settings</h2>
 * The design's sync modes map to this API as {@link SyncMode} lists: {@link #sync(SyncMode)} (level,
 * parallel, independent for the whole cycle), {@link #sync(SlotAddress, SyncMode)} (the same for one
 * split's subtree), {@link #after} (sequential), {@link #pipe} (pipeline), {@link #when} (conditional),
 * {@link #limit(int)} and {@link #limit(SlotAddress, int)} (rate limit). A split is named by the address
 * of its own slot: after {@code add(a, 1)} and {@code split([b, c, d], 2)} the split is at 2-1 and its
 * parts at 3-1..3-3. A mode set for the whole cycle with {@link #sync(SyncMode)} (even
 * {@link SyncMode#PARALLEL}) wins: every split's mode is then ignored. Limits nest instead: a part
 * starts only when the cycle-wide limit and the limit of every split above it have room.
 * Settings of a cycle added into this one are not carried over; set them on the new addresses.
 *
 * <p>All methods are thread-safe (they synchronize on the builder) and never block otherwise.
 * Closing the builder (or building it) makes every later change fail with
 * {@link IllegalStateException}.
 */
public final class CycleBuilder implements AutoCloseable {

    private final SlotTree tree = new SlotTree();
    private final List<CycleSpec.Edge> edges = new ArrayList<>();
    private final Map<String, Predicate<CycleContext>> conditions = new LinkedHashMap<>();
    private String name;
    private SyncMode syncMode = SyncMode.PARALLEL;
    private boolean syncExplicit;
    private final Map<SlotAddress, SyncMode> splitModes = new LinkedHashMap<>();
    private final Map<SlotAddress, Integer> splitLimits = new LinkedHashMap<>();
    private int limit;
    private SKThreader threader;
    private Duration abandonAfter = Duration.ofSeconds(1);
    private boolean closed;

    CycleBuilder(String name) {
        this.name = checkName(name);
    }

    private static String checkName(String name) {
        Objects.requireNonNull(name, "name");
        if (name.isBlank()) {
            throw new IllegalArgumentException("a cycle's name must not be blank");
        }
        return name;
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("cycle builder '" + name + "' is closed or already built");
        }
    }

    private static Node nodeOf(CycleElement element) {
        return switch (Objects.requireNonNull(element, "element")) {
            case CyclePart p -> new Node(p);
            case Cycle c -> SlotTree.copy(c.spec().root());
        };
    }

    private static String describe(CycleElement element) {
        return switch (element) {
            case CyclePart p -> "add part '" + p.name() + "'";
            case Cycle c -> "add cycle '" + c.name() + "'";
        };
    }

    /**
     * Fills a slot with a part, or with a cycle's whole tree rooted at that slot.
     *
     * @param element the part or cycle
     * @param level the level, 1-based
     * @param position the position on the level, 1-based
     * @return this builder
     * @throws CycleBuildException if a slot rule is broken
     */
    public synchronized CycleBuilder add(CycleElement element, int level, int position) {
        checkOpen();
        tree.place(describe(element), nodeOf(element), level, position);
        return this;
    }

    /**
     * Like {@link #add(CycleElement, int, int)} at position 1.
     *
     * @param element the part or cycle
     * @param level the level, 1-based
     * @return this builder
     * @throws CycleBuildException if a slot rule is broken
     */
    public CycleBuilder add(CycleElement element, int level) {
        return add(element, level, 1);
    }

    /**
     * Fills a slot with a fork whose elements occupy k new slots on the next level, in list order;
     * each element is a part or a cycle (whose whole tree hangs there).
     *
     * @param elements the parts and cycles, at least one
     * @param level the level of the fork, at least 2
     * @param position the position of the fork
     * @return this builder
     * @throws CycleBuildException if a slot rule is broken
     */
    public synchronized CycleBuilder split(List<? extends CycleElement> elements, int level, int position) {
        checkOpen();
        List<Node> children = new ArrayList<>();
        for (CycleElement e : Objects.requireNonNull(elements, "elements")) {
            children.add(nodeOf(e));
        }
        List<String> names = elements.stream().map(CycleElement::name).toList();
        tree.place("split " + names, SlotTree.fork(children), level, position);
        return this;
    }

    /**
     * Like {@link #split(List, int, int)} at position 1.
     *
     * @param elements the parts and cycles, at least one
     * @param level the level of the fork
     * @return this builder
     * @throws CycleBuildException if a slot rule is broken
     */
    public CycleBuilder split(List<? extends CycleElement> elements, int level) {
        return split(elements, level, 1);
    }

    /**
     * Sets the cycle-wide sync mode (default {@link SyncMode#PARALLEL}). Once set, it wins over every
     * split's mode ({@link #sync(SlotAddress, SyncMode)}).
     *
     * @param mode the mode
     * @return this builder
     */
    public synchronized CycleBuilder sync(SyncMode mode) {
        checkOpen();
        this.syncMode = Objects.requireNonNull(mode, "mode");
        this.syncExplicit = true;
        return this;
    }

    /**
     * Sets the sync mode of one split's subtree (the split's parts and everything below them):
     * {@link SyncMode#LEVEL} puts a barrier per level inside the subtree only; {@link SyncMode#PARALLEL}
     * is the default; {@link SyncMode#INDEPENDENT} is allowed on the root's split only (the first split
     * below the root), where it makes its branches loop on their own in a continuous run. Ignored when
     * a cycle-wide mode is set with {@link #sync(SyncMode)}. The address is checked when the cycle is
     * built, so it may name a split placed later; setting a split's mode again replaces it.
     *
     * @param split the address of the split's own slot (e.g. 2-1 for {@code split(parts, 2)})
     * @param mode the mode
     * @return this builder
     */
    public synchronized CycleBuilder sync(SlotAddress split, SyncMode mode) {
        checkOpen();
        splitModes.put(Objects.requireNonNull(split, "split"), Objects.requireNonNull(mode, "mode"));
        return this;
    }

    /**
     * Rate limit of one split: never more than {@code n} parts of the split's subtree (its parts and
     * everything below them) running at once, over all runs of the cycle in progress. It nests with the cycle-wide {@link #limit(int)} and
     * the limits of enclosing splits: a part starts only when all of them have room. The address is
     * checked when the cycle is built; setting a split's limit again replaces it.
     *
     * @param split the address of the split's own slot (e.g. 2-1 for {@code split(parts, 2)})
     * @param n the limit, at least 1
     * @return this builder
     */
    public synchronized CycleBuilder limit(SlotAddress split, int n) {
        checkOpen();
        Objects.requireNonNull(split, "split");
        if (n < 1) {
            throw new IllegalArgumentException("a rate limit must be at least 1, got " + n + " for the split at " + split);
        }
        splitLimits.put(split, n);
        return this;
    }

    /**
     * Sequential: {@code part} starts only after {@code waitsFor} has ended, and runs only if
     * {@code waitsFor} lets its dependents run (see {@link ErrorMode}). Both must be in the cycle
     * when it is built; an edge that would form a loop fails the build.
     *
     * @param part the later part
     * @param waitsFor the earlier part
     * @return this builder
     */
    public synchronized CycleBuilder after(CyclePart part, CyclePart waitsFor) {
        checkOpen();
        edges.add(new CycleSpec.Edge(waitsFor.name(), part.name(), false, null));
        return this;
    }

    /**
     * Pipeline: {@code to} starts after {@code from} and receives its output as
     * {@link CycleContext#input()}. A part takes at most one pipe. Both must be in the cycle when it
     * is built; an edge that would form a loop fails the build.
     *
     * @param from the producing part
     * @param to the consuming part
     * @return this builder
     */
    public synchronized CycleBuilder pipe(CyclePart from, CyclePart to) {
        checkOpen();
        edges.add(new CycleSpec.Edge(from.name(), to.name(), true, null));
        return this;
    }

    /**
     * Like {@link #pipe(CyclePart, CyclePart)}, validating the value on arrival, on {@code to}'s
     * thread before its function runs: a rejected value fails {@code to} with a
     * {@link CycleValidationException}, handled by its error mode.
     *
     * @param from the producing part
     * @param to the consuming part
     * @param validator true to accept the value
     * @return this builder
     */
    public synchronized CycleBuilder pipe(CyclePart from, CyclePart to, Predicate<Object> validator) {
        checkOpen();
        edges.add(new CycleSpec.Edge(from.name(), to.name(), true, Objects.requireNonNull(validator, "validator")));
        return this;
    }

    /**
     * Conditional: the part and its subtree run only if the condition holds (checked on the part's
     * thread when the part is due; together with the part's own condition).
     *
     * @param part the part
     * @param condition true to run
     * @return this builder
     */
    public synchronized CycleBuilder when(CyclePart part, Predicate<CycleContext> condition) {
        checkOpen();
        Objects.requireNonNull(condition, "condition");
        conditions.merge(part.name(), condition, Predicate::and);
        return this;
    }

    /**
     * Rate limit: never more than {@code n} parts of the cycle running at once, counted over all runs
     * of the cycle in progress (concurrent {@link Cycle#runOnce()} calls and the branch loops of
     * {@link SyncMode#INDEPENDENT}). A part abandoned after its timeout no longer counts.
     *
     * @param n the limit, at least 1
     * @return this builder
     */
    public synchronized CycleBuilder limit(int n) {
        checkOpen();
        if (n < 1) {
            throw new IllegalArgumentException("a rate limit must be at least 1, got " + n);
        }
        this.limit = n;
        return this;
    }

    /**
     * Sets the threader whose pooled threads and workers run the parts (default
     * {@link SKThreader#get()}).
     *
     * @param threader the threader
     * @return this builder
     */
    public synchronized CycleBuilder threader(SKThreader threader) {
        checkOpen();
        this.threader = Objects.requireNonNull(threader, "threader");
        return this;
    }

    /**
     * Sets how long an interrupted part (timed out or cancelled) may take to stop before it is
     * reported as abandoned and the run goes on without it (default 1 s).
     *
     * @param grace a non-negative duration
     * @return this builder
     */
    public synchronized CycleBuilder abandonAfter(Duration grace) {
        checkOpen();
        if (grace.isNegative()) {
            throw new IllegalArgumentException("the abandon grace must not be negative, got " + grace);
        }
        this.abandonAfter = grace;
        return this;
    }

    /**
     * Returns the slots that may be filled now.
     *
     * @return the open slots, in level then position order
     */
    public synchronized List<SlotAddress> openSlots() {
        return tree.openSlots();
    }

    /**
     * Describes the tree built so far: every filled slot with its level and position, indented by
     * depth, the sync settings of the cycle and of its splits, the sequential and pipe edges, and the
     * open slots.
     *
     * @return the description
     */
    public synchronized String describe() {
        Map<SlotAddress, String> notes = new LinkedHashMap<>();
        splitModes.forEach((a, m) -> notes.put(a, "sync " + m + (syncExplicit ? ", ignored" : "")));
        splitLimits.forEach((a, n) -> notes.merge(a, "limit " + n, (x, y) -> x + ", " + y));
        return TreeText.describe(name, tree.root(), edges, tree.openSlots(), settings(syncExplicit, syncMode, limit),
                notes);
    }

    /**
     * The cycle-wide settings as text.
     *
     * @param explicit whether the mode was set
     * @param mode the mode
     * @param limit the limit, 0 for none
     * @return e.g. "sync LEVEL, limit 4", empty for the defaults
     */
    static String settings(boolean explicit, SyncMode mode, int limit) {
        String s = explicit ? "sync " + mode : "";
        if (limit > 0) {
            s = s.isEmpty() ? "limit " + limit : s + ", limit " + limit;
        }
        return s;
    }

    /**
     * Renders the tree built so far as a Mermaid flowchart.
     *
     * @return the Mermaid source
     */
    public synchronized String toMermaid() {
        return TreeText.mermaid(tree.root(), edges);
    }

    /**
     * Builds the cycle and closes the builder.
     *
     * @return the cycle
     * @throws CycleBuildException if the tree is empty, an edge or condition names a part that is not
     *         in the cycle, a part takes more than one pipe, or the edges would form a loop
     */
    public synchronized Cycle build() {
        checkOpen();
        if (tree.root() == null) {
            throw new CycleBuildException(SlotTree.RULE_LEVEL_ONE, "cannot build cycle '" + name + "': it is empty",
                    tree.openSlots());
        }
        Map<String, Node> parts = new HashMap<>();
        for (List<Node> level : tree.levels()) {
            for (Node n : level) {
                if (!n.isFork()) {
                    parts.put(n.part().name(), n);
                }
            }
        }
        Set<String> piped = new java.util.HashSet<>();
        for (CycleSpec.Edge e : edges) {
            for (String p : List.of(e.from(), e.to())) {
                if (!parts.containsKey(p)) {
                    throw new CycleBuildException("edges join parts of this cycle", "cannot build cycle '" + name
                            + "': " + (e.pipe() ? "a pipe" : "an after edge") + " names part '" + p
                            + "', which is not in the cycle", tree.openSlots());
                }
            }
            if (e.pipe() && !piped.add(e.to())) {
                throw new CycleBuildException("a part takes at most one pipe", "cannot build cycle '" + name
                        + "': part '" + e.to() + "' has two pipes into it", tree.openSlots());
            }
        }
        for (String p : conditions.keySet()) {
            if (!parts.containsKey(p)) {
                throw new CycleBuildException("conditions name parts of this cycle", "cannot build cycle '" + name
                        + "': a condition names part '" + p + "', which is not in the cycle", tree.openSlots());
            }
        }
        checkNoLoop(parts);
        List<CycleSpec.SplitRule> rules = splitRules();
        checkLevelBarriers(parts, rules);
        Node rootSplit = rootSplit();
        boolean independent = syncExplicit ? syncMode == SyncMode.INDEPENDENT
                : rootSplit != null && splitModes.get(rootSplit.address()) == SyncMode.INDEPENDENT;
        Set<Node> trunk = null;
        List<CycleSpec.Branch> branches = List.of();
        if (independent && rootSplit != null) {
            trunk = new java.util.HashSet<>();
            for (Node n = rootSplit.parent(); n != null; n = n.parent()) {
                trunk.add(n);
            }
            branches = branches(rootSplit);
        }
        closed = true;
        List<List<Node>> levels = tree.levels().stream().map(List::copyOf).toList();
        CycleSpec spec = new CycleSpec(name, tree.root(), levels, syncMode, limit, List.copyOf(edges),
                Map.copyOf(conditions), threader == null ? SKThreader.get() : threader, abandonAfter, rules,
                trunk == null ? null : Set.copyOf(trunk), branches);
        return new Cycle(spec);
    }

    /** The first split below the root, following the trunk's single slots; null if there is none. */
    private Node rootSplit() {
        Node n = tree.root();
        while (n != null && !n.isFork()) {
            n = n.children().isEmpty() ? null : n.children().get(0);
        }
        return n;
    }

    /** The effective settings of single splits, checking that each address names a split. */
    private List<CycleSpec.SplitRule> splitRules() {
        Map<SlotAddress, Node> forks = new LinkedHashMap<>();
        for (List<Node> level : tree.levels()) {
            for (Node n : level) {
                if (n.isFork()) {
                    forks.put(n.address(), n);
                }
            }
        }
        Set<SlotAddress> named = new java.util.LinkedHashSet<>(splitModes.keySet());
        named.addAll(splitLimits.keySet());
        for (SlotAddress a : named) {
            if (!forks.containsKey(a)) {
                String holds = tree.levels().stream().flatMap(List::stream).filter(n -> n.address().equals(a))
                        .findFirst().map(n -> "it holds part '" + n.label() + "'").orElse("it is not filled");
                throw new CycleBuildException("split sync settings name the slot of a split", "cannot build cycle '"
                        + name + "': a sync setting names slot " + a + ", but " + holds + "; the splits are at "
                        + forks.keySet(), tree.openSlots());
            }
        }
        Node rootSplit = rootSplit();
        List<CycleSpec.SplitRule> rules = new ArrayList<>();
        for (Map.Entry<SlotAddress, Node> f : forks.entrySet()) {
            SyncMode mode = splitModes.get(f.getKey());
            if (mode == SyncMode.INDEPENDENT && f.getValue() != rootSplit) {
                throw new CycleBuildException("independent applies to the whole cycle or to the root's split",
                        "cannot build cycle '" + name + "': the split at " + f.getKey() + " is set to INDEPENDENT, but"
                        + " only the root's split (" + (rootSplit == null ? "none" : rootSplit.address()) + ") can loop"
                        + " its branches independently; use LEVEL or PARALLEL there", tree.openSlots());
            }
            boolean level = !syncExplicit && mode == SyncMode.LEVEL;
            int n = splitLimits.getOrDefault(f.getKey(), 0);
            if (level || n > 0) {
                rules.add(new CycleSpec.SplitRule(f.getValue(), level, n));
            }
        }
        return List.copyOf(rules);
    }

    /** The branches of the root's split; refuses edges between two of them. */
    private List<CycleSpec.Branch> branches(Node rootSplit) {
        List<CycleSpec.Branch> out = new ArrayList<>();
        Map<String, Integer> branchOf = new HashMap<>();
        for (Node head : rootSplit.children()) {
            Set<Node> nodes = new java.util.HashSet<>();
            ArrayDeque<Node> stack = new ArrayDeque<>();
            stack.push(head);
            while (!stack.isEmpty()) {
                Node n = stack.pop();
                if (!n.isFork()) {
                    nodes.add(n);
                    branchOf.put(n.part().name(), out.size());
                }
                n.children().forEach(stack::push);
            }
            out.add(new CycleSpec.Branch(head.part().name(), Set.copyOf(nodes)));
        }
        for (CycleSpec.Edge e : edges) {
            Integer from = branchOf.get(e.from());
            Integer to = branchOf.get(e.to());
            if (from != null && to != null && !from.equals(to)) {
                throw new CycleBuildException("independent branches do not wait for each other", "cannot build cycle '"
                        + name + "': " + (e.pipe() ? "a pipe" : "an after edge") + " joins part '" + e.from()
                        + "' of branch '" + out.get(from).head() + "' to part '" + e.to() + "' of branch '"
                        + out.get(to).head() + "', but the branches loop independently; remove the edge or use"
                        + " PARALLEL", tree.openSlots());
            }
        }
        return List.copyOf(out);
    }

    /**
     * Under a level barrier (the whole cycle's, or a split's for its subtree) a part of level L must
     * not wait, through tree links and after/pipe edges, for a part of the same scope on a deeper
     * level: the barrier would hold that part until level L has ended, and the run would never end.
     */
    private void checkLevelBarriers(Map<String, Node> parts, List<CycleSpec.SplitRule> rules) {
        if (edges.isEmpty()) {
            return; // tree links alone always lead to shallower levels
        }
        Map<String, List<String>> waitsFor = new HashMap<>();
        for (CycleSpec.Edge e : edges) {
            waitsFor.computeIfAbsent(e.to(), k -> new ArrayList<>()).add(e.from());
        }
        Map<String, Node> scopes = new LinkedHashMap<>(); // the scope's fork; the root for the whole cycle
        if (syncExplicit && syncMode == SyncMode.LEVEL) {
            scopes.put("the cycle's LEVEL sync", tree.root());
        }
        for (CycleSpec.SplitRule r : rules) {
            if (r.level()) {
                scopes.put("the LEVEL sync of the split at " + r.fork().address(), r.fork());
            }
        }
        for (Map.Entry<String, Node> scope : scopes.entrySet()) {
            Set<String> members = new java.util.HashSet<>();
            ArrayDeque<Node> stack = new ArrayDeque<>();
            stack.push(scope.getValue());
            while (!stack.isEmpty()) {
                Node n = stack.pop();
                if (!n.isFork()) {
                    members.add(n.part().name());
                }
                n.children().forEach(stack::push);
            }
            for (String start : members) {
                int level = parts.get(start).address().level();
                Map<String, String> via = new HashMap<>();
                ArrayDeque<String> todo = new ArrayDeque<>();
                todo.push(start);
                via.put(start, null);
                while (!todo.isEmpty()) {
                    String p = todo.pop();
                    List<String> deps = new ArrayList<>(waitsFor.getOrDefault(p, List.of()));
                    Node parent = parts.get(p).parentPart();
                    if (parent != null) {
                        deps.add(parent.part().name());
                    }
                    for (String d : deps) {
                        if (via.containsKey(d)) {
                            continue;
                        }
                        via.put(d, p);
                        if (members.contains(d) && parts.get(d).address().level() > level) {
                            List<String> path = new ArrayList<>(); // start, ..., d
                            for (String x = d; x != null; x = via.get(x)) {
                                path.add(0, x);
                            }
                            throw new CycleBuildException("a level barrier cannot wait for a deeper level",
                                    "cannot build cycle '" + name + "': under " + scope.getKey() + ", part '" + start
                                    + "' on level " + level + " waits (" + String.join(" waits for ", path)
                                    + ") for part '" + d + "' on the deeper level " + parts.get(d).address().level()
                                    + ", which the barrier holds until level " + level + " has ended; remove the"
                                    + " after or pipe edge, or use PARALLEL", tree.openSlots());
                        }
                        todo.push(d);
                    }
                }
            }
        }
    }

    private void checkNoLoop(Map<String, Node> parts) {
        Map<String, List<String>> next = new HashMap<>();
        Map<String, Integer> indegree = new HashMap<>();
        parts.keySet().forEach(p -> indegree.put(p, 0));
        for (Node n : parts.values()) {
            Node parent = n.parentPart();
            if (parent != null) {
                next.computeIfAbsent(parent.part().name(), k -> new ArrayList<>()).add(n.part().name());
                indegree.merge(n.part().name(), 1, Integer::sum);
            }
        }
        for (CycleSpec.Edge e : edges) {
            next.computeIfAbsent(e.from(), k -> new ArrayList<>()).add(e.to());
            indegree.merge(e.to(), 1, Integer::sum);
        }
        ArrayDeque<String> ready = new ArrayDeque<>();
        indegree.forEach((k, v) -> {
            if (v == 0) {
                ready.add(k);
            }
        });
        int seen = 0;
        while (!ready.isEmpty()) {
            String p = ready.poll();
            seen++;
            for (String q : next.getOrDefault(p, List.of())) {
                if (indegree.merge(q, -1, Integer::sum) == 0) {
                    ready.add(q);
                }
            }
        }
        if (seen < parts.size()) {
            List<String> loop = indegree.entrySet().stream().filter(e -> e.getValue() > 0).map(Map.Entry::getKey)
                    .sorted().toList();
            throw new CycleBuildException("after and pipe edges must not form a loop", "cannot build cycle '" + name
                    + "': parts " + loop + " are in or behind a loop of tree links, after and pipe edges; remove an"
                    + " edge of the loop",
                    tree.openSlots());
        }
    }

    /**
     * Builds the cycle, closes the builder and registers the cycle under the given name in the
     * {@link Domain#GLOBAL} {@link CycleReg}.
     *
     * @param registeredName the name in the registry (also the cycle's name)
     * @return the cycle
     * @throws CycleBuildException as {@link #build()} does
     * @throws dev.suitkaise.reg.SKRegException if the name is taken
     */
    public Cycle buildAndRegister(String registeredName) {
        return buildAndRegister(registeredName, CycleReg.of(Domain.GLOBAL));
    }

    /**
     * Builds the cycle, closes the builder and registers the cycle under the given name.
     *
     * @param registeredName the name in the registry (also the cycle's name)
     * @param registry the registry
     * @return the cycle
     * @throws CycleBuildException as {@link #build()} does
     * @throws dev.suitkaise.reg.SKRegException if the name is taken
     */
    public synchronized Cycle buildAndRegister(String registeredName, CycleReg registry) {
        checkOpen();
        String previous = name;
        this.name = checkName(registeredName);
        Cycle cycle;
        try {
            cycle = build();
        } catch (CycleBuildException e) {
            this.name = previous;
            throw e;
        }
        registry.register(registeredName, cycle);
        return cycle;
    }

    /**
     * Closes the builder: every later change or build fails. Idempotent.
     */
    @Override
    public synchronized void close() {
        closed = true;
    }
}
