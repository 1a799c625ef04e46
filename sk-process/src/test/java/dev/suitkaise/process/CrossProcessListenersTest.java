package dev.suitkaise.process;

import dev.suitkaise.reg.Domain;
import dev.suitkaise.reg.GlobalChange;
import dev.suitkaise.reg.GlobalMap;
import dev.suitkaise.reg.GlobalName;
import dev.suitkaise.reg.SKGlobal;
import dev.suitkaise.reg.Subscription;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Listeners of globals in any process see the changes made in every other process: the parent's
 * listeners see the children's changes, a child's listeners see the parent's and the other
 * children's, and only until they unsubscribe or their process dies.
 */
@ExtendWith(NoOrphans.class)
class CrossProcessListenersTest {

    private static SKProcess listener;
    private static SKProcess writer;

    @BeforeAll
    static void spawn() throws Exception {
        CompletableFuture<SKProcess> a = CompletableFuture.supplyAsync(() -> SKProcessManager.of(Domain.INTERNAL).spawn("listens-a"));
        CompletableFuture<SKProcess> b = CompletableFuture.supplyAsync(() -> SKProcessManager.of(Domain.INTERNAL).spawn("writes-b"));
        listener = Children.await(a);
        writer = Children.await(b);
    }

    @AfterAll
    static void stop() {
        listener.stop(Duration.ofSeconds(5));
        writer.stop(Duration.ofSeconds(5));
    }

