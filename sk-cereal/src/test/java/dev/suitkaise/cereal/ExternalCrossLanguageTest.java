package dev.suitkaise.cereal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The repository's value.proto compiled by Debian's protoc for Python and run by Debian's
 * python3-protobuf ({@code src/test/python/cross_language.py}) reads what Java wrote, and Java reads
 * what Python wrote, self-describing documents and compact ones written against a registered
 * schema that Python loads from its published {@code Schema} message. Needs the Debian packages {@code protobuf-compiler} and {@code python3-protobuf}.
 */
class ExternalCrossLanguageTest {
    private static final Path PROTOC = Path.of("/usr/bin/protoc");
    private static final Path PYTHON = Path.of("/usr/bin/python3");
    private static final String INSTALL = "install the Debian packages protobuf-compiler and python3-protobuf"
            + " (apt-get install -y protobuf-compiler python3-protobuf)";

    enum Mood { CALM, ANGRY }

    record Person(String name, int age, Mood mood, List<String> tags) {
    }

    record Tag(String label) {
    }

    /** The registered schema of the compact files: Python loads it from java_schema.bin. */
    private static final ExternalSchema SCHEMA = ExternalSchema.of(Person.class, Mood.class);

    @TempDir
    static Path work;

    private static int pythonExit;
    private static String pythonOutput;

    private static ProcessResult run(Path directory, String... command) throws IOException, InterruptedException {
        Path out = Files.createTempFile(work, "process", ".log");
        Process process = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true)
                .redirectOutput(out.toFile()).start();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
            return new ProcessResult(-1, "did not finish within 120 s: " + String.join(" ", command));
        }
        return new ProcessResult(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8));
    }

    private record ProcessResult(int exit, String output) {
    }

    @BeforeAll
    static void compileTheSchemaForPythonAndRunThePythonSide() throws Exception {
        assertThat(Files.isExecutable(PROTOC)).as(PROTOC + " is missing: " + INSTALL).isTrue();
        assertThat(Files.isExecutable(PYTHON)).as(PYTHON + " is missing: " + INSTALL).isTrue();
        ProcessResult probe = run(work, PYTHON.toString(), "-c", "import google.protobuf");
        assertThat(probe.exit()).as("python3-protobuf is missing for " + PYTHON + " (" + probe.output().strip()
                + "): " + INSTALL).isZero();

        Path moduleDir = Path.of("").toAbsolutePath();
        Path generated = Files.createDirectories(work.resolve("generated"));
        ProcessResult protoc = run(moduleDir, PROTOC.toString(), "--proto_path=src/main/proto",
                "--python_out=" + generated, "suitkaise/cereal/v1/value.proto");
        assertThat(protoc.exit()).as("protoc failed: " + protoc.output()).isZero();

        writeJavaFiles();
        ProcessResult python = run(moduleDir, PYTHON.toString(), "src/test/python/cross_language.py",
                generated.toString(), work.toString());
        pythonExit = python.exit();
        pythonOutput = python.output();
    }

    private static void writeJavaFiles() throws IOException {
        ExternalCereal cereal = SKCereal.external();
        Files.write(work.resolve("java_person.bin"),
                cereal.serialize(new Person("Ann", 41, Mood.ANGRY, List.of("boss", "dev"))));
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("null", null);
        values.put("flag", true);
        values.put("negative", -5L);
        values.put("big", Long.MAX_VALUE);
        values.put("real", 2.5);
        values.put("text", "h\u00e9llo \u2713 \ud83d\ude00");
        values.put("bytes", new byte[] {0, (byte) 0xFF});
        values.put("when", Instant.ofEpochSecond(1_700_000_000, 123));
        values.put("took", Duration.ofSeconds(-3, 1));
        values.put("price", new BigDecimal("-12.345"));
        values.put("huge", new BigInteger("123456789012345678901234567890"));
        values.put("longs", new long[] {1, -2, 3});
        values.put("doubles", List.of(0.5, -1.5));
        values.put("byNumber", Map.of(7, "seven"));
        values.put("day", LocalDate.of(2026, 11, 25));
        values.put("mood", Mood.CALM);
        values.put("stamp", com.google.protobuf.Timestamp.newBuilder().setSeconds(7).build());
        Files.write(work.resolve("java_values.bin"), cereal.serialize(values));
        Files.write(work.resolve("java_schema.bin"), SCHEMA.toBytes());
        Files.write(work.resolve("java_compact.bin"), cereal.withSchema(SCHEMA)
                .serialize(List.of(new Person("Cy", 5, Mood.CALM, List.of("a")), new Tag("t"))));
        Person bo = new Person("Bo", 7, Mood.CALM, List.of());
        Files.write(work.resolve("java_shared.bin"), cereal.serialize(List.of(bo, bo, List.of(bo))));
    }

    @Test
    void pythonDecodesEverythingJavaWrote() {
        assertThat(pythonExit).as("the Python side reported:\n" + pythonOutput).isZero();
        assertThat(pythonOutput).contains("cross-language checks passed");
    }

    @Test
    void javaReadsARecordPythonWroteMatchingFieldsByName() throws IOException {
        byte[] bytes = Files.readAllBytes(work.resolve("python_person.bin"));

        Person person = SKCereal.external().deserialize(bytes, Person.class);

        assertThat(person).isEqualTo(new Person("Zo\u00eb", 33, Mood.ANGRY, List.of("x", "y")));
    }

    @Test
    void javaReadsACompactDocumentPythonWroteAgainstThePublishedSchema() throws IOException {
        byte[] bytes = Files.readAllBytes(work.resolve("python_compact.bin"));

        List<?> values = (List<?>) SKCereal.external().withSchema(SCHEMA).deserialize(bytes);

        assertThat(values).isEqualTo(List.of(Map.of("name", "Py", "age", 12L, "mood", "ANGRY", "tags", List.of("z")),
                Map.of("text", "hello")));
    }

    @Test
    void javaReadsThePlainValuesPythonWroteIncludingSharedOnes() throws IOException {
        byte[] bytes = Files.readAllBytes(work.resolve("python_values.bin"));

        Map<?, ?> values = (Map<?, ?>) SKCereal.external().deserialize(bytes);

        assertThat(values.get("unsigned")).isEqualTo(new BigInteger("18446744073709551615"));
        assertThat(values.get("when")).isEqualTo(Instant.ofEpochSecond(5, 6));
        assertThat(values.get("price")).isEqualTo(new BigDecimal("3.50"));
        assertThat(values.get("ints")).isEqualTo(List.of(1L, -2L, 3L));
        assertThat(values.get("reals")).isEqualTo(List.of(0.25));
        Map<Object, Object> pairs = new LinkedHashMap<>();
        pairs.put(1L, "one");
        pairs.put(true, null);
        assertThat(values.get("pairs")).isEqualTo(pairs);
        List<?> shared = (List<?>) values.get("shared");
        assertThat(shared.get(0)).isEqualTo(Map.of("k", "v")).isSameAs(shared.get(1));
        assertThat(values.get("text")).isEqualTo("\u00fcber \ud83d\ude80");
    }
}
