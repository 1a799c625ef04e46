package dev.suitkaise.examples.focused;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every focused example runs in its own JVM (with real child JVMs where it uses them) and prints
 * what it should; none leaves a process behind.
 */
class FocusedExamplesTest {

    private static final Pattern PID = Pattern.compile("pid (\\d+)");

    @Test
    void registriesKeepOneInstancePerTypeAndDomainAndRefuseInternalToUserCode() throws Exception {
        ExampleRun run = ExampleRun.of(Registries.class);

        assertThat(run.lines()).startsWith(
                "keys [status, status_1], the copy went to status_1",
                "events [REGISTERED status, REGISTERED status_1, REPLACED status]",
                "No key 'stauts' in GLOBAL registry PanelReg (2 entries). Did you mean 'status'?",
                "EXTERNAL opened: [dashboard]");
        assertThat(run.line("INTERNAL denied: "))
                .contains("Class dev.suitkaise.examples.focused.Registries$PanelReg (loaded from module dev.suitkaise.examples)")
                .contains("may not open the INTERNAL registry PanelReg")
                .contains("outside the INTERNAL roots [module:dev.suitkaise.reg");
        assertThat(run.line("hits ")).isEqualTo("hits {even=500, odd=500}");
    }

    @Test
    void projectRootCountsTheMainSourcesOfEveryModuleAsAFileWalkDoes() throws Exception {
        Path top = Path.of(System.getProperty("user.dir")).toAbsolutePath().getParent();
        // counted before and after the run: other work in the checkout may add a file meanwhile
        String before = "main sources per module " + mainSourcesPerModule(top);
        ExampleRun run = ExampleRun.of(ProjectRoot.class);
        String after = "main sources per module " + mainSourcesPerModule(top);

        assertThat(run.lines()).hasSize(5);
        assertThat(run.lines().get(0)).isEqualTo("root " + top.getFileName() + " found by BUILD_MARKER");
        assertThat(run.lines().get(1)).isIn(before, after);
        assertThat(run.lines().get(2)).isEqualTo("sk-examples/src/main/java/dev/suitkaise/examples/focused/ProjectRoot.java");
        assertThat(run.lines().get(3)).startsWith("sk-examples~src~main~java~").doesNotContain("/");
        assertThat(run.lines().get(4)).isEqualTo("true");
    }

    private static Map<String, Long> mainSourcesPerModule(Path top) throws IOException {
        Map<String, Long> counts = new TreeMap<>();
        try (Stream<Path> modules = Files.list(top)) {
            for (Path module : modules.filter(p -> p.getFileName().toString().startsWith("sk-")).toList()) {
                Path sources = module.resolve("src/main/java");
                if (Files.isDirectory(sources)) {
                    try (Stream<Path> files = Files.walk(sources)) {
                        long n = files.filter(f -> f.toString().endsWith(".java")).count();
                        if (n > 0) {
                            counts.put(module.getFileName().toString(), n);
                        }
                    }
                }
            }
        }
        return counts;
    }

    @Test
    void theWorstObjectReachesAChildAndComesBackByTheCodecsRules() throws Exception {
        ExampleRun run = ExampleRun.of(WorstObject.class);

        long parent = pidIn(run.line("parent pid "));
        String here = run.line("here:  ");
        String child = run.line("child: ");
        String back = run.line("back:  ");
        assertThat(here).startsWith("here:  pid " + parent + ": lock held=true, permits=2, latch=2, counter=42, inbox=[a, b, c],"
                + " executor threads=1 of 4, thread 'watcher' ");
        long childPid = pidIn(child);
        assertThat(childPid).isNotEqualTo(parent);
        assertThat(child).isEqualTo("child: pid " + childPid + ": lock held=false, permits=2, latch=2, counter=42, inbox=[a, b, c],"
                + " executor threads=0 of 4, thread 'watcher' NEW, task ran in " + childPid
                + ", self is this=true, parts holds itself=true");
        assertThat(back).isEqualTo("back:  pid " + parent + ": lock held=false, permits=2, latch=2, counter=42, inbox=[a, b, c],"
                + " executor threads=0 of 4, thread 'watcher' NEW, task ran in " + parent
                + ", self is this=true, parts holds itself=true");
        assertThat(run.line("check: ")).startsWith("check: root.callback ").contains("is not serializable");
        assertThat(ProcessHandle.of(childPid).filter(ProcessHandle::isAlive)).as("the child after the example").isEmpty();
    }

    @Test
    void storedFunctionsRunByNameAsGeneratorsAsynchronouslyAndWithModifiers() throws Exception {
        ExampleRun run = ExampleRun.of(StoredFunctions.class);

        assertThat(run.lines()).containsExactly(
                "[status    ]",
                "[log    ]",
                "[log               ] registered too",
                "[examples.render_log_wide, examples.render_status]",
                "hello from @AutoReg",
                "[0, 1, 1, 2, 3, 5, 8, 13, 21, 34]",
                "virtual: true",
                "[status    ]",
                "ok after 3 attempts",
                "timed out: Function 'examples.slow' did not finish within its timeout of PT0.2S (per attempt); its thread was"
                        + " interrupted. Raise the timeout or make the body return sooner.",
                "[status    ]",
                "true");
    }

