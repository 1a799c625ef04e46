package example.bomconsumer;

import dev.suitkaise.cereal.SKCereal;
import dev.suitkaise.process.SKProcess;
import dev.suitkaise.process.SKProcessManager;
import dev.suitkaise.reg.Domain;
import dev.suitkaise.reg.GlobalMap;
import dev.suitkaise.reg.SKGlobal;
import dev.suitkaise.reg.SKReg;
import dev.suitkaise.root.DomainRegistration;

import java.io.IOException;
import java.lang.module.ModuleDescriptor;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/** Uses sk-reg like a user would and checks every result; exits with 1 on the first wrong one. */
public final class Main {

    private final List<String> failures = new ArrayList<>();

    private Main() {
    }

    /**
     * Runs the checks.
     *
     * @param args ignored
     */
    public static void main(String[] args) {
        Main main = new Main();
        main.checkModulePath();
        main.checkRegistry();
        main.checkGlobalMap();
        main.checkProjectRoot();
        main.checkUserSetup();
        if (!main.failures.isEmpty()) {
            main.failures.forEach(failure -> System.err.println("bom-consumer: FAILED: " + failure));
            System.exit(1);
        }
        System.out.println("bom-consumer: all checks passed in module " + Main.class.getModule().getName()
                + " using " + SKReg.class.getModule().getName());
    }

    private void checkModulePath() {
        Module self = Main.class.getModule();
        expect("this class's module", self.getName(), "example.bomconsumer");
        boolean requiresCycle = Optional.ofNullable(self.getDescriptor()).stream()
                .flatMap(descriptor -> descriptor.requires().stream())
                .map(ModuleDescriptor.Requires::name)
                .anyMatch("dev.suitkaise.cycle"::equals);
        expect("module descriptor requires dev.suitkaise.cycle", requiresCycle, true);
        for (String module : List.of("dev.suitkaise.cycle", "dev.suitkaise.process", "dev.suitkaise.thread",
                "dev.suitkaise.function", "dev.suitkaise.cereal", "dev.suitkaise.reg", "dev.suitkaise.root")) {
            expect(module + " is an explicit module in the boot layer",
                    ModuleLayer.boot().findModule(module).map(m -> !m.getDescriptor().isAutomatic()),
                    Optional.of(true));
        }
        Module reg = SKReg.class.getModule();
        expect("sk-reg's module", reg.getName(), "dev.suitkaise.reg");
        expect("this module reads sk-reg (through sk-cycle's requires transitive)", self.canRead(reg), true);
    }

    private void checkRegistry() {
        Greetings greetings = Greetings.of(Domain.GLOBAL);
        expect("the same registry instance for the same domain", Greetings.of(Domain.GLOBAL) == greetings, true);
        expect("registry domain", greetings.domain(), Domain.GLOBAL);
        greetings.register("en", "hello");
        greetings.register("fr", "bonjour");
        expect("get(en)", greetings.get("en"), Optional.of("hello"));
        expect("require(fr)", greetings.require("fr"), "bonjour");
        expect("get(de)", greetings.get("de"), Optional.empty());
        expect("contains(fr)", greetings.contains("fr"), true);
        expect("keys", Set.copyOf(greetings.keys()), Set.of("en", "fr"));
        expect("size", greetings.size(), 2);
        expect("remove(en)", greetings.remove("en"), Optional.of("hello"));
        expect("size after remove", greetings.size(), 1);
    }

    private void checkGlobalMap() {
        GlobalMap<String, Integer> counts = SKGlobal.map(Domain.GLOBAL, "bom-consumer.counts");
        counts.merge("runs", 1, Integer::sum);
        counts.merge("runs", 1, Integer::sum);
        counts.merge("runs", 5, Integer::sum);
        counts.merge("other", 3, Integer::sum);
        expect("merged runs", counts.get("runs"), 7);
        expect("merged other", counts.get("other"), 3);
        GlobalMap<String, Integer> again = SKGlobal.map(Domain.GLOBAL, "bom-consumer.counts");
        expect("runs through a second view of the same map", again.get("runs"), 7);
        expect("map size", again.size(), 2);
    }

