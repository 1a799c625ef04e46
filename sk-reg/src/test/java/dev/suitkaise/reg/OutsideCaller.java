package dev.suitkaise.reg;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Calls into sk-reg on behalf of tests. Tests copy this class's bytes into a temporary directory
 * and define it there with their own class loader, so that it lives in an unnamed module loaded
 * from a place that is not a domain root. It must stay free of nested classes and enum switches
 * (which compile to extra class files that would not be copied).
 */
public final class OutsideCaller implements Caller {

    /** The registry operations {@code use-registry} attempts, in order. */
    public static final List<String> OPERATIONS = List.of("register", "registerOverwrite", "get", "require",
            "contains", "keys", "values", "entries", "find", "size", "metadata", "addListener", "remove", "clear");

    /** Creates the caller. */
    public OutsideCaller() {
    }

    @Override
    public Object call(String action, Object argument) {
        switch (action) {
            case "open-internal":
                return OutsideReg.of(Domain.INTERNAL);
            case "open-global":
                return OutsideReg.of(Domain.GLOBAL);
            case "open-every-call-internal":
                return EveryCallReg.of(Domain.INTERNAL);
            case "use-registry":
                return useEveryOperation((StringReg) argument);
            case "add-internal-root":
                DomainRoots.add(Domain.INTERNAL, (CodeRoot) argument);
                return DomainRoots.of(Domain.INTERNAL);
            case "remove-internal-root":
                return DomainRoots.remove(Domain.INTERNAL, (CodeRoot) argument);
            case "add-external-root":
                DomainRoots.add(Domain.EXTERNAL, (CodeRoot) argument);
                return DomainRoots.of(Domain.EXTERNAL);
            case "contains-self":
                return DomainRoots.contains(Domain.INTERNAL, getClass());
            case "open-global-map":
                return SKGlobal.map(Domain.GLOBAL, (String) argument);
            case "open-internal-map":
                return SKGlobal.map(Domain.INTERNAL, (String) argument);
            case "open-internal-value":
                return SKGlobal.value(Domain.INTERNAL, (String) argument);
            case "global-storage":
                return SKGlobal.storage();
            case "storage-handle":
                return SKGlobal.storageHandle();
            case "install-storage":
                return SKGlobal.install((SKGlobalStorage) argument);
            case "global-names":
                return SKGlobal.names();
            case "snapshot-internal":
                return SKGlobal.snapshot((Path) argument, Domain.INTERNAL);
            case "snapshot-visible":
                return SKGlobal.snapshot((Path) argument);
            case "restore":
                return SKGlobal.restore((Path) argument);
            case "storage-reference":
                return (Supplier<Object>) SKGlobal::storage;
            case "run-supplier":
                return ((Supplier<?>) argument).get();
            case "gate-may-open-internal":
                return Gate.mayOpenInternal();
            case "gate-check-internal":
                Gate.checkInternal();
                return "passed";
            case "gate-lambda-may-open-internal":
                return Gate.mayOpenInternalFromItsOwnLambda();
            case "gate-reference":
                return (Supplier<Object>) Gate::mayOpenInternal;
            default:
                throw new IllegalArgumentException("Unknown action " + action);
        }
    }

    /** Attempts every operation on the registry, recording each result or the exception it threw. */
    private static Map<String, Object> useEveryOperation(StringReg reg) {
        Map<String, Object> results = new LinkedHashMap<>();
        attempt(results, "register", () -> reg.register("outside", "o1"));
        attempt(results, "registerOverwrite", () -> reg.register("outside", "o2", OnDuplicate.OVERWRITE));
        attempt(results, "get", () -> reg.get("outside"));
        attempt(results, "require", () -> reg.require("shared"));
        attempt(results, "contains", () -> reg.contains("shared"));
        attempt(results, "keys", reg::keys);
        attempt(results, "values", reg::values);
        attempt(results, "entries", () -> reg.entries().size());
        attempt(results, "find", () -> reg.find(v -> v.startsWith("o")));
        attempt(results, "size", reg::size);
        attempt(results, "metadata", () -> reg.metadata("shared").map(EntryMetadata::accessCount));
        attempt(results, "addListener", () -> {
            reg.addListener(event -> { }).close();
            return "subscribed";
        });
        attempt(results, "remove", () -> reg.remove("shared"));
        attempt(results, "clear", reg::clear);
        return results;
    }

    private static void attempt(Map<String, Object> results, String operation, Supplier<Object> call) {
        try {
            results.put(operation, call.get());
        } catch (RuntimeException e) {
            results.put(operation, e);
        }
    }
}