    @Test
    void theThreadManagerCountsWithTwoWorkersAndStopsEverythingCleanly() throws Exception {
        ExampleRun run = ExampleRun.of(ThreadManager.class);

        Map<String, Integer> counts = new TreeMap<>();
        int words = 0;
        for (String line : ThreadManager.LINES) {
            for (String w : line.toLowerCase(Locale.ROOT).split("[^a-z]+")) {
                counts.merge(w, 1, Integer::sum);
                words++;
            }
        }
        assertThat(run.lines()).containsExactly(
                words + " words; " + counts,
                "live: counter WORKER RUNNING",
                "live: monitor THREAD RUNNING",
                "live: splitter WORKER RUNNING",
                "stopped cleanly [counter, monitor, splitter], by interrupt [], still running []",
                run.lines().getLast());
        assertThat(run.lines().getLast()).matches("monitor FINISHED after \\d+ rounds");
    }

    @Test
    void aPoolMapsOverTwoWarmChildrenInItemOrderAndStopsThem() throws Exception {
        ExampleRun run = ExampleRun.of(ProcessPool.class);

        long parent = pidIn(run.line("parent pid "));
        List<Long> children = new ArrayList<>();
        children.add(pidIn(run.line("child vowels-1 pid ")));
        children.add(pidIn(run.line("child vowels-2 pid ")));
        assertThat(children).doesNotContain(parent).doesNotHaveDuplicates();
        List<String> words = List.of("suitkaise", "threads", "processes", "registry", "cycle", "cereal");
        List<String> counted = run.lines().stream().filter(l -> l.contains("=") && l.contains("(pid")).toList();
        assertThat(counted).hasSize(words.size());
        for (int i = 0; i < words.size(); i++) {
            String w = words.get(i);
            long vowels = w.chars().filter(c -> "aeiou".indexOf(c) >= 0).count();
            assertThat(counted.get(i)).startsWith(w + "=" + vowels + " (pid ");
            assertThat(children).contains(pidIn(counted.get(i)));
        }
        assertThat(run.line("lengths ")).isEqualTo("lengths " + words.stream().map(String::length).toList());
        assertThat(run.line("work ran in ")).isEqualTo("work ran in 2 children, none of them this JVM: true");
        assertThat(run.line("children left: ")).isEqualTo("children left: 0");
        for (long pid : children) {
            assertThat(ProcessHandle.of(pid).filter(ProcessHandle::isAlive)).as("child %d after the example", pid).isEmpty();
        }
    }

    @Test
    void aContinuousCycleWithIndependentBranchesLoopsEachAtItsOwnPaceUntilStopped() throws Exception {
        ExampleRun run = ExampleRun.of(ContinuousCycle.class);

        assertThat(run.stdout()).contains("(3-1): temperature [worker(thermometer)]", "(4-1): alarm [here]", "(3-2): humidity [here]",
                "sync INDEPENDENT");
        assertThat(run.line("reached ")).isEqualTo("reached 5 temperature and 20 humidity runs: true; stopped: true");
        Matcher counts = Pattern.compile("temperature branch ran (\\d+) times \\(alarm (\\d+) times\\), humidity branch (\\d+) times")
                .matcher(run.line("temperature branch ran "));
        assertThat(counts.matches()).as(run.stdout()).isTrue();
        assertThat(Long.parseLong(counts.group(1))).isGreaterThanOrEqualTo(5);
        assertThat(counts.group(2)).as("the alarm runs once per temperature run").isEqualTo(counts.group(1));
        assertThat(Long.parseLong(counts.group(3))).isGreaterThanOrEqualTo(20);
    }

    @Test
    void everyFocusedExampleIsListedAndRunByATestOfThisClass() throws Exception {
        Path dir = Path.of("src/main/java/dev/suitkaise/examples/focused");
        Set<String> mains;
        try (Stream<Path> files = Files.list(dir)) {
            mains = files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".java") && !n.equals("package-info.java"))
                    .map(n -> n.substring(0, n.length() - ".java".length())).collect(Collectors.toCollection(TreeSet::new));
        }
        String tests = Files.readString(Path.of("src/test/java/dev/suitkaise/examples/focused/FocusedExamplesTest.java"));

        assertThat(FocusedExamples.ALL).extracting(Class::getSimpleName).containsExactlyInAnyOrderElementsOf(mains);
        for (Class<?> example : FocusedExamples.ALL) {
            assertThat(tests).as("a test running %s", example.getSimpleName())
                    .contains("ExampleRun.of(" + example.getSimpleName() + ".class)");
        }
    }

    private static long pidIn(String line) {
        Matcher m = PID.matcher(line);
        assertThat(m.find()).as("a pid in '%s'", line).isTrue();
        return Long.parseLong(m.group(1));
    }
}