    private void checkProjectRoot() {
        Path dir;
        try {
            dir = Files.createTempDirectory("bom-consumer-root");
        } catch (IOException e) {
            failures.add("could not create the temp project: " + e);
            return;
        }
        try {
            Files.writeString(dir.resolve(".skroot"), "");
            Files.createDirectories(dir.resolve("src/logs"));
            Files.writeString(dir.resolve("src/App.java"), "class App {}");
            Files.writeString(dir.resolve("src/logs/run.log"), "log");
            Files.writeString(dir.resolve(".gitignore"), "*.log\n");
            dev.suitkaise.root.SKRoot root = dev.suitkaise.root.SKRoot.detect(dir.resolve("src/logs"));
            expect("detected root", root.path(), dir.toRealPath());
            try (var files = root.files()) {
                expect("files honouring .gitignore",
                        files.map(dev.suitkaise.root.SKPath::relative).sorted().toList(),
                        List.of(".gitignore", ".skroot", "src/App.java"));
            }
        } catch (IOException e) {
            failures.add("could not build the temp project: " + e);
        } finally {
            deleteTree(dir);
        }
    }

    /** An order: a class of this module, which the internal codec and a child JVM must accept. */
    record Order(String item, int count) implements java.io.Serializable {
    }

    /**
     * The README's "Set up your code", on the module path: the EXTERNAL roots registered at run
     * time with {@code registerDomainRoots()} (no {@code -Dsuitkaise.domain.external}), this module's
     * package opened to sk-cereal in module-info. Then this module's classes are read by the internal
     * codec, it opens EXTERNAL registries and the EXTERNAL process manager, and a child JVM, which
     * starts with the parent's roots, reads a task capturing one of its records and opens an EXTERNAL
     * global.
     */
    private void checkUserSetup() {
        DomainRegistration added = dev.suitkaise.root.SKRoot.current().registerDomainRoots();
        expect("registerDomainRoots added this module's classes as an EXTERNAL root", added.external().isEmpty(), false);
        Order order = new Order("tea", 3);
        expect("an Order through the internal codec",
                SKCereal.internal().deserialize(SKCereal.internal().serialize(order)), order);
        Greetings mine = Greetings.of(Domain.EXTERNAL);
        mine.register("en", "hello");
        expect("an EXTERNAL registry", mine.get("en"), Optional.of("hello"));
        SKProcessManager manager = SKProcessManager.of(Domain.EXTERNAL);
        try {
            SKProcess child = manager.spawn("bom-consumer-child");
            long parent = ProcessHandle.current().pid();
            String answer = child.execute(() -> {
                dev.suitkaise.reg.GlobalMap<String, Integer> seen =
                        dev.suitkaise.reg.SKGlobal.map(Domain.EXTERNAL, "bom-consumer.child");
                seen.merge(order.item(), order.count(), Integer::sum);
                return (ProcessHandle.current().pid() != parent) + " " + seen.get(order.item());
            }, Duration.ofSeconds(60));
            expect("a task capturing an Order, run in a child JVM that opened an EXTERNAL global", answer, "true 3");
            expect("the child's EXTERNAL global, seen in the parent",
                    dev.suitkaise.reg.SKGlobal.<String, Integer>map(Domain.EXTERNAL, "bom-consumer.child").get("tea"), 3);
        } catch (RuntimeException e) {
            failures.add("the child JVM check failed: " + e);
        } finally {
            manager.shutdownAll(Duration.ofSeconds(10));
        }
    }

    /** Deletes the temp project this program made (links are deleted, not followed). */
    private void deleteTree(Path dir) {
        try {
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.delete(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                    if (e != null) {
                        throw e;
                    }
                    Files.delete(d);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            failures.add("could not delete the temp project " + dir + ": " + e);
        }
    }

    private void expect(String what, Object actual, Object expected) {
        if (!Objects.equals(actual, expected)) {
            failures.add(what + ": expected <" + expected + "> but was <" + actual + ">");
        }
    }
}
