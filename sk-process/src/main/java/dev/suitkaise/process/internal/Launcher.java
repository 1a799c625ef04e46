package dev.suitkaise.process.internal;

import dev.suitkaise.process.ProcessSpec;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Builds a child's command line from the parent's JVM and a {@link ProcessSpec}. */
final class Launcher {

    private static final String MODULE = "dev.suitkaise.process";
    /** The child's system property that holds its process's name. */
    static final String NAME_PROPERTY = "suitkaise.process.name";

    private Launcher() {
    }

    /**
     * The environment variables whose options the JVM already lists among its input arguments,
     * which the command repeats: the child must not pick them up a second time.
     */
    static final java.util.List<String> OPTION_VARIABLES = java.util.List.of("JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS");

    /**
     * The command: the parent's java, the parent's JVM options (minus its main module, which becomes a root module, its module
     * path, debugger agent, and heap when the spec sets one), the spec's options, the options of
     * the child JVM cache ({@link ChildCache}) when one applies, the module or class path, and the
     * bootstrap main.
     *
     * @param spec the spec
     * @param allowed class names and package prefixes the child's codec allows beyond the defaults
     * @return the command line
     */
    static List<String> command(ProcessSpec spec, List<String> allowed) {
        return command(spec, allowed, spec.name());
    }

    /**
     * The command, with the process's name as the system property {@code suitkaise.process.name}
     * or without it (a warm spare gets its name, and the property, when a spawn takes it).
     *
     * @param spec the spec
     * @param allowed class names and package prefixes the child's codec allows beyond the defaults
     * @param name the process's name, or null for a warm spare
     * @return the command line
     */
    static List<String> command(ProcessSpec spec, List<String> allowed, String name) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        for (String a : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (a.startsWith("-Djdk.module.main=") || a.startsWith("--module-path=") || a.startsWith("-agentlib:jdwp")
                    || a.startsWith("-Xrunjdwp") || a.startsWith("-D" + Codecs.ALLOW_PROPERTY + "=")
                    || a.startsWith("-Djava.class.path=")
                    || spec.maxHeap() != null && (a.startsWith("-Xmx") || a.startsWith("-Xms"))) {
                continue;
            }
            cmd.add(a);
        }
        String spin = System.getProperty(Spinners.SPIN_PROPERTY);
        if (spin != null && !cmd.contains("-D" + Spinners.SPIN_PROPERTY + "=" + spin)) {
            // the parent's spin window also applies to the child's end, unless the spec sets its own
            cmd.add("-D" + Spinners.SPIN_PROPERTY + "=" + spin);
        }
        cmd.addAll(spec.jvmOptions());
        if (spec.maxHeap() != null) {
            cmd.add("-Xmx" + spec.maxHeap());
        }
        for (Map.Entry<String, String> p : spec.systemProperties().entrySet()) {
            cmd.add("-D" + p.getKey() + "=" + p.getValue());
        }
        String allow = Codecs.allowProperty(allowed);
        if (allow != null) {
            cmd.add("-D" + Codecs.ALLOW_PROPERTY + "=" + allow);
        }
        if (name != null) {
            cmd.add("-D" + NAME_PROPERTY + "=" + name);
        }
        String classPath = System.getProperty("java.class.path", "");
        boolean named = ChildMain.class.getModule().isNamed();
        String modulePath = named ? System.getProperty("jdk.module.path", "") : "";
        cmd.addAll(ChildCache.options(cmd.subList(1, cmd.size()), classPath, modulePath));
        if (!classPath.isEmpty()) {
            cmd.add("-cp");
            cmd.add(classPath);
        }
        if (named) {
            if (!modulePath.isEmpty()) {
                cmd.add("--module-path");
                cmd.add(modulePath);
            }
            String parentMain = System.getProperty("jdk.module.main");
            if (parentMain != null && !parentMain.isEmpty() && !parentMain.equals(MODULE)) {
                // the parent's main module is a root there; here the bootstrap is, so resolve it too
                cmd.add("--add-modules=" + parentMain);
            }
            cmd.add("-m");
            cmd.add(MODULE + "/" + ChildMain.class.getName());
        } else {
            cmd.add(ChildMain.class.getName());
        }
        return cmd;
    }

    /**
     * Tells the launcher that a child was started with a command from {@link #command}, so that a
     * child that trains the child JVM cache has its cache written once it exits.
     *
     * @param cmd the command
     * @param process the child
     */
    static void started(List<String> cmd, Process process) {
        ChildCache.started(cmd, process);
    }
}
