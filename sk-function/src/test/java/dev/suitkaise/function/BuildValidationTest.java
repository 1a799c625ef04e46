package dev.suitkaise.function;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BuildValidationTest {

    @Test
    void aBoundValueOfTheWrongTypeFailsAtBuildNamingTheParameter() {
        assertThatThrownBy(() -> SKFunction.builder().target(Targets.class, "add").arg("one").build())
                .isInstanceOf(SKFunctionException.class)
                .hasMessageContaining("Parameter 'a' (int)")
                .hasMessageContaining("Targets.add")
                .hasMessageContaining("pass a java.lang.Integer");
    }

    @Test
    void nullForAPrimitiveParameterFailsAtBuild() {
        assertThatThrownBy(() -> SKFunction.builder().target(Targets.class, "add").arg("b", null).build())
                .isInstanceOf(SKFunctionException.class)
                .hasMessageContaining("Parameter 'b'").hasMessageContaining("cannot take null");
    }

    @Test
    void anUnknownParameterNameFailsAtBuildListingTheRealOnes() {
        assertThatThrownBy(() -> SKFunction.builder().target(Targets.class, "greet").arg("nmae", "Ada").build())
                .isInstanceOf(SKFunctionException.class)
                .hasMessageContaining("no parameter named 'nmae'")
                .hasMessageContaining("(String greeting, String name)");
    }

    @Test
    void tooManyPositionalArgumentsFailAtBuild() {
        assertThatThrownBy(() -> SKFunction.builder().target(Targets.class, "add").arg(1).arg(2).arg(3).build())
                .isInstanceOf(SKFunctionException.class)
                .hasMessageContaining("takes 2 parameter(s)").hasMessageContaining("#3");
    }

    @Test
    void bindingAParameterTwiceFailsAtOnce() {
        assertThatThrownBy(() -> SKFunction.builder().target(Targets.class, "add").arg("a", 1).arg("a", 2))
                .isInstanceOf(SKFunctionException.class).hasMessageContaining("'a' ").hasMessageContaining("bound twice");
    }

    @Test
    void withArgValidatesTheNewFunctionAtOnce() {
        SKFunction<Integer> add = SKFunction.builder(Integer.class).target(Targets.class, "add").build();

        assertThatThrownBy(() -> add.withArg("b", 2.5)).isInstanceOf(SKFunctionException.class)
                .hasMessageContaining("Parameter 'b'").hasMessageContaining("java.lang.Double");
    }

    @Test
    void aResultTypeThatDoesNotFitFailsAtBuild() {
        assertThatThrownBy(() -> SKFunction.builder(String.class).target(Targets.class, "add").build())
                .isInstanceOf(SKFunctionException.class)
                .hasMessageContaining("returns int").hasMessageContaining("java.lang.String");
    }

    @Test
    void aMissingTargetFailsAtBuild() {
        assertThatThrownBy(() -> SKFunction.builder().name("empty").build())
                .isInstanceOf(SKFunctionException.class).hasMessageContaining("'empty' has no target");
    }

    /** An enum, whose constructor must not make constants outside {@code values()}. */
    public enum Colour { RED }

    /** An abstract class with a public constructor, which cannot make an instance. */
    public abstract static class Shape {
        /** Only for subclasses. */
        public Shape() {
        }
    }

    @Test
    void anEnumConstructorIsRefusedSayingToTargetAStaticMethod() throws Exception {
        assertThatThrownBy(() -> SKFunction.builder().constructor(Colour.class, String.class, int.class))
                .isInstanceOf(SKFunctionException.class).hasMessageContaining(Colour.class.getName())
                .hasMessageContaining("is an enum").hasMessageContaining("Colour.values()")
                .hasMessageContaining("target(Colour.class, \"valueOf\", String.class)");
        assertThatThrownBy(() -> SKFunction.builder()
                .target(Colour.class.getDeclaredConstructor(String.class, int.class)))
                .isInstanceOf(SKFunctionException.class).hasMessageContaining("is an enum");
        assertThat(Colour.values()).containsExactly(Colour.RED);
    }

    @Test
    void aConstructorOfAPrimitiveOrArrayTypeIsRefusedAsNotAClassWithConstructorsNotAsAbstract() {
        assertThatThrownBy(() -> SKFunction.builder().constructor(int.class))
                .isInstanceOf(SKFunctionException.class).hasMessageContaining("'int.new'")
                .hasMessageContaining("int, which is a primitive type, not a class with constructors")
                .hasMessageContaining("target(Integer.class, \"valueOf\", int.class)")
                .hasMessageNotContaining("abstract");
        assertThatThrownBy(() -> SKFunction.builder().constructor(String[].class, int.class))
                .isInstanceOf(SKFunctionException.class).hasMessageContaining("'String[].new'")
                .hasMessageContaining("java.lang.String[], which is an array type, not a class with constructors")
                .hasMessageContaining("java.lang.reflect.Array.class, \"newInstance\"")
                .hasMessageNotContaining("abstract");
    }

    @Test
    void aConstructorOfAnAbstractClassOrAnInterfaceIsRefusedAtOnce() throws Exception {
        assertThatThrownBy(() -> SKFunction.builder().name("shape").constructor(Shape.class))
                .isInstanceOf(SKFunctionException.class).hasMessageContaining("'shape'")
                .hasMessageContaining(Shape.class.getName() + ", which is abstract")
                .hasMessageContaining("concrete class, or a static factory method");
        assertThatThrownBy(() -> SKFunction.builder().target(Shape.class.getConstructor()))
                .isInstanceOf(SKFunctionException.class).hasMessageContaining("'Shape.new'")
                .hasMessageContaining("which is abstract");
        assertThatThrownBy(() -> SKFunction.builder().constructor(Runnable.class))
                .isInstanceOf(SKFunctionException.class).hasMessageContaining("which is an interface");
    }

    @Test
    void anUnknownOrAmbiguousMethodFailsWithItsClassAndName() {
        assertThatThrownBy(() -> SKFunction.builder().target(Targets.class, "absent"))
                .isInstanceOf(SKFunctionException.class).hasMessageContaining("no static method 'absent'");
        assertThatThrownBy(() -> SKFunction.builder().target(Math.class, "max"))
                .isInstanceOf(SKFunctionException.class).hasMessageContaining("Give the parameter types");
        assertThat(SKFunction.builder().target(Math.class, "max", int.class, int.class).arg(3).arg(9).build().execute())
                .isEqualTo(9);
    }

    @Test
    void aNameForATargetCompiledWithoutParameterNamesSaysHowToGetThemOrToBindByPosition() {
        // the JDK's classes are compiled without -parameters: Math.max's parameters are arg0 and arg1
        assertThatThrownBy(() -> SKFunction.builder().target(Math.class, "max", int.class, int.class).arg("a", 3).build())
                .isInstanceOf(SKFunctionException.class)
                .hasMessageContaining("no parameter named 'a'")
                .hasMessageContaining("compile the target's class with javac -parameters")
                .hasMessageContaining("bind the arguments by position");
        assertThatThrownBy(() -> SKFunction.builder().target(Targets.class, "add", int.class, int.class).arg("c", 3).build())
                .isInstanceOf(SKFunctionException.class)
                .hasMessageContaining("no parameter named 'c'")
                .hasMessageContaining("Use one of these names")
                .hasMessageNotContaining("javac -parameters");
    }

    @Test
    void argumentsForALambdaFailAtBuild() {
        assertThatThrownBy(() -> SKFunction.builder().target(() -> "x").arg(1).build())
                .isInstanceOf(SKFunctionException.class).hasMessageContaining("lambda without parameters");
    }

    @Test
    void anInaccessibleMemberFailsAtBuildSayingHowToGrantAccess() throws Exception {
        Class<?> hidden = Class.forName("jdk.internal.misc.VM");

        assertThatThrownBy(() -> SKFunction.builder().target(hidden, "isBooted").name("booted").build())
                .isInstanceOf(SKFunctionException.class)
                .hasMessageContaining("'booted' cannot access")
                .hasMessageContaining("MethodHandles.lookup()")
                .hasMessageContaining("open package jdk.internal.misc");
    }

    @Test
    void aNullAmongTheParameterNamesIsRefusedNamingItsPosition() {
        assertThatThrownBy(() -> SKFunction.builder().target(Targets.class, "add").parameterNames("a", null))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("parameterNames").hasMessageContaining("parameter #2 (of 2) is null");
    }

    @Test
    void wrongParameterNameCountsFailAtBuild() {
        assertThatThrownBy(() -> SKFunction.builder().target(Targets.class, "add").parameterNames("x").build())
                .isInstanceOf(SKFunctionException.class).hasMessageContaining("1 parameter names");
        assertThat(List.of(SKFunction.builder().target(Targets.class, "add").parameterNames("x", "y").arg("y", 1)
                .arg("x", 2).build().execute())).containsExactly(3);
    }
}
