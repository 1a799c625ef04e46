package dev.suitkaise.function;

import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serial;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The child side of {@link ChildJvmRoundTripTest}: reads a list of jobs (java.io serialization) from
 * stdin, executes each function here, and writes the outcomes to stdout.
 */
public final class ChildRunner {

    private ChildRunner() {
    }

    /**
     * One function to run, with extra positional arguments.
     *
     * @param function the function
     * @param extraArgs extra arguments for execute
     */
    public record Job(SKFunction<?> function, List<Object> extraArgs) implements Serializable {
        @Serial
        private static final long serialVersionUID = 1L;
    }

    /**
     * What happened in the child.
     *
     * @param pid the child's process id
     * @param variant the simple class name of the function as rebuilt in the child
     * @param name the function's name there
     * @param kind its target kind
     * @param result the result, or null
     * @param error the failure, or null
     * @param function the function sent back to the parent
     */
    public record Outcome(long pid, String variant, String name, TargetKind kind, Object result, String error,
                          SKFunction<?> function) implements Serializable {
        @Serial
        private static final long serialVersionUID = 1L;
    }

    /**
     * Runs the jobs.
     *
     * @param args unused
     * @throws Exception if the streams fail
     */
    public static void main(String[] args) throws Exception {
        List<Job> jobs;
        try (ObjectInputStream in = new ObjectInputStream(System.in)) {
            @SuppressWarnings("unchecked")
            List<Job> read = (List<Job>) in.readObject();
            jobs = read;
        }
        long pid = ProcessHandle.current().pid();
        List<Outcome> outcomes = new ArrayList<>();
        for (Job job : jobs) {
            SKFunction<?> fn = job.function();
            try {
                Object result = fn instanceof SKAsync<?> async
                        ? async.executeAsync(job.extraArgs().toArray()).get(30, TimeUnit.SECONDS)
                        : fn.execute(job.extraArgs().toArray());
                if (result instanceof CompletableFuture<?> future) {
                    result = future.get(30, TimeUnit.SECONDS);
                }
                outcomes.add(new Outcome(pid, fn.getClass().getSimpleName(), fn.name(), fn.targetKind(), result, null, fn));
            } catch (Exception e) {
                outcomes.add(new Outcome(pid, fn.getClass().getSimpleName(), fn.name(), fn.targetKind(), null, e.toString(),
                        fn));
            }
        }
        ObjectOutputStream out = new ObjectOutputStream(System.out);
        out.writeObject(outcomes);
        out.flush();
    }
}
