package dev.suitkaise.function;

import dev.suitkaise.reg.Domain;
import dev.suitkaise.reg.SKRegException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AutoRegistrationTest {

    @Test
    void anAnnotatedMethodIsRegisteredTheFirstTimeItIsLookedUp() {
        SKFunctionReg reg = SKFunctionReg.global();
        reg.remove("auto.ping");
        assertThat(reg.contains("auto.ping")).isFalse();

        SKFunction<Integer> ping = SKFunction.get("auto.ping");

        assertThat(reg.contains("auto.ping")).isTrue();
        assertThat(ping.description()).isEqualTo("counts pings");
        assertThat(ping.metadata()).containsEntry("autoReg", true);
        int before = AutoRegistered.PINGS.get();
        assertThat(ping.execute()).isEqualTo(before + 1);
        assertThat(SKFunction.get("auto.ping")).isSameAs(ping);
    }

    @Test
    void anAnnotatedMethodIsRegisteredWhenExecutedThroughTheRegistry() {
        SKFunctionReg reg = SKFunctionReg.of(Domain.INTERNAL);
        reg.remove("AutoRegistered.shout");

        assertThat(reg.execute("AutoRegistered.shout", "quiet")).isEqualTo("QUIET");
        assertThat(reg.function("AutoRegistered.shout").parameters()).extracting(FunctionParameter::name)
                .containsExactly("word");
        assertThat(reg.function("AutoRegistered.shout").boundArguments()).isEmpty();
    }

    @Test
    void aNonPublicAnnotatedMethodOfAnOpenPackageIsReachable() {
        assertThat(SKFunctionReg.global().function("auto.private").execute()).isEqualTo("hidden");
    }

    @Test
    void annotatedInstanceMethodsAndUnknownNamesAreNotRegistered() {
        assertThat(SKFunctionReg.global().lookup("auto.instance")).isEmpty();
        assertThatThrownBy(() -> SKFunction.get("auto.pnig")).isInstanceOf(SKRegException.class)
                .hasMessageContaining("auto.pnig");
    }

    @Test
    void everyAnnotatedMethodCanBeRegisteredAtOnceAfterARescan() {
        SKFunctionReg.rescanAutoRegistrations();
        SKFunctionReg reg = SKFunctionReg.of(Domain.INTERNAL);

        reg.registerAutoRegistered();

        assertThat(reg.keys()).contains("auto.ping", "AutoRegistered.shout", "auto.private").doesNotContain("auto.instance");
    }

    @Test
    void aRestrictedRegistryTakesOnlyAnnotatedMethodsOfClassesUnderItsDomain(@TempDir Path trusted) throws Exception {
        String resource = AutoRegDomainChild.class.getName().replace('.', '/') + ".class";
        Path copy = trusted.resolve(resource);
        Files.createDirectories(copy.getParent());
        try (InputStream in = AutoRegDomainChild.class.getResourceAsStream("/" + resource)) {
            Files.copy(in, copy);
        }
        Set<String> classPath = new LinkedHashSet<>();
        classPath.add(trusted.toString());
        for (String property : List.of("jdk.module.path", "java.class.path")) {
            for (String entry : System.getProperty(property, "").split(File.pathSeparator)) {
                if (!entry.isBlank()) {
                    classPath.add(entry);
                }
            }
        }
        Path basedir = Path.of(System.getProperty("basedir", "."));
        classPath.add(basedir.resolve("target/test-classes").toAbsolutePath().toString());
        classPath.add(basedir.resolve("target/classes").toAbsolutePath().toString());
        String java = ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        Process child = new ProcessBuilder(java, "-Xshare:auto", "-XX:TieredStopAtLevel=1",
                "-Dsuitkaise.domain.internal=" + trusted, "-cp", String.join(File.pathSeparator, classPath),
                AutoRegDomainChild.class.getName())
                .redirectErrorStream(true).start();
        try {
            CompletableFuture<String> output = CompletableFuture.supplyAsync(() -> {
                try {
                    return new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            });
            assertThat(child.waitFor(60, TimeUnit.SECONDS)).as("child finished within 60 s").isTrue();
            String out = output.get(60, TimeUnit.SECONDS);
            assertThat(child.exitValue()).as("child exit code; output: %s", out).isZero();

            assertThat(out).contains("internal-lookup=false", "internal-registered=[]", "internal-keys=[]",
                    "global-lookup=true");
        } finally {
            if (child.isAlive()) {
                child.destroyForcibly();
                child.waitFor(60, TimeUnit.SECONDS);
            }
        }
    }
}
