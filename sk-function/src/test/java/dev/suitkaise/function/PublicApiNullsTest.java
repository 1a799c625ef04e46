package dev.suitkaise.function;

import dev.suitkaise.reg.Domain;
import dev.suitkaise.testkit.PublicApiNulls;
import org.junit.jupiter.api.Test;

import java.lang.invoke.MethodHandles;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.concurrent.Executor;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A null argument to any public constructor or method of {@code dev.suitkaise.function} is refused with a
 * NullPointerException whose message names the parameter, except where the Javadoc says null is allowed.
 */
class PublicApiNullsTest {

    /** A target whose call returns at once. */
    public static String echo(String text) {
        return text;
    }

    @Test
    void everyPublicMemberRefusesANullArgumentWithAMessageNamingTheParameter() throws ReflectiveOperationException {
        Method echo = PublicApiNullsTest.class.getMethod("echo", String.class);
        Constructor<StringBuilder> constructor = StringBuilder.class.getConstructor(String.class);
        SKFunction<Object> function = SKFunction.builder().target(echo).arg("text", "x").name("public-api-nulls").build();
        PublicApiNulls nulls = new PublicApiNulls("dev.suitkaise.function", PublicApiNullsTest.class)
                .setDefault(String.class, "public-api-nulls")
                .setDefault(Duration.class, Duration.ofSeconds(1))
                .setDefault(Method.class, echo)
                .setDefault(Constructor.class, constructor)
                .setDefault(MethodHandles.Lookup.class, MethodHandles.lookup())
                .setDefault(Executor.class, Runnable::run)
                .setDefault(AnyFunction.class, () -> "x")
                .setDefault(SKFunction.class, function)
                .setDefault(SKFunctionReg.class, SKFunctionReg.of(Domain.GLOBAL))
                .setDefault(Modifiers.class, Modifiers.NONE)
                // Throwable's convention: a null message or cause is allowed
                .nullable("SKFunctionException.new.message", "Throwable convention")
                .nullable("SKFunctionException.new.cause", "Throwable convention")
                .nullable("SKFunctionException.new.functionName", "'the function's name (may be null)'")
                .nullable("SKFunctionTimeoutException.new.functionName", "as SKFunctionException's")
                .nullable("Modifiers.new.timeout", "'the per-attempt limit, or null for none'")
                .nullable("SKFunctionBuilder.target(Method,Object).receiver", "'null for a static method'")
                .nullable("SKFunctionBuilder.arg.value", "'the value (null for a reference parameter)'")
                .nullable("SKFunction.withArg.value", "'the value (null for a reference parameter)'");

        nulls.statics(AnyFunction.class).statics(FunctionMetrics.class).statics(FunctionParameter.class)
                .statics(FunctionTarget.class).statics(Modifiers.class).statics(SKAsync.class).statics(SKFunction.class)
                .statics(SKFunctionBuilder.class).statics(SKFunctionException.class).statics(SKFunctionReg.class)
                .statics(SKFunctionTimeoutException.class).statics(SKFunctions.class).statics(SKGenerator.class)
                .statics(SKLambda.class).statics(TargetKind.class);

        SKGenerator<String> generator = SKGenerator.of("public-api-nulls", y -> y.yield("x"));
        try (SKGenerator.Cursor<String> cursor = generator.iterator()) {
            nulls.instance(SKFunction.class, function)
                    .instance(SKFunctionBuilder.class, SKFunction.builder())
                    .instance(SKAsync.class, SKAsync.of(() -> "x"))
                    .instance(SKLambda.class, SKLambda.of("public-api-nulls-lambda", () -> "x"))
                    .instance(SKFunctionReg.class, SKFunctionReg.of(Domain.GLOBAL))
                    .instance(SKGenerator.class, generator)
                    .instance(SKGenerator.Cursor.class, cursor)
                    .instance(Modifiers.class, Modifiers.NONE)
                    .instance(FunctionMetrics.class, function.metrics())
                    .instance(FunctionParameter.class, function.parameters().get(0))
                    .instance(FunctionTarget.class, function.target())
                    .instance(SKFunctionException.class, new SKFunctionException("m", "f"))
                    .instance(SKFunctionTimeoutException.class, new SKFunctionTimeoutException("f", Duration.ofSeconds(1)))
                    .noMembers(AutoReg.class, "an annotation")
                    .noMembers(SKGenerator.Body.class, "implemented by users; the generator calls it with its Yield")
                    .noMembers(SKGenerator.Yield.class, "its one parameter may be null ('the value (may be null)'), and"
                            + " only a generator's running body holds one");
        }

        nulls.assertClean();
        assertThat(nulls.membersChecked()).hasSizeGreaterThan(60);
    }
}
