package dev.suitkaise.function;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.NotSerializableException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.Map;
import java.util.concurrent.Callable;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SerialFormTest {

    private static byte[] write(Object o) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(o);
        }
        return bytes.toByteArray();
    }

    private static Object read(byte[] bytes) throws IOException, ClassNotFoundException {
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes))) {
            return in.readObject();
        }
    }

    @Test
    void aFunctionTravelsAsDataAndResolvesItsTargetOnFirstUse() throws Exception {
        SKFunction<String> f = SKFunction.builder(String.class).target(Targets.class, "greet").arg("Hi")
                .name("greeter").description("says hi").metadata("owner", "ui").build();

        SKFunction<?> copy = (SKFunction<?>) read(write(f));

        assertThat(copy).isNotSameAs(f);
        assertThat(copy.name()).isEqualTo("greeter");
        assertThat(copy.description()).isEqualTo("says hi");
        assertThat(copy.metadata()).isEqualTo(Map.of("owner", "ui"));
        assertThat(copy.target()).isEqualTo(f.target());
        assertThat(copy.parameters()).isEqualTo(f.parameters());
        assertThat(copy.boundArguments()).isEqualTo(Map.of("greeting", "Hi"));
        assertThat(copy.execute("Ada")).isEqualTo("Hi, Ada!");
    }

    @Test
    void theSerialFormNamesNoMethodHandleOrLookup() throws Exception {
        SKFunction<Integer> f = SKFunction.builder(Integer.class).lookup(java.lang.invoke.MethodHandles.lookup())
                .target(Targets.class, "add").arg(1).arg(2).build();

        String text = new String(write(f), java.nio.charset.StandardCharsets.ISO_8859_1);

        assertThat(text).contains("dev.suitkaise.function.SKFunction$SerialForm", Targets.class.getName(), "(II)I")
                .doesNotContain("MethodHandle", "Lookup");
    }

    @Test
    void aFunctionCapturingSomethingNotSerializableFailsToTravelNamingIt() {
        Callable<String> plain = () -> "not serializable";
        SKFunction<String> f = SKFunctions.convert(plain);

        assertThatThrownBy(() -> write(f)).isInstanceOf(NotSerializableException.class)
                .hasMessageContaining("SerialFormTest");
        assertThat(f.execute()).isEqualTo("not serializable");
    }

    /** A value that Java serialization cannot write. */
    public static final class Opaque {
        /** Reads nothing. */
        public String read(String key) {
            return key;
        }
    }

    /** A target taking any value. */
    public static String show(String label, Object value) {
        return label + "=" + value;
    }

    @Test
    void aBoundArgumentThatIsNotSerializableFailsToTravelNamingTheFunctionAndTheParameter() {
        SKFunction<String> positional = SKFunction.builder(String.class).target(SerialFormTest.class, "show")
                .name("shower").arg("v").arg(new Opaque()).build();
        SKFunction<String> named = SKFunction.builder(String.class).target(SerialFormTest.class, "show")
                .name("shower").arg("value", new Opaque()).build();
        SKFunction<String> receiver = SKFunction.builder(String.class).target(new Opaque(), "read").name("reader").build();

        assertThatThrownBy(() -> write(positional)).isInstanceOf(NotSerializableException.class)
                .hasMessageContaining("'shower'").hasMessageContaining("parameter 'value' (positional argument #2)")
                .hasMessageContaining(Opaque.class.getName()).hasMessageContaining("leave the parameter unbound");
        assertThatThrownBy(() -> write(named)).isInstanceOf(NotSerializableException.class)
                .hasMessageContaining("'shower'").hasMessageContaining("parameter 'value'")
                .hasMessageContaining(Opaque.class.getName());
        assertThatThrownBy(() -> write(receiver)).isInstanceOf(NotSerializableException.class)
                .hasMessageContaining("'reader'").hasMessageContaining("its receiver")
                .hasMessageContaining(Opaque.class.getName());
        assertThat(positional.execute()).isEqualTo("v=" + positional.boundArguments().get("value"));
    }

    @Test
    void aMetadataValueThatIsNotSerializableFailsToTravelNamingTheFunctionAndTheKey() {
        SKFunction<Integer> f = SKFunction.builder(Integer.class).target(Targets.class, "add").arg(1).arg(2)
                .name("adder").metadata("owner", "ui").metadata("handle", new Opaque()).build();

        assertThatThrownBy(() -> write(f)).isInstanceOf(NotSerializableException.class)
                .hasMessageContaining("'adder'").hasMessageContaining("its metadata entry 'handle'")
                .hasMessageContaining(Opaque.class.getName())
                .hasMessageContaining("store a Serializable value under that key");
        assertThat(f.execute()).isEqualTo(3);
    }

    @Test
    void generatorsWithSerializableBodiesTravelToo() throws Exception {
        SKGenerator<Integer> gen = SKGenerator.of("three", out -> {
            for (int i = 0; i < 3; i++) {
                out.yield(i);
            }
        });

        @SuppressWarnings("unchecked")
        SKGenerator<Integer> copy = (SKGenerator<Integer>) read(write(gen));

        assertThat(copy.name()).isEqualTo("three");
        assertThat(copy.toList()).containsExactly(0, 1, 2);
    }
}
