package dev.suitkaise.cereal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.module.Configuration;
import java.lang.module.ModuleFinder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Compiles a real named module, {@code sample.app}, that exports its model package to everyone but
 * opens it to no one, loads it in its own module layer, and checks what the external codec can do
 * with its types and what it says when it cannot.
 */
class ExternalModuleAccessTest {
    @TempDir
    static Path dir;

    private static ClassLoader loader;

    private final ExternalCereal cereal = SKCereal.external();

    @BeforeAll
    static void compileAModuleThatExportsButDoesNotOpenItsModel() throws Exception {
        Path src = Files.createDirectories(dir.resolve("src/sample/model"));
        Path moduleInfo = dir.resolve("src/module-info.java");
        Files.writeString(moduleInfo, "module sample.app { exports sample.model; }");
        Path account = src.resolve("Account.java");
        Files.writeString(account, """
                package sample.model;
                public class Account {
                    private String owner;
                    private long cents;
                    public Account(String owner, long cents) { this.owner = owner; this.cents = cents; }
                }
                """);
        Path money = src.resolve("Money.java");
        Files.writeString(money, "package sample.model; public record Money(String currency, long cents) {}");
        Path out = dir.resolve("out");
        Path log = dir.resolve("javac.log");
        Path javac = Path.of(System.getProperty("java.home"), "bin", "javac");
        Process process = new ProcessBuilder(javac.toString(), "--release", "21", "-d", out.toString(),
                moduleInfo.toString(), account.toString(), money.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("javac finished").isTrue();
        assertThat(process.exitValue()).as(Files.readString(log, StandardCharsets.UTF_8)).isZero();

        Configuration configuration = ModuleLayer.boot().configuration()
                .resolve(ModuleFinder.of(out), ModuleFinder.of(), Set.of("sample.app"));
        ModuleLayer layer = ModuleLayer.boot().defineModulesWithOneLoader(configuration,
                ClassLoader.getSystemClassLoader());
        loader = layer.findLoader("sample.app");
    }

    @Test
    void aPublicRecordInAnExportedPackageIsWrittenAndRead() throws Exception {
        Class<?> type = loader.loadClass("sample.model.Money");
        Object money = type.getConstructor(String.class, long.class).newInstance("EUR", 250L);

        byte[] bytes = cereal.serialize(money);

        assertThat(cereal.deserialize(bytes, type)).isEqualTo(money);
        assertThat(cereal.deserialize(bytes)).isEqualTo(Map.of("currency", "EUR", "cents", 250L));
    }

    @Test
    void aClassInAPackageThatIsNotOpenedIsRefusedWithTheLineToAdd() throws Exception {
        Class<?> type = loader.loadClass("sample.model.Account");
        Object account = type.getConstructor(String.class, long.class).newInstance("ann", 5L);

        assertThatThrownBy(() -> cereal.serialize(Map.of("acct", account)))
                .isInstanceOf(SKCerealException.class)
                .hasMessageContaining("root[\"acct\"]")
                .hasMessageContaining("package sample.model of sample.app is not open to module dev.suitkaise.cereal")
                .hasMessageContaining("add 'opens sample.model to dev.suitkaise.cereal;' to the module-info.java of sample.app");
    }
}
