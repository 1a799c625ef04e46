package dev.suitkaise.function;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.invoke.MethodHandles;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TargetKindsTest {

    @Test
    void aStaticMethodRunsWithItsBoundArguments() throws Exception {
        SKFunction<Integer> add = SKFunction.builder(Integer.class).target(Targets.class, "add").arg(2).arg(3).build();

        assertThat(add.execute()).isEqualTo(5);
        assertThat(add.call()).isEqualTo(5);
        assertThat(add.targetKind()).isEqualTo(TargetKind.STATIC_METHOD);
        assertThat(add.target()).isEqualTo(new FunctionTarget(TargetKind.STATIC_METHOD, Targets.class.getName(), "add", "(II)I"));
        assertThat(add.name()).isEqualTo("Targets.add");
    }

    @Test
    void aStaticMethodFoundByReflectionRunsToo() throws Exception {
        SKFunction<Object> answer = SKFunction.builder().target(Targets.class.getMethod("answer")).build();

        assertThat(answer.execute()).isEqualTo(42);
        assertThat(answer.returnType()).isEqualTo(int.class);
    }

    @Test
    void anInstanceMethodRunsOnItsReceiver() {
        Targets.Multiplier triple = new Targets.Multiplier(3);
        SKFunction<Integer> f = SKFunction.builder(Integer.class).target(triple, "times").arg(7).build();

        assertThat(f.execute()).isEqualTo(21);
        assertThat(f.targetKind()).isEqualTo(TargetKind.INSTANCE_METHOD);
        assertThat(f.receiver()).isSameAs(triple);
    }

    @Test
    void aConstructorReturnsTheNewInstance() {
        SKFunction<Targets.Point> make = SKFunction.builder(Targets.Point.class)
                .constructor(Targets.Point.class, int.class, int.class).arg(1).arg(2).build();

        assertThat(make.execute()).isEqualTo(new Targets.Point(1, 2));
        assertThat(make.execute()).isNotSameAs(make.execute());
        assertThat(make.targetKind()).isEqualTo(TargetKind.CONSTRUCTOR);
        assertThat(make.name()).isEqualTo("Point.new");
        assertThat(make.target().memberName()).isEqualTo("<init>");
    }

    @Test
    void aSerializableLambdaIsATarget() {
        String word = "captured";
        SKFunction<Object> f = SKFunction.builder().target(() -> word.toUpperCase()).name("shout").build();

        assertThat(f).isInstanceOf(SKLambda.class);
        assertThat(f.execute()).isEqualTo("CAPTURED");
        assertThat(f.targetKind()).isEqualTo(TargetKind.LAMBDA);
        assertThat(f.parameters()).isEmpty();
    }

    @Test
    void aMethodReferenceIsATarget() {
        AnyFunction<Integer> ref = Targets::answer;
        SKFunction<Integer> f = SKLambda.of(ref);

        assertThat(f.execute()).isEqualTo(42);
        assertThat(f.name()).isEqualTo("Targets::answer");
    }

    @Test
    void aVoidMethodReturnsNull() {
        int before = Targets.NOTHING_CALLS.get();
        SKFunction<Object> f = SKFunction.builder().target(Targets.class, "nothing").build();

        assertThat(f.execute()).isNull();
        assertThat(Targets.NOTHING_CALLS.get()).isEqualTo(before + 1);
        assertThat(f.returnType()).isEqualTo(void.class);
    }

    @Test
    void aPrivateMethodIsReachedWithTheCallersLookup() {
        SKFunction<String> f = SKFunction.builder(String.class).lookup(MethodHandles.lookup())
                .target(Targets.class, "secret").arg("word").build();

        assertThat(f.execute()).isEqualTo(Targets.callSecret("word"));
    }

    @Test
    void checkedExceptionsAreWrappedWithTheFunctionsNameByExecute() {
        SKFunction<String> f = SKFunction.builder(String.class).target(Targets.class, "failChecked").arg("disk full")
                .name("save").build();

        assertThatThrownBy(f::execute)
                .isInstanceOf(SKFunctionException.class)
                .hasMessageContaining("'save'")
                .hasCauseInstanceOf(IOException.class)
                .satisfies(e -> assertThat(((SKFunctionException) e).functionName()).isEqualTo("save"));
    }

    @Test
    void callLetsCheckedExceptionsThroughUnwrapped() {
        SKFunction<String> f = SKFunction.builder(String.class).target(Targets.class, "failChecked").arg("disk full").build();

        assertThatThrownBy(f::call).isInstanceOf(IOException.class).hasMessage("disk full");
    }

    @Test
    void uncheckedExceptionsPassThroughUnchanged() {
        SKFunction<String> f = SKFunction.builder(String.class).target(Targets.class, "failUnchecked").build();

        assertThatThrownBy(f::execute).isExactlyInstanceOf(IllegalStateException.class).hasMessage("unchecked failure");
    }

    @Test
    void theSameResultComesFromGeneratedAndHandleInvokers() {
        SKFunction<String> generated = SKFunction.builder(String.class).target(Targets.class, "join4")
                .arg("a").arg("b").arg("c").arg("d").build();
        SKFunction<String> viaSpread = SKFunction.builder(String.class).target(Targets.class, "join4")
                .arg("a").arg("b").build();

        assertThat(generated.execute()).isEqualTo("a-b-c-d");
        assertThat(viaSpread.execute("c", "d")).isEqualTo("a-b-c-d");
    }
}
