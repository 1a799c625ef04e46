package dev.suitkaise.function;

import dev.suitkaise.cereal.SKCereal;

import java.io.IOException;
import java.io.InputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.OutputStream;
import java.io.Serial;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The child side of {@link ChildRoundTripContract}: reads a list of jobs from stdin in the codec
 * named by its argument, executes each function here, and writes the outcomes to stdout.
 */
public final class ChildRunner {

    private ChildRunner() {
    }

    /** How jobs and outcomes travel. */
    public enum Codec {
        /** java.io serialization. */
        JAVA_IO {
            @Override
            void write(Object value, OutputStream out) throws IOException {
                ObjectOutputStream objects = new ObjectOutputStream(out);
                objects.writeObject(value);
                objects.flush();
            }

            @Override
            <T> T read(InputStream in) throws IOException, ClassNotFoundException {
                @SuppressWarnings("unchecked")
                T value = (T) new ObjectInputStream(in).readObject();
                return value;
            }
        },
        /** Suitkaise's internal codec (sk-cereal), one frame each way. */
        CEREAL {
            @Override
            void write(Object value, OutputStream out) {
                SKCereal.internal().serialize(value, out);
            }

            @Override
            <T> T read(InputStream in) {
                @SuppressWarnings("unchecked")
                T value = (T) SKCereal.internal().deserialize(in);
                return value;
            }
        };

        abstract void write(Object value, OutputStream out) throws IOException;

        abstract <T> T read(InputStream in) throws IOException, ClassNotFoundException;
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
     * @param args the codec's name ({@link Codec}); java.io when absent
     * @throws Exception if the streams fail
     */
    public static void main(String[] args) throws Exception {
        Codec codec = args.length > 0 ? Codec.valueOf(args[0]) : Codec.JAVA_IO;
        List<Job> jobs = codec.read(System.in);
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
        codec.write(outcomes, System.out);
        System.out.flush();
    }
}
