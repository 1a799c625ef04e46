package dev.suitkaise.reg;

import dev.suitkaise.reg.internal.BareStacks;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * When a check cannot find on the stack the code it answers for (no class but registry machinery,
 * as on a thread attached through JNI that calls in directly; a gate with nobody below it; a
 * restriction whose marking frame is missing), it refuses every restricted domain, to be safe, and
 * still lets GLOBAL through. The classes on these stacks all lie under the INTERNAL roots, so only
 * the missing caller can be the reason for a refusal.
 */
class UnidentifiedCallerTest {

    private static final Duration BOUND = Duration.ofSeconds(60);

    /** A thread that is itself the gate's caller: below its {@code run} there is no other class. */
    private static final class GateThread extends Thread {
        private final boolean throughGate;
        private final AtomicReference<Object> mayOpen = new AtomicReference<>();
        private final AtomicReference<Throwable> checkFailure = new AtomicReference<>();

        GateThread(boolean throughGate) {
            super("gate-thread");
            this.throughGate = throughGate;
            setDaemon(true);
        }

        @Override
        public void run() {
            if (throughGate) { // the gate is Gate and this thread its caller
                mayOpen.set(Gate.mayOpenInternal());
                try {
                    Gate.checkInternal();
                } catch (Throwable e) {
                    checkFailure.set(e);
                }
            } else { // this thread is the gate, and nobody called it
                mayOpen.set(SKAccess.callerMayOpen(Domain.INTERNAL));
                try {
                    SKAccess.checkCaller(Domain.INTERNAL, "use the thread's gate");
                } catch (Throwable e) {
                    checkFailure.set(e);
                }
            }
        }
    }

    private static void runToEnd(Thread t) throws InterruptedException {
        t.start();
        t.join(BOUND.toMillis());
        assertThat(t.isAlive()).as(t.getName() + " still running").isFalse();
    }

    @Test
    void aGateWithNoCallerBelowItOnTheStackIsRefusedEveryRestrictedDomain() throws InterruptedException {
        assertThat(DomainRoots.contains(Domain.INTERNAL, GateThread.class)).as("the gate lies under the INTERNAL roots").isTrue();
        GateThread lone = new GateThread(false);

        runToEnd(lone);

        assertThat(lone.mayOpen.get()).as("callerMayOpen(INTERNAL) with no caller").isEqualTo(false);
        assertThat(lone.checkFailure.get()).isInstanceOfSatisfying(SKAccessException.class, e -> {
            assertThat(e.callerName()).isEqualTo("<unknown>");
            assertThat(e.domain()).isEqualTo(Domain.INTERNAL);
            assertThat(e).hasMessageContaining("Class <unknown> (loaded from an unknown place) may not use the thread's gate")
                    .hasMessageContaining("-Dsuitkaise.domain.internal=module:NAME or the path of its class directory or jar");
        });
    }

    @Test
    void theSameThreadCallingAGateIsAnsweredForByItsOwnAccess() throws InterruptedException {
        GateThread caller = new GateThread(true);

        runToEnd(caller);

        assertThat(caller.mayOpen.get()).as("callerMayOpen(INTERNAL) for the thread").isEqualTo(true);
        assertThat(caller.checkFailure.get()).isNull();
    }

    @Test
    void aThreadWhoseFramesAreAllRegistryMachineryIsRefusedARestrictedDomainButMayOpenGlobal() throws InterruptedException {
        BareStacks.OpeningThread internal = new BareStacks.OpeningThread(Domain.INTERNAL);
        BareStacks.OpeningThread global = new BareStacks.OpeningThread(Domain.GLOBAL);

        runToEnd(internal);
        runToEnd(global);

        assertThat(internal.outcome()).isInstanceOfSatisfying(SKAccessException.class, e -> {
            assertThat(e.callerName()).isEqualTo("<unknown>");
            assertThat(e.domain()).isEqualTo(Domain.INTERNAL);
            assertThat(e).hasMessageContaining("Class <unknown> (loaded from an unknown place)"
                    + " may not open the INTERNAL global map 'bare-stack'");
        });
        assertThat(global.outcome()).isInstanceOf(GlobalMap.class);
    }

    @Test
    void aRestrictionWhoseMarkingFrameIsMissingAppliesToWhicheverCodeChecks() throws Exception {
        Principals gone = Principals.unidentified("com.example.Gone");
        Principals allowed = Principals.of(UnidentifiedCallerTest.class);

        assertThatThrownBy(() -> BareStacks.boundWithoutItsFrame(gone, SKGlobal::storage))
                .isInstanceOfSatisfying(SKAccessException.class, e -> {
                    assertThat(e.callerName()).isEqualTo("com.example.Gone");
                    assertThat(e).hasMessageContaining("Class " + UnidentifiedCallerTest.class.getName())
                            .hasMessageContaining("on behalf of [com.example.Gone]");
                });
        assertThat(BareStacks.boundWithoutItsFrame(allowed, SKGlobal::storage)).isSameAs(SKGlobal.storage());
        assertThat(BareStacks.boundWithoutItsFrame(gone, () -> SKGlobal.map(Domain.GLOBAL, "bare-stack"))).isNotNull();
        assertThat(SKGlobal.storage()).as("with nothing bound any more").isNotNull();
    }
}
