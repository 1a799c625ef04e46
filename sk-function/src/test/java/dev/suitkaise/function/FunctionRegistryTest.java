package dev.suitkaise.function;

import dev.suitkaise.reg.Domain;
import dev.suitkaise.reg.OnDuplicate;
import dev.suitkaise.reg.SKRegException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Method;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FunctionRegistryTest {

    private final SKFunctionReg reg = SKFunctionReg.global();

    @AfterEach
    void removeWhatThisTestRegistered() {
        reg.keys().stream().filter(k -> k.startsWith("reg.")).forEach(reg::remove);
    }

    @Test
    void aRegisteredFunctionIsFoundByNameAndRuns() {
        SKFunction.builder(Integer.class).target(Targets.class, "add").arg(20).arg(22).name("reg.add").buildAndRegister();

        assertThat(SKFunction.<Integer>get("reg.add").execute()).isEqualTo(42);
        assertThat(reg.execute("reg.add")).isEqualTo(42);
        assertThat(reg.function("reg.add").name()).isEqualTo("reg.add");
    }

    @Test
    void registeringUnderAnotherNameStoresANamedCopy() {
        SKFunction<Integer> add = SKFunction.builder(Integer.class).target(Targets.class, "add").arg(1).arg(1).build();
        SKFunction<Integer> registered = add.register("reg.two");

        assertThat(registered.name()).isEqualTo("reg.two");
        assertThat(add.name()).isEqualTo("Targets.add");
        assertThat(SKFunction.<Integer>get("reg.two").execute()).isEqualTo(2);
    }

    @Test
    void severalRegistrationsOfOneCallableWithDifferentArgumentsDoNotCollide() throws Exception {
        SKFunction<Integer> base = SKFunction.builder(Integer.class).target(Targets.class, "add").arg(100).build();
        base.withArgs(1).register("reg.add1");
        base.withArgs(2).register("reg.add2");
        base.withArgs(3).register("reg.add3");
        SKFunction.builder().target(Targets.class, "answer").name("reg.other").buildAndRegister();

        Method add = Targets.class.getMethod("add", int.class, int.class);
        assertThat(reg.forTarget(add)).containsOnlyKeys("reg.add1", "reg.add2", "reg.add3");
        assertThat(reg.forTarget(base)).containsOnlyKeys("reg.add1", "reg.add2", "reg.add3");
        assertThat(reg.forTarget(add).values().stream().map(f -> (Object) f.execute()).toList())
                .containsExactly(101, 102, 103);
    }

    @Test
    void forTargetMatchesInstanceMethodsByReceiverOrByMember() throws Exception {
        Targets.Multiplier two = new Targets.Multiplier(2);
        Targets.Multiplier three = new Targets.Multiplier(3);
        SKFunction<Object> byTwo = SKFunction.builder().target(two, "times").arg(5).name("reg.two").buildAndRegister();
        SKFunction.builder().target(three, "times").arg(5).name("reg.three").buildAndRegister();

        assertThat(reg.forTarget(byTwo)).containsOnlyKeys("reg.two");
        assertThat(reg.forTarget(Targets.Multiplier.class.getMethod("times", int.class)))
                .containsOnlyKeys("reg.three", "reg.two");
    }

    @Test
    void forTargetFindsEveryRegistrationOfOneLambda() {
        AtomicInteger calls = new AtomicInteger();
        AnyFunction<Integer> counter = calls::incrementAndGet;
        SKLambda.of("reg.l1", counter).register("reg.l1");
        SKLambda.of("reg.l2", counter).register("reg.l2");
        SKLambda.of("reg.l3", () -> 0).register("reg.l3");

        assertThat(reg.forTarget(counter)).containsOnlyKeys("reg.l1", "reg.l2");
    }

    @Test
    void findAllAndRemoveWorkOnTheRegisteredFunctions() {
        SKFunction.builder().target(Targets.class, "answer").name("reg.answer").description("the answer")
                .metadata("team", "core").buildAndRegister();
        SKFunction.builder().target(Targets.class, "greet").arg("Hi").name("reg.greet").buildAndRegister();

        assertThat(reg.find(f -> "core".equals(f.metadata().get("team")))).containsOnlyKeys("reg.answer");
        assertThat(reg.all()).extracting(SKFunction::name).contains("reg.answer", "reg.greet");
        assertThat(reg.remove("reg.answer")).isPresent();
        assertThat(reg.lookup("reg.answer")).isEmpty();
        assertThatThrownBy(() -> SKFunction.get("reg.answer")).isInstanceOf(SKRegException.class)
                .hasMessageContaining("reg.answer");
    }

    @Test
    void aTakenNameFailsUnlessTheDuplicatePolicySaysOtherwise() {
        SKFunction<Object> f = SKFunction.builder().target(Targets.class, "answer").name("reg.dup").buildAndRegister();

        assertThatThrownBy(() -> f.register("reg.dup")).isInstanceOf(SKRegException.class)
                .hasMessageContaining("'reg.dup' is already registered");
        assertThat(f.register(reg, "reg.dup", OnDuplicate.CREATE_NEW).name()).isEqualTo("reg.dup");
        assertThat(reg.keys()).contains("reg.dup", "reg.dup_1");
    }

    @Test
    void registerAndExecuteStoresTheExactArgumentsAndRunsNow() {
        AtomicInteger runs = new AtomicInteger();
        AnyFunction<Integer> body = runs::incrementAndGet;

        Integer now = SKLambda.of("reg.count", body).registerAndExecute("reg.count");

        assertThat(now).isEqualTo(1);
        assertThat(reg.execute("reg.count")).isEqualTo(2);
        assertThat(runs.get()).isEqualTo(2);
    }

    @Test
    void registriesAreSeparatePerDomain() {
        SKFunctionReg global = SKFunctionReg.of(Domain.GLOBAL);
        assertThat(global).isSameAs(reg);
        SKFunction.builder().target(Targets.class, "answer").name("reg.only-global").buildAndRegister();

        assertThat(SKFunctionReg.of(Domain.INTERNAL).lookup("reg.only-global")).isEmpty();
    }
}
