package dev.suitkaise.cereal;

import dev.suitkaise.cereal.fixtures.ChildEcho;
import dev.suitkaise.cereal.fixtures.WorstObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

import static org.assertj.core.api.Assertions.assertThat;

class InternalChildJvmTest {

    private final InternalCereal cereal = SKCereal.internal();

    private static byte[] serializeWhileLocked(InternalCereal cereal, Path file) {
        ReentrantLock lock = new ReentrantLock();
        lock.lock();
        try {
            WorstObject.Cargo cargo = WorstObject.build(file, lock);
            assertThat(WorstObject.kinds(cargo)).isGreaterThanOrEqualTo(30);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            cereal.serialize(cargo, out);
            return out.toByteArray();
        } finally {
            lock.unlock();
        }
    }

    private static Path dataFile(Path dir) throws Exception {
        Path file = dir.resolve("worst.bin");
        Files.writeString(file, "0123456789", StandardCharsets.US_ASCII);
        return file;
    }

    @Test
    void theWorstObjectRoundTripsInProcessWithEveryFieldIntact(@TempDir Path dir) throws Exception {
        byte[] frame = serializeWhileLocked(cereal, dataFile(dir));
        WorstObject.Cargo back = (WorstObject.Cargo) cereal.deserialize(new ByteArrayInputStream(frame));
        assertThat(WorstObject.verify(back, 1)).isEmpty();
        ((java.util.concurrent.ExecutorService) back.sections.get("hard").get(5).value).shutdownNow();
    }

    @Test
    void theWorstObjectRoundTripsThroughARealChildJvm(@TempDir Path dir) throws Exception {
        byte[] frame = serializeWhileLocked(cereal, dataFile(dir));
        Process child = new ProcessBuilder(childCommand()).redirectError(dir.resolve("child.err").toFile()).start();
        try {
            CompletableFuture<byte[]> reply = CompletableFuture.supplyAsync(() -> {
                try (InputStream in = child.getInputStream()) {
                    return in.readAllBytes();
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            try (OutputStream toChild = child.getOutputStream()) {
                toChild.write(frame);
            }
            boolean exited = child.waitFor(60, TimeUnit.SECONDS);
            assertThat(exited).as("child exited within the bound").isTrue();
            String errors = Files.readString(dir.resolve("child.err"));
            assertThat(child.exitValue()).as("child exit code; stderr: %s", errors).isZero();
            byte[] echoed = reply.get(10, TimeUnit.SECONDS);
            WorstObject.Cargo back = (WorstObject.Cargo) cereal.deserialize(new ByteArrayInputStream(echoed));
            assertThat(WorstObject.verify(back, 2)).as("after parent -> child -> parent").isEmpty();
            ((java.util.concurrent.ExecutorService) back.sections.get("hard").get(5).value).shutdownNow();
        } finally {
            child.destroyForcibly();
            child.waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** The parent's java, module path and class path, and the test classes patched into the module, as surefire does. */
    private static List<String> childCommand() throws Exception {
        String java = ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        String modulePath = System.getProperty("jdk.module.path");
        assertThat(modulePath).as("tests run on the module path").isNotBlank();
        URI self = InternalChildJvmTest.class.getResource("InternalChildJvmTest.class").toURI();
        Path testClasses = Path.of(self);
        for (int i = 0; i < InternalChildJvmTest.class.getPackageName().split("\\.").length + 1; i++) {
            testClasses = testClasses.getParent();
        }
        List<String> command = new ArrayList<>();
        command.add(java);
        command.add("-Xshare:auto");
        command.add("--module-path");
        command.add(modulePath);
        String classPath = System.getProperty("java.class.path");
        if (classPath != null && !classPath.isBlank()) {
            command.add("--class-path");
            command.add(classPath); // Kryo's minlog and reflectasm, which surefire leaves on the class path
        }
        command.add("--patch-module");
        command.add("dev.suitkaise.cereal=" + testClasses);
        command.add("-m");
        command.add("dev.suitkaise.cereal/" + ChildEcho.class.getName());
        return command;
    }
}
