package dev.suitkaise.cereal;

import dev.suitkaise.cereal.fixtures.Machine;
import dev.suitkaise.cereal.fixtures.Money;
import dev.suitkaise.reg.Domain;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Currency;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class InternalHooksAndHandlersTest {

    private final InternalCereal cereal = SKCereal.internal();

    /** Counts its calls; carries Money as its text. */
    static final class MoneyHandler implements CerealHandler<Money> {
        final AtomicInteger extracted = new AtomicInteger();
        final AtomicInteger rebuilt = new AtomicInteger();

        @Override
        public Class<Money> type() {
            return Money.class;
        }

        @Override
        public Object extract(Money value) {
            extracted.incrementAndGet();
            return value.toString();
        }

        @Override
        public Money reconstruct(Object state) {
            rebuilt.incrementAndGet();
            return Money.parse((String) state);
        }
    }

    @Test
    void preparationHooksStopAndRestartRealThreadsInGraphOrder() throws Exception {
        Machine root = new Machine("root");
        Machine left = new Machine("left");
        Machine right = new Machine("right");
        root.parts.add(left);
        root.parts.add(right);
        left.parts.add(root);
        for (Machine m : List.of(root, left, right)) {
            m.start();
            assertThat(m.awaitTick(Duration.ofSeconds(10))).isTrue();
        }
        Machine.EVENTS.clear();
        byte[] bytes = cereal.serialize(root);
        assertThat(Machine.EVENTS).containsExactly("before:root", "before:left", "before:right");
        assertThat(root.isRunning()).isFalse();
        long gathered = root.gathered;
        assertThat(gathered).isPositive();

        Machine.EVENTS.clear();
        Machine back = (Machine) cereal.deserialize(bytes);
        assertThat(Machine.EVENTS).containsExactly("after:root", "after:left", "after:right");
        assertThat(back.parts.get(0).parts.get(0)).isSameAs(back);
        for (Machine m : List.of(back, back.parts.get(0), back.parts.get(1))) {
            assertThat(m.awaitTick(Duration.ofSeconds(10))).isTrue();
            assertThat(m.isRunning()).isTrue();
            m.stop();
        }
        assertThat(back.count()).isGreaterThan(gathered);
    }

    @Test
    void aFailingHookFailsTheCallWithTheObjectsClass() {
        CerealPreparable failing = new FailingHook();
        assertThatThrownBy(() -> cereal.serialize(failing)).isInstanceOf(SKCerealException.class)
                .hasMessageContaining("beforeSerialize()").hasMessageContaining(FailingHook.class.getName());
    }

    static final class FailingHook implements CerealPreparable {
        @Override
        public void beforeSerialize() {
            throw new IllegalStateException("cannot stop");
        }
    }

    @Test
    void aRegisteredHandlerCarriesItsTypeAndMakesItAllowed() {
        MoneyHandler handler = new MoneyHandler();
        CerealHandlerReg reg = CerealHandlerReg.of(Domain.GLOBAL);
        reg.register("test.money", handler);
        try {
            Money money = new Money(new BigDecimal("12.50"), "EUR");
            InternalCereal strict = InternalCereal.builder().allowDomainRoots(false).build();
            byte[] bytes = strict.serialize(List.of(money, money));
            @SuppressWarnings("unchecked")
            List<Money> back = (List<Money>) strict.deserialize(bytes);
            assertThat(back).containsExactly(money, money);
            assertThat(back.get(0)).isSameAs(back.get(1));
            assertThat(handler.extracted.get()).isEqualTo(1);
            assertThat(handler.rebuilt.get()).isEqualTo(1);
        } finally {
            reg.remove("test.money");
        }
    }

    @Test
    void aHandlerRegisteredAfterAFirstCheckIsUsedByTheNextCheckAndBySerialize() {
        InternalCereal strict = InternalCereal.builder().allowDomainRoots(false).build();
        Money money = new Money(new BigDecimal("3.75"), "EUR");
        assertThat(strict.check(money)).singleElement().satisfies(issue -> {
            assertThat(issue.path()).isEqualTo("root");
            assertThat(issue.reason()).contains(Money.class.getName() + " is not allowed");
        });

        MoneyHandler handler = new MoneyHandler();
        CerealHandlerReg reg = CerealHandlerReg.of(Domain.GLOBAL);
        reg.register("test.money.late", handler);
        try {
            assertThat(strict.check(money)).isEmpty();
            assertThat(handler.extracted.get()).as("check() walks what the late handler extracts").isEqualTo(1);
            byte[] bytes = strict.serialize(money);
            assertThat(handler.extracted.get()).isEqualTo(2);
            assertThat(strict.deserialize(bytes)).isEqualTo(money);
            assertThat(handler.rebuilt.get()).isEqualTo(1);
        } finally {
            reg.remove("test.money.late");
        }
    }

    @Test
    void aHandlerTakesPriorityOverTheBuiltInRuleAndRemovingItRestoresTheBuiltIn() {
        CerealHandler<Currency> alwaysYen = new CerealHandler<>() {
            @Override
            public Class<Currency> type() {
                return Currency.class;
            }

            @Override
            public Object extract(Currency value) {
                return "ignored";
            }

            @Override
            public Currency reconstruct(Object state) {
                return Currency.getInstance("JPY");
            }
        };
        CerealHandlerReg reg = CerealHandlerReg.of(Domain.GLOBAL);
        Currency euro = Currency.getInstance("EUR");
        reg.register("test.yen", alwaysYen);
        try {
            assertThat(cereal.deserialize(cereal.serialize(euro))).isEqualTo(Currency.getInstance("JPY"));
        } finally {
            reg.remove("test.yen");
        }
        assertThat(cereal.deserialize(cereal.serialize(euro))).isEqualTo(euro);
    }

    /** A handler that carries nothing and rebuilds every currency as {@code code}. */
    static CerealHandler<Currency> alwaysCurrency(String code) {
        return new CerealHandler<>() {
            @Override
            public Class<Currency> type() {
                return Currency.class;
            }

            @Override
            public Object extract(Currency value) {
                return null;
            }

            @Override
            public Currency reconstruct(Object state) {
                return Currency.getInstance(code);
            }
        };
    }

    @Test
    void aHandlerInTheInternalRegistryWinsOverOneForTheSameTypeInTheGlobalRegistry() {
        CerealHandlerReg global = CerealHandlerReg.of(Domain.GLOBAL);
        CerealHandlerReg internal = CerealHandlerReg.of(Domain.INTERNAL);
        Currency euro = Currency.getInstance("EUR");
        global.register("test.global-yen", alwaysCurrency("JPY"));
        try {
            internal.register("test.internal-pound", alwaysCurrency("GBP"));
            try {
                assertThat(cereal.deserialize(cereal.serialize(euro))).isEqualTo(Currency.getInstance("GBP"));
            } finally {
                internal.remove("test.internal-pound");
            }
            assertThat(cereal.deserialize(cereal.serialize(euro))).isEqualTo(Currency.getInstance("JPY"));
        } finally {
            global.remove("test.global-yen");
        }
    }

    /** A class with a handler; {@link Derived} has none of its own. */
    static class Base {
        String name = "base";
    }

    static final class Derived extends Base {
        int extra = 7;
    }

    /** Carries a Base as its name and rebuilds it as a plain Base named "handled:" and that name. */
    static final class BaseHandler implements CerealHandler<Base> {
        @Override
        public Class<Base> type() {
            return Base.class;
        }

        @Override
        public Object extract(Base value) {
            return value.name;
        }

        @Override
        public Base reconstruct(Object state) {
            Base b = new Base();
            b.name = "handled:" + state;
            return b;
        }
    }

    @Test
    void aHandlerAlsoCarriesASubclassThatHasNoHandlerOfItsOwn() {
        CerealHandlerReg reg = CerealHandlerReg.of(Domain.GLOBAL);
        reg.register("test.base", new BaseHandler());
        try {
            Derived derived = new Derived();
            derived.name = "derived";
            Object back = cereal.deserialize(cereal.serialize(derived));
            assertThat(back).isExactlyInstanceOf(Base.class);
            assertThat(((Base) back).name).isEqualTo("handled:derived");
        } finally {
            reg.remove("test.base");
        }
    }

    interface First {
    }

    interface Second {
    }

    /** Extends First, so a type declaring it reaches First one step further away. */
    interface FirstsChild extends First {
    }

    record Made(String by) implements First, Second {
    }

    /** A handler for an interface that rebuilds every value as a {@link Made} naming the handler. */
    static <T> CerealHandler<T> makes(Class<T> type, String by) {
        return new CerealHandler<>() {
            @Override
            public Class<T> type() {
                return type;
            }

            @Override
            public Object extract(T value) {
                return null;
            }

            @Override
            public T reconstruct(Object state) {
                return type.cast(new Made(by));
            }
        };
    }

    static final class FirstThenSecond implements First, Second {
    }

    static final class SecondThenFirst implements Second, First {
    }

    static final class ChildThenSecond implements FirstsChild, Second {
    }

    @Test
    void ofSeveralInterfaceHandlersTheNearestInterfaceWinsAndAmongEquallyNearOnesTheFirstDeclared() {
        CerealHandlerReg reg = CerealHandlerReg.of(Domain.GLOBAL);
        reg.register("test.first", makes(First.class, "first"));
        reg.register("test.second", makes(Second.class, "second"));
        try {
            assertThat(cereal.deserialize(cereal.serialize(new FirstThenSecond()))).isEqualTo(new Made("first"));
            assertThat(cereal.deserialize(cereal.serialize(new SecondThenFirst()))).isEqualTo(new Made("second"));
            // Second is declared by the class itself; First only through FirstsChild, one step further
            assertThat(cereal.deserialize(cereal.serialize(new ChildThenSecond()))).isEqualTo(new Made("second"));
        } finally {
            reg.remove("test.first");
            reg.remove("test.second");
        }
    }

    /** A handler whose {@code type()} throws {@code thrown}, or returns null if it is null. */
    static CerealHandler<Object> brokenHandler(Throwable thrown) {
        return new CerealHandler<>() {
            @Override
            public Class<Object> type() {
                if (thrown instanceof RuntimeException e) {
                    throw e;
                }
                if (thrown instanceof Error e) {
                    throw e;
                }
                return null;
            }

            @Override
            public Object extract(Object value) {
                return value;
            }

            @Override
            public Object reconstruct(Object state) {
                return state;
            }
        };
    }

    @Test
    void aHandlerWithoutATypeIsSkippedWithAWarningAndNamedOnlyByFailingCalls() {
        CerealHandlerReg reg = CerealHandlerReg.of(Domain.GLOBAL);
        PrintStream originalErr = System.err;
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        System.setErr(new PrintStream(log, true, StandardCharsets.UTF_8)); // slf4j-simple writes to the current System.err
        try {
            reg.register("test.null-type", brokenHandler(null));
            reg.register("test.throwing-type", brokenHandler(new IllegalStateException("no type today")));
            // a handler for a class of an optional library that is not there
            reg.register("test.missing-library", brokenHandler(new NoClassDefFoundError("org/joda/time/DateTime")));
            InternalCereal fresh = InternalCereal.builder().build();
            // calls that need neither handler work, on the default codec and on a new one
            assertThat(cereal.deserialize(cereal.serialize("hello"))).isEqualTo("hello");
            assertThat(fresh.deserialize(fresh.serialize(List.of(1, 2)))).isEqualTo(List.of(1, 2));
            assertThat(log.toString(StandardCharsets.UTF_8))
                    .contains("WARN").contains("'test.null-type'").contains("type() returned null")
                    .contains("'test.throwing-type'").contains("no type today")
                    .contains("'test.missing-library'").contains("NoClassDefFoundError");

            // a failing call may have needed one of them, so its message names them and says what to do
            Runnable notSerializable = () -> { };
            assertThatThrownBy(() -> cereal.serialize(notSerializable)).isInstanceOf(SKCerealException.class)
                    .hasMessageContaining("CerealHandler 'test.null-type' in the GLOBAL registry is skipped because its"
                            + " type() returned null")
                    .hasMessageContaining("'test.throwing-type'").hasMessageContaining("fix its type()");
            byte[] money = cereal.serialize(new Money(new BigDecimal("1.00"), "EUR"));
            InternalCereal strict = InternalCereal.builder().allowDomainRoots(false).build();
            assertThatThrownBy(() -> strict.deserialize(money))
                    .isInstanceOfSatisfying(SKCerealClassNotAllowedException.class,
                            e -> assertThat(e.className()).isEqualTo(Money.class.getName()))
                    .hasMessageContaining("not allowed").hasMessageContaining("'test.null-type'");
        } finally {
            System.setErr(originalErr);
            reg.remove("test.null-type");
            reg.remove("test.throwing-type");
            reg.remove("test.missing-library");
        }
        Runnable notSerializable = () -> { };
        assertThatThrownBy(() -> cereal.serialize(notSerializable)).isInstanceOf(SKCerealException.class)
                .message().doesNotContain("test.null-type");
    }

    @Test
    void aRootOfTheWrongTypeFailsBeforeAnyAfterDeserializeHookRuns() {
        byte[] bytes = cereal.serialize(new Machine("wrong-root"));
        ByteArrayOutputStream frames = new ByteArrayOutputStream();
        cereal.serialize(new Machine("wrong-root-framed"), frames);
        Machine.EVENTS.clear();
        assertThatThrownBy(() -> cereal.deserialize(bytes, String.class)).isInstanceOf(SKCerealException.class)
                .hasMessageContaining("Expected a java.lang.String").hasMessageContaining(Machine.class.getName())
                .hasMessageContaining("No afterDeserialize() hook ran");
        assertThatThrownBy(() -> cereal.deserialize(new ByteArrayInputStream(frames.toByteArray()), String.class))
                .isInstanceOf(SKCerealException.class).hasMessageContaining("No afterDeserialize() hook ran");
        assertThat(Machine.EVENTS).as("hooks run (each would have started a thread)").isEmpty();
    }

    /** Records its afterDeserialize() in {@link #AFTER}. */
    static final class Recorder implements CerealPreparable {
        static final List<String> AFTER = new java.util.concurrent.CopyOnWriteArrayList<>();
        final String name;

        Recorder(String name) {
            this.name = name;
        }

        @Override
        public void afterDeserialize() {
            AFTER.add(name);
        }
    }

    static final class FailsAfter implements CerealPreparable {
        @Override
        public void afterDeserialize() {
            throw new IllegalStateException("cannot restart");
        }
    }

    @Test
    void aFailingAfterDeserializeSaysHowManyEarlierHooksAlreadyRan() {
        byte[] bytes = cereal.serialize(new java.util.ArrayList<>(List.of(new Recorder("a"), new Recorder("b"),
                new FailsAfter())));
        Recorder.AFTER.clear();
        assertThatThrownBy(() -> cereal.deserialize(bytes)).isInstanceOf(SKCerealException.class)
                .hasMessageContaining("afterDeserialize() of a " + FailsAfter.class.getName() + " failed")
                .hasMessageContaining("2 earlier afterDeserialize() hook(s) had already run and are not undone");
        assertThat(Recorder.AFTER).containsExactly("a", "b");
        byte[] first = cereal.serialize(new java.util.ArrayList<>(List.of(new FailsAfter(), new Recorder("c"))));
        assertThatThrownBy(() -> cereal.deserialize(first)).isInstanceOf(SKCerealException.class)
                .hasMessageContaining("no other hook had run");
    }
}
