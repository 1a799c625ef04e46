package dev.suitkaise.function;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ArgumentBindingTest {

    private static SKFunction<String> join() {
        return SKFunction.builder(String.class).target(Targets.class, "join4").build();
    }

    @Test
    void positionalArgumentsBindInDeclarationOrder() {
        SKFunction<String> f = join().withArgs("w", "x", "y", "z");

        assertThat(f.execute()).isEqualTo("w-x-y-z");
        assertThat(f.boundArguments()).containsExactly(Map.entry("a", "w"), Map.entry("b", "x"), Map.entry("c", "y"),
                Map.entry("d", "z"));
    }

    @Test
    void namedArgumentsBindByParameterName() {
        SKFunction<String> f = SKFunction.builder(String.class).target(Targets.class, "greet")
                .arg("name", "Ada").arg("greeting", "Hello").build();

        assertThat(f.execute()).isEqualTo("Hello, Ada!");
    }

    @Test
    void positionalArgumentsFillTheParametersNotBoundByName() {
        SKFunction<String> f = SKFunction.builder(String.class).target(Targets.class, "join4")
                .arg("b", "B").arg("A").arg("d", "D").arg("C").build();

        assertThat(f.execute()).isEqualTo("A-B-C-D");
    }

    @Test
    void extraPositionalArgumentsAreAppendedToTheUnboundParameters() {
        SKFunction<String> f = SKFunction.builder(String.class).target(Targets.class, "join4")
                .arg("c", "C").arg("A").build();

        assertThat(f.execute("B", "D")).isEqualTo("A-B-C-D");
        assertThat(f.execute("x", "y")).isEqualTo("A-x-C-y");
    }

    @Test
    void extraArgumentsCanBeGivenByName() {
        SKFunction<String> f = SKFunction.builder(String.class).target(Targets.class, "join4").arg("A").arg("B").build();

        Map<String, Object> rest = new LinkedHashMap<>();
        rest.put("d", "D");
        rest.put("c", "C");
        assertThat(f.execute(rest)).isEqualTo("A-B-C-D");
    }

    @Test
    void withArgReturnsANewFunctionAndLeavesTheOriginalUnchanged() {
        SKFunction<String> base = SKFunction.builder(String.class).target(Targets.class, "greet").arg("greeting", "Hi").build();
        SKFunction<String> ada = base.withArg("name", "Ada");
        SKFunction<String> bob = base.withArgs(Map.of("name", "Bob"));

        assertThat(ada.execute()).isEqualTo("Hi, Ada!");
        assertThat(bob.execute()).isEqualTo("Hi, Bob!");
        assertThat(base.boundArguments()).containsOnlyKeys("greeting");
        assertThat(base.execute("Cy")).isEqualTo("Hi, Cy!");
    }

    @Test
    void withArgOnAParameterBoundByPositionReplacesThatValueAndMovesNoOtherBinding() {
        SKFunction<Integer> add = SKFunction.builder(Integer.class).target(Targets.class, "add").arg(1).build();

        SKFunction<Integer> five = add.withArg("a", 5);

        assertThat(five.boundArguments()).containsExactly(Map.entry("a", 5));
        assertThat(five.execute(2)).isEqualTo(7);
        assertThat(add.boundArguments()).containsExactly(Map.entry("a", 1));

        SKFunction<String> join = SKFunction.builder(String.class).target(Targets.class, "join4")
                .arg("b", "B").arg("A").arg("C").build();
        Map<String, Object> replace = new LinkedHashMap<>();
        replace.put("c", "X");
        replace.put("b", "Y");
        SKFunction<String> replaced = join.withArgs(replace);

        assertThat(replaced.boundArguments()).containsExactly(Map.entry("a", "A"), Map.entry("b", "Y"), Map.entry("c", "X"));
        assertThat(replaced.execute("D")).isEqualTo("A-Y-X-D");
        assertThat(replaced.withArgs("D").execute()).isEqualTo("A-Y-X-D");
    }

    @Test
    void parametersAndReturnTypeDescribeTheTarget() {
        SKFunction<Integer> add = SKFunction.builder(Integer.class).target(Targets.class, "add").arg(1).build();

        assertThat(add.parameters()).containsExactly(new FunctionParameter(0, "a", int.class),
                new FunctionParameter(1, "b", int.class));
        assertThat(add.returnType()).isEqualTo(int.class);
        assertThat(add.boundArguments()).containsExactly(Map.entry("a", 1));
        assertThat(add.execute(41)).isEqualTo(42);
    }

    @Test
    void explicitParameterNamesReplaceTheCompiledOnes() {
        SKFunction<Integer> add = SKFunction.builder(Integer.class).target(Targets.class, "add")
                .parameterNames("left", "right").arg("right", 10).arg("left", 5).build();

        assertThat(add.execute()).isEqualTo(15);
        assertThat(add.parameters()).extracting(FunctionParameter::name).containsExactly("left", "right");
    }

    @Test
    void nullBindsToAReferenceParameter() {
        SKFunction<String> f = SKFunction.builder(String.class).target(Targets.class, "greet").arg(null).arg("Ada").build();

        assertThat(f.execute()).isEqualTo("null, Ada!");
        assertThat(f.boundArguments()).containsEntry("greeting", null);
    }

    @Test
    void missingArgumentsAtRunTimeNameTheParameter() {
        SKFunction<String> f = join().withArgs("A");

        assertThatThrownBy(f::execute).isInstanceOf(SKFunctionException.class).hasMessageContaining("'b'");
        assertThatThrownBy(() -> f.execute("B", "C")).isInstanceOf(SKFunctionException.class).hasMessageContaining("'d'");
        assertThatThrownBy(() -> f.execute("B", "C", "D", "E")).isInstanceOf(SKFunctionException.class)
                .hasMessageContaining("4 extra argument(s)");
    }

    @Test
    void extraArgumentsOfTheWrongTypeNameTheParameter() {
        SKFunction<Integer> add = SKFunction.builder(Integer.class).target(Targets.class, "add").arg(1).build();

        assertThatThrownBy(() -> add.execute("two")).isInstanceOf(SKFunctionException.class)
                .hasMessageContaining("'b'").hasMessageContaining("java.lang.String");
        assertThatThrownBy(() -> add.execute(Map.of("a", 3))).isInstanceOf(SKFunctionException.class)
                .hasMessageContaining("'a'").hasMessageContaining("already bound");
    }
}
