package dev.suitkaise.cycle;

import dev.suitkaise.cycle.internal.CycleSpec;
import dev.suitkaise.cycle.internal.Durations;
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
 *
 * <h2>Adding a cycle</h2>
 * Adding a built cycle copies its tree and brings along its {@link #after} and {@link #pipe} edges, its
 * {@link #when} conditions and its sync settings, at the new addresses: each split's effective LEVEL
 * and limit move to the split's new address (a setting made here on that address replaces them), its
 * cycle-wide LEVEL and limit apply to its root part and every part below it, and a cycle-wide mode set
 * here wins over its LEVEL as over any split's. A cycle whose branches loop independently
 * ({@link SyncMode#INDEPENDENT}) can only be added at 1-1, where its root split becomes this cycle's;
 * anywhere else the add is refused. Its threader and abandon grace are not brought: this cycle's apply.
 *
 * <h2>Loops</h2>
 * {@link #build()} refuses a cycle whose parts would wait for each other in a loop, so that a run would
 * never end: a part waits for its parent part, for the parts it runs after or is piped from, and, under
 * a LEVEL barrier (the cycle's, a split's or an added cycle's), for every part of that scope on the
 * levels above its own. The error names the rule and every wait of the loop.
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
    /** Settings carried over from cycles added into this one, by the node they apply to. */
    private final Map<Node, Carried> carried = new LinkedHashMap<>();
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

    /** The name of a part given to {@code method} as {@code parameter}, refusing null with a message that names both. */
    private static String named(CyclePart part, String method, String parameter) {
        if (part == null) {
            throw new NullPointerException(method + ": " + parameter + " is null; pass a part made with CyclePart.of"
                    + " or CyclePart.builder and added to this builder");
        }
        return part.name();
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("cycle builder '" + name + "' is closed or already built");
        }
    }

    /**
     * Settings of an added cycle, carried over to the node they apply to in this one (or a scope's
     * settings once those made here are applied, see {@link #withSetHere}).
     *
     * @param mode {@link SyncMode#LEVEL}, {@link SyncMode#INDEPENDENT} (a root split only), a mode set
     *             here, or null
     * @param limit the scope's limit, 0 for none
     */
    private record Carried(SyncMode mode, int limit) {
        static final Carried NONE = new Carried(null, 0);

        Carried with(Carried o) {
            SyncMode m = mode == SyncMode.INDEPENDENT || o.mode == SyncMode.INDEPENDENT ? SyncMode.INDEPENDENT
                    : mode == SyncMode.LEVEL || o.mode == SyncMode.LEVEL ? SyncMode.LEVEL : null;
            int n = limit == 0 ? o.limit : o.limit == 0 ? limit : Math.min(limit, o.limit);
            return new Carried(m, n);
        }
    }

    /** The node to place for an element: the part's, or a copy of the cycle's tree (noting each copy). */
    private static Node nodeOf(CycleElement element, Map<Node, Node> copies) {
        return switch (Objects.requireNonNull(element, "element")) {
            case CyclePart p -> new Node(p);
            case Cycle c -> SlotTree.copy(c.spec().root(), copies);
        };
    }

    /** The first split below a tree's root, following its single slots; null if there is none. */
    private static Node rootSplit(Node root) {
        Node n = root;
        while (n != null && !n.isFork()) {
            n = n.children().isEmpty() ? null : n.children().get(0);
        }
        return n;
    }

    /**
     * Refuses a cycle whose settings could not work at the slot it is added to: the branches of an
     * independent cycle loop on their own only below the root's split, so such a cycle can only be
     * added at 1-1, where its root split becomes this cycle's root split.
     */
    private void checkCarriable(CycleElement element, String what, int level, int position, boolean inSplit) {
        if (element instanceof Cycle c && c.spec().independent() && (level != 1 || inSplit)) {
            throw new CycleBuildException("independent applies to the whole cycle or to the root's split",
                    "cannot " + what + " at " + level + "-" + position + ": the branches of cycle '" + c.name()
                    + "' loop independently (INDEPENDENT), which only the branches of the root's split of a"
                    + " cycle can do; add it at 1-1, or build it without INDEPENDENT and set the mode on its new"
                    + " split address here", tree.openSlots());
        }
    }

    /**
     * Carries an added cycle's edges, conditions and settings over to the copies of its nodes:
     * its after and pipe edges and its conditions (part names stay unique), each split's effective
     * LEVEL and limit at the split's new address, its cycle-wide LEVEL and limit over its root part
     * and everything below it, and INDEPENDENT at its root split (added at 1-1 only).
     */
    private void carry(CycleElement element, Map<Node, Node> copies) {
        if (!(element instanceof Cycle c)) {
            return;
        }
        CycleSpec s = c.spec();
        edges.addAll(s.edges());
        s.conditions().forEach((part, condition) -> conditions.merge(part, condition, Predicate::and));
        for (CycleSpec.SplitRule r : s.splitRules()) {
            carry(copies.get(r.top()), new Carried(r.level() ? SyncMode.LEVEL : null, r.limit()));
        }
        if (s.syncMode() == SyncMode.LEVEL || s.limit() > 0) {
            carry(copies.get(s.root()), new Carried(s.syncMode() == SyncMode.LEVEL ? SyncMode.LEVEL : null, s.limit()));
        }
        if (s.independent()) {
            carry(copies.get(rootSplit(s.root())), new Carried(SyncMode.INDEPENDENT, 0));
        }
    }

    private void carry(Node node, Carried settings) {
        carried.merge(Objects.requireNonNull(node, "node of an added cycle"), settings, Carried::with);
    }

    /**
     * The one place of the rule that a setting made here beats a carried one: the mode and the limit
     * set here on an address replace, each on its own, those carried to that address.
     *
     * @param address the scope's address
     * @param from the settings carried there, {@link Carried#NONE} for none
     * @return the settings in effect
     */
    private Carried withSetHere(SlotAddress address, Carried from) {
        return new Carried(splitModes.getOrDefault(address, from.mode()),
                splitLimits.getOrDefault(address, from.limit()));
    }

    private static String describe(CycleElement element) {
        return switch (element) {
            case CyclePart p -> "add part '" + p.name() + "'";
            case Cycle c -> "add cycle '" + c.name() + "'";
        };
    }

    /**
     * Fills a slot with a part, or with a cycle's whole tree rooted at that slot (with its edges,
     * conditions and sync settings, see "Adding a cycle" above).
     *
     * @param element the part or cycle
     * @param level the level, 1-based
     * @param position the position on the level, 1-based
     * @return this builder
     * @throws CycleBuildException if a slot rule is broken, or an independent cycle is added elsewhere
     *         than at 1-1
     */
    public synchronized CycleBuilder add(CycleElement element, int level, int position) {
        checkOpen();
        Map<Node, Node> copies = new HashMap<>();
        Node node = nodeOf(element, copies);
        checkCarriable(element, describe(element), level, position, false);
        tree.place(describe(element), node, level, position);
        carry(element, copies);
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
     * each element is a part or a cycle (whose whole tree hangs there, with its edges, conditions and
     * sync settings).
     *
     * @param elements the parts and cycles, at least one
     * @param level the level of the fork, at least 2
     * @param position the position of the fork
     * @return this builder
     * @throws CycleBuildException if a slot rule is broken, or an element is an independent cycle
     */
    public synchronized CycleBuilder split(List<? extends CycleElement> elements, int level, int position) {
        checkOpen();
        List<Node> children = new ArrayList<>();
        Map<Node, Node> copies = new HashMap<>();
        List<String> names = Objects.requireNonNull(elements, "elements").stream().map(CycleElement::name).toList();
        String what = "split " + names;
        for (CycleElement e : elements) {
            children.add(nodeOf(e, copies));
            checkCarriable(e, what, level, position, true);
        }
        tree.place(what, SlotTree.fork(children), level, position);
        for (CycleElement e : elements) {
            carry(e, copies);
        }
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
        edges.add(new CycleSpec.Edge(named(waitsFor, "after", "waitsFor"), named(part, "after", "part"), false, null));
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
        edges.add(new CycleSpec.Edge(named(from, "pipe", "from"), named(to, "pipe", "to"), true, null));
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
        edges.add(new CycleSpec.Edge(named(from, "pipe", "from"), named(to, "pipe", "to"), true,
                Objects.requireNonNull(validator, "pipe(from, to, validator): validator is null")));
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
        Objects.requireNonNull(condition, "when(part, condition): condition is null");
        conditions.merge(named(part, "when", "part"), condition, Predicate::and);
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
     * reported as abandoned and the run goes on without it (default 1 s). A grace longer than
     * 10,000 days counts as 10,000 days.
     *
     * @param grace a non-negative duration
     * @return this builder
     */
    public synchronized CycleBuilder abandonAfter(Duration grace) {
        checkOpen();
        Objects.requireNonNull(grace, "abandonAfter(grace): grace is null; pass Duration.ZERO to abandon at once");
        if (grace.isNegative()) {
            throw new IllegalArgumentException("the abandon grace must not be negative, got " + grace);
        }
        this.abandonAfter = Durations.cap(grace);
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
        Map<SlotAddress, Carried> scopes = new LinkedHashMap<>();
        Map<SlotAddress, Boolean> partScopes = new HashMap<>();
        carried.forEach((n, c) -> {
            scopes.put(n.address(), c);
            partScopes.put(n.address(), !n.isFork());
        });
        splitModes.keySet().forEach(a -> scopes.putIfAbsent(a, Carried.NONE));
        splitLimits.keySet().forEach(a -> scopes.putIfAbsent(a, Carried.NONE));
        Map<SlotAddress, String> notes = new LinkedHashMap<>();
        scopes.forEach((a, from) -> {
            Carried c = withSetHere(a, from);
            List<String> note = new ArrayList<>(2);
            if (c.mode() != null) {
                note.add("sync " + c.mode() + (syncExplicit ? ", ignored" : ""));
            }
            if (c.limit() > 0) {
                note.add("limit " + c.limit());
            }
            if (!note.isEmpty()) {
                notes.put(a, (partScopes.getOrDefault(a, false) ? "with the parts below it: " : "")
                        + String.join(", ", note));
            }
        });
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
     *         in the cycle, a part takes more than one pipe, or parts would wait for each other in a loop
     *         (through tree links, after and pipe edges, and LEVEL barriers)
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
        Map<Node, SyncMode> forkModes = new HashMap<>();
        List<CycleSpec.SplitRule> rules = splitRules(forkModes);
        checkNoLoop(rules, parts);
        Node rootSplit = rootSplit(tree.root());
        boolean independent = syncExplicit ? syncMode == SyncMode.INDEPENDENT
                : rootSplit != null && forkModes.get(rootSplit) == SyncMode.INDEPENDENT;
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

    /**
     * The effective settings of single splits and of the scopes of added cycles, checking that each
     * address set here names a split. A setting made here on a split's address replaces the one an
     * added cycle brought; a cycle-wide mode set here turns every LEVEL off.
     *
     * @param forkModes receives the mode of every split that has one
     */
    private List<CycleSpec.SplitRule> splitRules(Map<Node, SyncMode> forkModes) {
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
        Node rootSplit = rootSplit(tree.root());
        List<CycleSpec.SplitRule> rules = new ArrayList<>();
        for (Map.Entry<SlotAddress, Node> f : forks.entrySet()) {
            Carried set = withSetHere(f.getKey(), carried.getOrDefault(f.getValue(), Carried.NONE));
            SyncMode mode = set.mode() == null ? SyncMode.PARALLEL : set.mode();
            forkModes.put(f.getValue(), mode);
            if (mode == SyncMode.INDEPENDENT && f.getValue() != rootSplit) {
                throw new CycleBuildException("independent applies to the whole cycle or to the root's split",
                        "cannot build cycle '" + name + "': the split at " + f.getKey() + " is set to INDEPENDENT, but"
                        + " only the root's split (" + (rootSplit == null ? "none" : rootSplit.address()) + ") can loop"
                        + " its branches independently; use LEVEL or PARALLEL there", tree.openSlots());
            }
            boolean level = !syncExplicit && mode == SyncMode.LEVEL;
            int n = set.limit();
            if (level || n > 0) {
                rules.add(new CycleSpec.SplitRule(f.getValue(), level, n));
            }
        }
        for (List<Node> lvl : tree.levels()) {
            for (Node n : lvl) {
                Carried from = n.isFork() ? null : carried.get(n);
                if (from != null) {
                    boolean level = !syncExplicit && from.mode() == SyncMode.LEVEL;
                    if (level || from.limit() > 0) {
                        rules.add(new CycleSpec.SplitRule(n, level, from.limit()));
                    }
                }
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

    /** How one node of the wait graph waits for another. */
    private enum Wait { PARENT, AFTER, PIPE, BARRIER, BARRIER_BELOW, BARRIER_MEMBER }

    /**
     * One wait of a node of the wait graph.
     *
     * @param node the node waited for
     * @param how how it is waited for
     */
    private record WaitFor(int node, Wait how) {
    }

    /**
     * One step of a loop of waits.
     *
     * @param node a node of the loop
     * @param how how it waits for the node of the next step
     */
    private record Step(int node, Wait how) {
    }

    /**
     * Refuses a cycle whose parts would wait for each other in a loop, so that a run would never
     * end. One graph holds every wait: a part waits for its parent part, for the parts it runs after
     * or is piped from, and under a level barrier (the whole cycle's, a split's, or an added cycle's,
     * each over its own scope) for every part of the levels above it in that scope. A barrier is a
     * node per scope and level ("levels up to L of this scope have ended"), so the graph stays
     * linear in the size of the tree. A loop is looked for with one depth-first search.
     *
     * @param rules the effective split rules
     * @param parts every part of the tree by name (edges are checked to name only these)
     */
    private void checkNoLoop(List<CycleSpec.SplitRule> rules, Map<String, Node> parts) {
        List<Node> nodes = new ArrayList<>(); // parts first, then one stand-in per barrier
        Map<Node, Integer> id = new java.util.IdentityHashMap<>();
        for (List<Node> level : tree.levels()) {
            for (Node n : level) {
                if (!n.isFork()) {
                    id.put(n, nodes.size());
                    nodes.add(n);
                }
            }
        }
        List<List<WaitFor>> waits = new ArrayList<>(); // per node: the nodes it waits for
        for (int i = 0; i < nodes.size(); i++) {
            waits.add(new ArrayList<>(1));
            Node parent = nodes.get(i).parentPart();
            if (parent != null) {
                waits.get(i).add(new WaitFor(id.get(parent), Wait.PARENT));
            }
        }
        for (CycleSpec.Edge e : edges) {
            waits.get(id.get(parts.get(e.to()))).add(new WaitFor(id.get(parts.get(e.from())),
                    e.pipe() ? Wait.PIPE : Wait.AFTER));
        }
        List<String> barrierScope = new ArrayList<>(); // per barrier: its scope, for messages
        List<Integer> barrierLevel = new ArrayList<>(); // per barrier: the last level it waits for
        Map<Node, String> scopes = new LinkedHashMap<>(); // the scope's top node and its description
        if (syncExplicit && syncMode == SyncMode.LEVEL) {
            scopes.put(tree.root(), "the cycle's LEVEL sync");
        }
        for (CycleSpec.SplitRule r : rules) {
            if (r.level()) {
                scopes.put(r.top(), r.top().isFork() ? "the LEVEL sync of the split at " + r.top().address()
                        : "the LEVEL sync of '" + r.top().part().name() + "' and the parts below it (from an added cycle)");
            }
        }
        for (Map.Entry<Node, String> scope : scopes.entrySet()) {
            Map<Integer, List<Integer>> byLevel = new java.util.TreeMap<>();
            ArrayDeque<Node> stack = new ArrayDeque<>();
            stack.push(scope.getKey());
            while (!stack.isEmpty()) {
                Node n = stack.pop();
                if (!n.isFork()) {
                    byLevel.computeIfAbsent(n.address().level(), k -> new ArrayList<>()).add(id.get(n));
                }
                n.children().forEach(stack::push);
            }
            if (byLevel.size() < 2) {
                continue;
            }
            int first = byLevel.keySet().iterator().next();
            int last = ((java.util.TreeMap<Integer, List<Integer>>) byLevel).lastKey();
            int below = -1; // the barrier of the level above
            for (int level = first; level < last; level++) {
                int barrier = nodes.size();
                nodes.add(null);
                waits.add(new ArrayList<>());
                barrierScope.add(scope.getValue());
                barrierLevel.add(level);
                for (int member : byLevel.getOrDefault(level, List.of())) {
                    waits.get(barrier).add(new WaitFor(member, Wait.BARRIER_MEMBER));
                }
                if (below >= 0) {
                    waits.get(barrier).add(new WaitFor(below, Wait.BARRIER_BELOW));
                }
                for (int member : byLevel.getOrDefault(level + 1, List.of())) {
                    waits.get(member).add(new WaitFor(barrier, Wait.BARRIER));
                }
                below = barrier;
            }
        }
        List<Step> loop = findLoop(waits);
        if (loop == null) {
            return;
        }
        int partCount = id.size();
        // start at a part: a barrier waits only for parts and for the barrier of a shallower level
        int startAt = 0;
        while (loop.get(startAt).node() >= partCount) {
            startAt++;
        }
        java.util.Collections.rotate(loop, -startAt);
        java.util.SortedSet<String> names = new java.util.TreeSet<>();
        List<String> steps = new ArrayList<>();
        boolean barrier = false;
        for (int i = 0; i < loop.size(); i++) {
            int from = loop.get(i).node();
            if (from >= partCount) {
                continue;
            }
            Node p = nodes.get(from);
            names.add(p.part().name());
            Wait how = loop.get(i).how();
            int j = i + 1;
            if (how == Wait.BARRIER) {
                barrier = true;
                int b = loop.get(j % loop.size()).node();
                while (loop.get(j % loop.size()).node() >= partCount) {
                    j++;
                }
                Node q = nodes.get(loop.get(j % loop.size()).node());
                steps.add(quote(p) + " waits, under " + barrierScope.get(b - partCount) + ", for every part of that"
                        + " scope on the levels above " + p.address().level() + ", among them " + quote(q));
            } else {
                Node q = nodes.get(loop.get(j % loop.size()).node());
                steps.add(quote(p) + " waits for " + quote(q) + switch (how) {
                    case PARENT -> " (its parent)";
                    case AFTER -> " (an after edge)";
                    default -> " (a pipe)";
                });
            }
        }
        if (barrier) {
            throw new CycleBuildException("a level barrier must not be part of a loop of waits", "cannot build cycle '"
                    + name + "': parts " + names + " wait for each other in a loop, so a run would never end: "
                    + String.join("; ", steps) + "; remove an after or pipe edge of the loop, or use PARALLEL for"
                    + " one of these scopes", tree.openSlots());
        }
        throw new CycleBuildException("after and pipe edges must not form a loop", "cannot build cycle '" + name
                + "': parts " + names + " wait for each other in a loop of tree links, after and pipe edges: "
                + String.join("; ", steps) + "; remove an edge of the loop", tree.openSlots());
    }

    private static String quote(Node part) {
        return "'" + part.part().name() + "' (" + part.address() + ")";
    }

    /**
     * Finds a loop in a graph with an iterative depth-first search.
     *
     * @param waits per node, the nodes it waits for and how
     * @return the loop's steps, in order; null if there is none
     */
    private static List<Step> findLoop(List<List<WaitFor>> waits) {
        int size = waits.size();
        byte[] state = new byte[size]; // 0 new, 1 on the current path, 2 done
        int[] next = new int[size]; // per node on the path: the index of its next wait to follow
        int[] path = new int[size];
        for (int start = 0; start < size; start++) {
            if (state[start] != 0) {
                continue;
            }
            int depth = 0;
            path[depth++] = start;
            state[start] = 1;
            while (depth > 0) {
                int n = path[depth - 1];
                if (next[n] == waits.get(n).size()) {
                    state[n] = 2;
                    depth--;
                    continue;
                }
                WaitFor w = waits.get(n).get(next[n]++);
                if (state[w.node()] == 1) {
                    List<Step> loop = new ArrayList<>();
                    int from = depth - 1;
                    while (path[from] != w.node()) {
                        from--;
                    }
                    for (int k = from; k < depth; k++) {
                        int node = path[k];
                        loop.add(new Step(node, waits.get(node).get(next[node] - 1).how()));
                    }
                    return loop;
                } else if (state[w.node()] == 0) {
                    state[w.node()] = 1;
                    path[depth++] = w.node();
                }
            }
        }
        return null;
    }

    /**
     * Builds the cycle, closes the builder and registers the cycle under the given name in the
     * {@link Domain#GLOBAL} {@link CycleReg}. If the cycle cannot be built or registered, the builder
     * stays open and unchanged, so the call can be retried (for example with another name).
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
     * Builds the cycle, closes the builder and registers the cycle under the given name. If the
     * cycle cannot be built or registered, the builder stays open and unchanged, so the call can be
     * retried (for example with another name).
     *
     * @param registeredName the name in the registry (also the cycle's name)
     * @param registry the registry
     * @return the cycle
     * @throws CycleBuildException as {@link #build()} does
     * @throws dev.suitkaise.reg.SKRegException if the name is taken
     */
    public synchronized Cycle buildAndRegister(String registeredName, CycleReg registry) {
        checkOpen();
        Objects.requireNonNull(registeredName, "buildAndRegister: registeredName is null");
        Objects.requireNonNull(registry, "registry");
        String previous = name;
        this.name = checkName(registeredName);
        Cycle cycle;
        try {
            cycle = build();
        } catch (RuntimeException e) {
            this.name = previous;
            this.closed = false;
            throw e;
        }
        try {
            registry.register(registeredName, cycle);
        } catch (RuntimeException | Error e) {
            cycle.close(); // nobody holds it: free its data store
            this.name = previous;
            this.closed = false; // build changed nothing else, so the builder is as it was
            throw e;
        }
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
