package dev.suitkaise.cycle.internal;

import dev.suitkaise.cycle.CycleContext;
import dev.suitkaise.cycle.SlotAddress;
import dev.suitkaise.function.AnyFunction;
import dev.suitkaise.reg.Domain;
import dev.suitkaise.reg.SKGlobal;
import dev.suitkaise.thread.SKThreader;

import java.io.Serial;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutionException;

/**
 * One attempt of a part, sent to a child process: the part's function and a snapshot of its context.
 * Runs in the child on the task thread that takes it, or on a component worker of the child.
 *
 * @param function the part's function (the lambda itself when the part's function is an {@code SKLambda})
 * @param component the child's component worker to run on, null for the task thread
 * @param token identifies the attempt, for {@link CancelRemote}
 * @param part the part's name
 * @param level the part's level
 * @param position the part's position
 * @param iteration the run's number
 * @param runId the run's id
 * @param input the piped input, or null
 * @param parentName the parent part's name, or null for the root
 * @param results the outputs known when the attempt was sent, by part name (non-null ones only)
 * @param slots the part name at each slot of {@code results}, keyed {@code level-position}
 * @param dataName the name of the cycle's data store, a {@link Domain#GLOBAL} global map
 */
public record RemotePart(AnyFunction<?> function, String component, String token, String part, int level,
                         int position, long iteration, String runId, Object input, String parentName,
                         Map<String, Object> results, Map<String, String> slots, String dataName)
        implements AnyFunction<Object> {

    @Serial
    private static final long serialVersionUID = 1L;

    @Override
    public Object call() throws Exception {
        Context ctx = new Context(this);
        if (component == null) {
            return ChildParts.run(token, ctx, function);
        }
        CompletableFuture<Object> f = SKThreader.get().worker(component).submit(part, new OnWorker(token, ctx, function));
        try {
            return f.get();
        } catch (InterruptedException e) {
            ChildParts.interrupt(token);
            throw e;
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof Exception x) {
                throw x;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw e;
        }
    }

    /** The part's body as a worker task; it never travels. */
    private record OnWorker(String token, Context ctx, AnyFunction<?> function) implements AnyFunction<Object> {
        @Serial
        private static final long serialVersionUID = 1L;

        @Override
        public Object call() throws Exception {
            return ChildParts.run(token, ctx, function);
        }
    }

    /** The context a part reads in the child. */
    static final class Context implements CycleContext {
        private final RemotePart p;
        private volatile ConcurrentMap<String, Object> data;

        Context(RemotePart p) {
            this.p = p;
        }

        @Override
        public String partName() {
            return p.part;
        }

        @Override
        public SlotAddress address() {
            return new SlotAddress(p.level, p.position);
        }

        @Override
        public Optional<Object> input() {
            return Optional.ofNullable(p.input);
        }

        @Override
        public ConcurrentMap<String, Object> data() {
            ConcurrentMap<String, Object> d = data;
            if (d == null) {
                d = SKGlobal.map(Domain.GLOBAL, p.dataName);
                data = d;
            }
            return d;
        }

        @Override
        public Optional<Object> result(String partName) {
            Objects.requireNonNull(partName, "result: partName is null");
            return Optional.ofNullable(p.results.get(partName));
        }

        @Override
        public Optional<Object> result(int level, int position) {
            String name = p.slots.get(level + "-" + position);
            return name == null ? Optional.empty() : result(name);
        }

        @Override
        public Optional<Object> parentResult() {
            return p.parentName == null ? Optional.empty() : result(p.parentName);
        }

        @Override
        public long iteration() {
            return p.iteration;
        }

        @Override
        public String runId() {
            return p.runId;
        }
    }
}
