package dev.suitkaise.function;

import org.junit.jupiter.api.Test;

import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

class LambdaVariantTest {

    @Test
    void aLambdaIsNamedAfterItsCapturingClassAndMethod() {
        SKLambda<String> f = SKLambda.of(() -> "hi");

        assertThat(f.name()).startsWith("LambdaVariantTest.lambda$aLambdaIsNamedAfterItsCapturingClassAndMethod$");
        assertThat(f.execute()).isEqualTo("hi");
    }

    @Test
    void aGivenNameWinsOverTheAutomaticOne() {
        assertThat(SKLambda.of("hello", () -> "hi").name()).isEqualTo("hello");
    }

    @Test
    void theLambdaIsKeptAndCalledEachTime() {
        AtomicInteger n = new AtomicInteger();
        AnyFunction<Integer> body = n::incrementAndGet;
        SKLambda<Integer> f = SKLambda.of(body);

        assertThat(f.lambda()).isSameAs(body);
        assertThat(f.execute()).isEqualTo(1);
        assertThat(f.execute()).isEqualTo(2);
    }

    @Test
    void convertIsIdempotentForSKFunctions() {
        SKFunction<Integer> fn = SKFunction.builder(Integer.class).target(Targets.class, "answer").build();
        AnyFunction<Integer> any = fn;

        assertThat(SKFunctions.convert(any)).isSameAs(fn);
        SKFunction<String> converted = SKFunctions.convert((AnyFunction<String>) () -> "x");
        assertThat(SKFunctions.convert((AnyFunction<String>) converted)).isSameAs(converted);
    }

    @Test
    void callablesSuppliersAndRunnablesConvertToFunctions() {
        Callable<String> callable = () -> "called";
        Supplier<String> supplier = () -> "supplied";
        AtomicInteger ran = new AtomicInteger();
        Runnable runnable = ran::incrementAndGet;

        assertThat(SKFunctions.convert(callable).execute()).isEqualTo("called");
        assertThat(SKFunctions.convert(supplier).execute()).isEqualTo("supplied");
        assertThat(SKFunctions.convert(runnable).execute()).isNull();
        assertThat(ran.get()).isEqualTo(1);
    }

    @Test
    void anSKFunctionIsAnAnyFunctionWhoseCallRunsIt() throws Exception {
        AnyFunction<Integer> any = SKFunction.builder(Integer.class).target(Targets.class, "add").arg(1).arg(2).build();

        assertThat(any.call()).isEqualTo(3);
    }

    @Test
    void derivedLambdaFunctionsStayLambdas() {
        SKFunction<String> f = SKLambda.of("one", () -> "x").withName("two").withMetadata("k", "v");

        assertThat(f).isInstanceOf(SKLambda.class);
        assertThat(f.name()).isEqualTo("two");
        assertThat(f.metadata()).containsEntry("k", "v");
    }
}