    private static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID();
    }

    /** Takes messages from a child until {@code expected} arrives, failing on any other message (the bound is generous). */
    private static void expectMessages(SKProcess from, String... expected) {
        List<Object> got = new ArrayList<>();
        for (String e : expected) {
            Object m = from.listen(Children.BOUND).orElseGet(() -> fail("no message from %s within %s; got %s, expected %s next",
                    from.name(), Children.BOUND, got, e));
            got.add(m);
        }
        assertThat(got).as("messages from %s", from.name()).containsExactly((Object[]) expected);
    }

    @Test
    void aListenerInTheParentSeesAChildsPutBeforeTheChildsCallReturns() throws Exception {
        String name = unique("parent-listens");
        GlobalMap<String, String> map = SKGlobal.map(Domain.GLOBAL, name);
        List<GlobalChange<String, String>> seen = new CopyOnWriteArrayList<>();
        Subscription sub = map.onChange(seen::add);
        try {
            Children.await(writer.submit(() -> {
                GlobalMap<String, String> there = SKGlobal.map(Domain.GLOBAL, name);
                there.put("k", "from child");
                there.put("k", "again");
                return there.remove("k");
            }));

            GlobalName global = new GlobalName(Domain.GLOBAL, name);
            assertThat(seen).containsExactly(new GlobalChange<>(global, "k", null, "from child"),
                    new GlobalChange<>(global, "k", "from child", "again"), new GlobalChange<>(global, "k", "again", null));
        } finally {
            sub.close();
        }
    }

    @Test
    void aListenerInOneChildSeesTheChangesOfAnotherChildAndOfTheParentInOrder() throws Exception {
        String name = unique("child-listens");
        String tag = unique("tag");
        Children.await(listener.submit(() -> ChildListeners.listen(name, tag)));

        Children.await(writer.submit(() -> {
            GlobalMap<String, Integer> there = SKGlobal.map(Domain.GLOBAL, name);
            for (int i = 1; i <= 3; i++) {
                there.merge("n", 1, Integer::sum);
            }
            return null;
        }));
        SKGlobal.<String, Integer>map(Domain.GLOBAL, name).put("parent", 7);

        expectMessages(listener, tag + " n=1", tag + " n=2", tag + " n=3", tag + " parent=7");
        assertThat(Children.await(listener.submit(() -> ChildListeners.close(tag)))).isTrue();
    }

    @Test
    void aListenerThatThrowsAnErrorOrLeavesAnInterruptDoesNotStopDeliveryInTheChild() throws Exception {
        String name = unique("bad-listener");
        String tag = unique("tag");
        Children.await(listener.submit(() -> ChildListeners.listenBadly(name, tag)));

        GlobalMap<String, Integer> map = SKGlobal.map(Domain.GLOBAL, name);
        for (int i = 1; i <= 3; i++) {
            map.put("k", i);
        }

        expectMessages(listener, tag + " k=1", tag + " k=2", tag + " k=3");
        assertThat(Children.await(listener.submit(() -> ChildListeners.close(tag) && ChildListeners.close(tag + "-bad")))).isTrue();
    }

    @Test
    void aValueListenerInAChildSeesIncrementsMadeInAnotherChild() throws Exception {
        String value = unique("counter");
        String tag = unique("value-tag");
        Children.await(listener.submit(() -> ChildListeners.listenToValue(value, tag)));

        Children.await(writer.submit(() -> {
            var counter = SKGlobal.<Integer>value(Domain.GLOBAL, value);
            counter.accumulateAndGet(5, Integer::sum);
            SKGlobal.<Integer>value(Domain.GLOBAL, value + "-other").set(99);
            counter.accumulateAndGet(5, Integer::sum);
            return null;
        }));

        expectMessages(listener, tag + " " + value + "=5", tag + " " + value + "=10");
        Children.await(listener.submit(() -> ChildListeners.close(tag)));
    }

    @Test
    void afterUnsubscribingAChildNoLongerReceivesTheChanges() throws Exception {
        String closed = unique("closed");
        String open = unique("open");
        String closedTag = unique("closed-tag");
        String openTag = unique("open-tag");
        Children.await(listener.submit(() -> ChildListeners.listen(closed, closedTag)));
        Children.await(listener.submit(() -> ChildListeners.listen(open, openTag)));
        Children.await(writer.submit(() -> SKGlobal.map(Domain.GLOBAL, closed).put("before", 1)));
        expectMessages(listener, closedTag + " before=1");

        assertThat(Children.await(listener.submit(() -> ChildListeners.close(closedTag)))).isTrue();
        // one writer thread, one channel to the listener: had the first change been delivered, it would arrive first
        Children.await(writer.submit(() -> {
            SKGlobal.map(Domain.GLOBAL, closed).put("after", 2);
            SKGlobal.map(Domain.GLOBAL, open).put("marker", 3);
            return null;
        }));

        expectMessages(listener, openTag + " marker=3");
        Children.await(listener.submit(() -> ChildListeners.close(openTag)));
    }

    @Test
    void aListenerInAGrandchildSeesChangesMadeAnywhereThroughItsParent() throws Exception {
        String name = unique("nested");
        String tag = unique("grandchild-tag");
        SKProcess middle = SKProcessManager.of(Domain.INTERNAL).spawn("listens-middle");
        try {
            Children.await(middle.submit(() -> SKProcessManager.of(Domain.INTERNAL).spawn("listens-grandchild")
                    .execute(() -> ChildListeners.listen(name, tag), Duration.ofSeconds(60))));

            SKGlobal.map(Domain.GLOBAL, name).put("top", 1);
            Children.await(writer.submit(() -> SKGlobal.map(Domain.GLOBAL, name).put("sibling", 2)));
            Children.await(middle.submit(() -> SKGlobal.map(Domain.GLOBAL, name).put("middle", 3)));

            List<Object> heard = Children.await(middle.submit(() -> {
                SKProcess grandchild = SKProcessManager.of(Domain.INTERNAL).get("listens-grandchild").orElseThrow();
                List<Object> all = new ArrayList<>();
                for (int i = 0; i < 3; i++) {
                    all.add(grandchild.listen(Duration.ofSeconds(60)).orElse("nothing within 60 s"));
                }
                return all;
            }));
            assertThat(heard).containsExactly(tag + " top=1", tag + " sibling=2", tag + " middle=3");
        } finally {
            middle.execute(() -> {
                SKProcessManager.of(Domain.INTERNAL).shutdownAll(Duration.ofSeconds(5));
                return null;
            }, Children.BOUND);
            middle.stop(Duration.ofSeconds(5));
        }
    }

    @Test
    void aListenerRegisteredByAnInitFunctionListensAgainAfterACrashRestart() throws Exception {
        String name = unique("restart");
        String tag = unique("init-tag");
        SKProcess p = SKProcessManager.of(Domain.INTERNAL).spawn(ProcessSpec.builder("listens-restarting")
                .init(() -> ChildListeners.listen(name, tag))
                .restartPolicy(RestartPolicy.onCrash(1, Duration.ofMillis(50)))
                .build());
        try {
            GlobalMap<String, Integer> map = SKGlobal.map(Domain.GLOBAL, name);
            map.put("before", 1);
            expectMessages(p, tag + " before=1");
            long firstPid = p.pid();

            Children.signal("KILL", firstPid);
            Children.until("the child is back", Children.BOUND,
                    () -> p.state() == ProcessState.READY && p.pid() != firstPid && p.pid() != -1);
            map.put("after", 2);

            expectMessages(p, tag + " after=2");
            assertThat(p.stats().restarts()).isEqualTo(1);
        } finally {
            p.stop(Duration.ofSeconds(5));
        }
    }

    @Test
    void aSubscriberThatCrashesDoesNotDisturbTheOtherListeners() throws Exception {
        String name = unique("crash");
        String doomedTag = unique("doomed");
        String tag = unique("survivor");
        SKProcess doomed = SKProcessManager.of(Domain.INTERNAL).spawn("listens-doomed");
        Children.await(doomed.submit(() -> ChildListeners.listen(name, doomedTag)));
        Children.await(listener.submit(() -> ChildListeners.listen(name, tag)));
        List<Object> inParent = new CopyOnWriteArrayList<>();
        GlobalMap<String, Integer> map = SKGlobal.map(Domain.GLOBAL, name);
        Subscription sub = map.onChange(c -> inParent.add(c.key() + "=" + c.newValue()));
        try {
            map.put("first", 1);
            expectMessages(doomed, doomedTag + " first=1");

            Children.signal("KILL", doomed.pid());
            Children.await(writer.submit(() -> SKGlobal.map(Domain.GLOBAL, name).put("while-dying", 2)));
            doomed.onExit().get(Children.BOUND.toSeconds(), TimeUnit.SECONDS);
            Children.await(writer.submit(() -> SKGlobal.map(Domain.GLOBAL, name).put("after-death", 3)));
            map.put("from-parent", 4);

            expectMessages(listener, tag + " first=1", tag + " while-dying=2", tag + " after-death=3", tag + " from-parent=4");
            assertThat(inParent).containsExactly("first=1", "while-dying=2", "after-death=3", "from-parent=4");
            assertThat(doomed.state()).isEqualTo(ProcessState.CRASHED);
        } finally {
            sub.close();
            Children.await(listener.submit(() -> ChildListeners.close(tag)));
        }
    }
}
