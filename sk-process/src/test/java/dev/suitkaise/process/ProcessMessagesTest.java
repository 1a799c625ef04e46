package dev.suitkaise.process;

import dev.suitkaise.reg.Domain;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Parent and child exchange plain messages both ways with tell and listen. */
@ExtendWith(NoOrphans.class)
class ProcessMessagesTest {

    private static SKProcess child;

    @BeforeAll
    static void spawn() {
        child = SKProcessManager.of(Domain.EXTERNAL).spawn("messenger");
    }

    @AfterAll
    static void stop() {
        child.stop(Duration.ofSeconds(5));
    }

    @Test
    void aMessageToldToTheChildIsHeardThereAndAnsweredBack() throws Exception {
        child.tell(List.of("ping", 1));

        Children.await(child.submit(() -> {
            SKChildContext me = SKProcess.current().orElseThrow();
            Object heard = me.listen(Duration.ofSeconds(60)).orElseThrow();
            me.tell("heard " + heard + " in " + me.name());
            return null;
        }));

        assertThat(child.listen(Children.BOUND)).contains("heard [ping, 1] in messenger");
    }

    @Test
    void messagesArriveInTheOrderTheyWereTold() throws Exception {
        for (int i = 1; i <= 5; i++) {
            child.tell(i);
        }

        List<Object> heard = Children.await(child.submit(() -> {
            List<Object> all = new ArrayList<>();
            SKChildContext me = SKProcess.current().orElseThrow();
            for (int i = 0; i < 5; i++) {
                all.add(me.listen(Duration.ofSeconds(60)).orElseThrow());
            }
            for (Object o : all) {
                me.tell(o);
            }
            return all;
        }));

        assertThat(heard).containsExactly(1, 2, 3, 4, 5);
        List<Object> back = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            back.add(child.listen(Children.BOUND).orElseThrow());
        }
        assertThat(back).containsExactly(1, 2, 3, 4, 5);
    }

    @Test
    void theChildsContextNamesItsProcessDomainAndParent() throws Exception {
        List<Object> seen = Children.await(child.submit(() -> {
            SKChildContext me = SKProcess.current().orElseThrow();
            return List.of(me.name(), me.domain(), me.pid(), me.parentPid(), me.commander().isRemote());
        }));

        assertThat(seen).containsExactly("messenger", Domain.EXTERNAL, child.pid(), ProcessHandle.current().pid(), true);
    }

    @Test
    void listeningWithNothingToldReturnsEmptyAfterTheBound() {
        assertThat(child.listen(Duration.ofMillis(50))).isEmpty();
    }

    @Test
    void outsideAChildThereIsNoCurrentProcess() {
        assertThat(SKProcess.current()).isEmpty();
    }
}
