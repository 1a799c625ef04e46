package dev.suitkaise.cereal.internal.kryo;

import dev.suitkaise.cereal.CerealIssue;
import dev.suitkaise.cereal.SKCerealException;

import java.lang.invoke.SerializedLambda;
import java.lang.reflect.Array;
import java.lang.reflect.Field;
import java.lang.reflect.RecordComponent;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Walks an object graph the way the codec would and collects every part it cannot carry, with
 * object paths. Iterative, so deep graphs do not overflow the stack; bounded in the number of
 * objects visited.
 */
public final class GraphChecker {

    private static final int MAX_OBJECTS = 2_000_000;

    private final Rules rules;
    private final IdentityHashMap<Object, Boolean> seen = new IdentityHashMap<>();
    private final List<CerealIssue> issues = new ArrayList<>();
    private final Deque<Node> stack = new ArrayDeque<>();

    private record Node(Object value, String path) {
    }

    private GraphChecker(Rules rules) {
        this.rules = rules;
    }

    /**
     * Checks a graph.
     *
     * @param rules the codec's rules
     * @param root the root object
     * @return the issues in graph order
     */
    public static List<CerealIssue> check(Rules rules, Object root) {
        GraphChecker checker = new GraphChecker(rules);
        checker.stack.push(new Node(root, "root"));
        checker.run();
        return List.copyOf(checker.issues);
    }

    private void run() {
        while (!stack.isEmpty()) {
            Node node = stack.pop();
            Object value = node.value();
            if (value == null || seen.put(value, Boolean.TRUE) != null) {
                continue;
            }
            if (seen.size() > MAX_OBJECTS) {
                issues.add(new CerealIssue(node.path(), value.getClass().getName(), "The graph has more than "
                        + MAX_OBJECTS + " objects; the check stopped here."));
                return;
            }
            try {
                visit(value, node.path());
            } catch (SKCerealException e) {
                issues.add(new CerealIssue(node.path(), value.getClass().getName(), e.getMessage()));
            } catch (RuntimeException e) {
                issues.add(new CerealIssue(node.path(), value.getClass().getName(), "Cannot inspect it: " + e));
            }
        }
    }

    private void visit(Object value, String path) {
        Class<?> type = value.getClass();
        Rules.Choice choice = rules.choose(type);
        List<Node> children = new ArrayList<>();
        switch (choice.kind()) {
            case REFUSED -> issues.add(new CerealIssue(path, type.getName(), choice.reason()));
            case HANDLER -> {
                Handlers.Entry entry = Handlers.find(rulesHandlers(), type);
                if (entry != null) {
                    @SuppressWarnings("unchecked")
                    dev.suitkaise.cereal.CerealHandler<Object> h = (dev.suitkaise.cereal.CerealHandler<Object>) entry.handler();
                    children.add(new Node(h.extract(value), path + "{" + entry.key() + "}"));
                }
            }
            case ARRAY -> {
                if (!type.getComponentType().isPrimitive()) {
                    int n = Array.getLength(value);
                    for (int i = 0; i < n; i++) {
                        children.add(new Node(Array.get(value, i), path + "[" + i + "]"));
                    }
                }
            }
            case LAMBDA -> {
                SerializedLambda sl = Special.serializedLambda(value);
                for (int i = 0; i < sl.getCapturedArgCount(); i++) {
                    children.add(new Node(sl.getCapturedArg(i), path + ".captured[" + i + "]"));
                }
            }
            case BUILTIN -> {
                String problem = probe(value);
                if (problem != null) {
                    issues.add(new CerealIssue(path, type.getName(), problem));
                }
                builtinChildren(value, path, children);
            }
            case RECORD -> {
                for (RecordComponent rc : type.getRecordComponents()) {
                    try {
                        var accessor = rc.getAccessor();
                        accessor.setAccessible(true);
                        children.add(new Node(accessor.invoke(value), path + "." + rc.getName()));
                    } catch (ReflectiveOperationException e) {
                        throw new SKCerealException("Cannot read record component " + rc.getName() + ": " + e, e);
                    }
                }
            }
            case FIELDS -> {
                for (Field f : Reflective.fieldsOf(type)) {
                    if (f.getType().isPrimitive()) {
                        continue;
                    }
                    try {
                        children.add(new Node(f.get(value), path + "." + f.getName()));
                    } catch (IllegalAccessException e) {
                        throw new SKCerealException(Opener.notOpenMessage(f.getDeclaringClass()), e);
                    }
                }
            }
            case ENUM, JAVA_SERIAL -> {
                // leaves for the walk: carried whole
            }
        }
        for (int i = children.size() - 1; i >= 0; i--) {
            stack.push(children.get(i));
        }
    }

    private Map<Class<?>, Handlers.Entry> rulesHandlers() {
        return rules.handlers();
    }

    /** Finds, without side effects, the live objects that a built-in rule will refuse at write time. */
    private static String probe(Object value) {
        if (value instanceof java.net.Socket socket && !(value instanceof dev.suitkaise.cereal.SocketReconnector)
                && (socket.getInetAddress() == null || socket.getPort() <= 0)) {
            return "The socket was never connected, so there is nothing to reconnect to; carry the host and port instead.";
        }
        java.nio.channels.FileChannel channel = null;
        if (value instanceof java.io.FileInputStream in) {
            channel = in.getChannel();
        } else if (value instanceof java.io.FileOutputStream out) {
            channel = out.getChannel();
        } else if (value instanceof java.io.RandomAccessFile file) {
            channel = file.getChannel();
        } else if (value instanceof java.nio.channels.FileChannel ch && Rules.isJdk(ch.getClass())) {
            channel = ch;
        }
        if (channel != null) {
            if (!channel.isOpen()) {
                return "The file is closed; a closed stream or channel cannot be reopened. Carry its Path instead.";
            }
            if (!java.nio.file.Files.isDirectory(java.nio.file.Path.of("/proc/self/fdinfo"))) {
                return "An open file can be carried only where /proc/self/fdinfo exists (Linux).";
            }
        }
        if (value instanceof java.sql.Connection connection) {
            return Connections.jdbcProblem(connection);
        }
        if (value instanceof Process process && !(value instanceof dev.suitkaise.cereal.ProcessReconnector)
                && process.info().command().isEmpty()) {
            return "The command line of process " + process.pid() + " is not visible to this JVM, so it cannot be"
                    + " restarted elsewhere; carry its command line instead.";
        }
        return null;
    }

    private static void builtinChildren(Object value, String path, List<Node> children) {
        if (value instanceof Map<?, ?> map) {
            for (Object e : map.entrySet().toArray()) {
                Map.Entry<?, ?> entry = (Map.Entry<?, ?>) e;
                String key = String.valueOf(entry.getKey());
                children.add(new Node(entry.getKey(), path + ".key(" + key + ")"));
                children.add(new Node(entry.getValue(), path + "[" + key + "]"));
            }
        } else if (value instanceof Collection<?> c) {
            Object[] items = c.toArray();
            for (int i = 0; i < items.length; i++) {
                children.add(new Node(items[i], path + "[" + i + "]"));
            }
        } else if (value instanceof Optional<?> o) {
            o.ifPresent(v -> children.add(new Node(v, path + ".value")));
        } else if (value instanceof AtomicReference<?> r) {
            children.add(new Node(r.get(), path + ".value"));
        } else if (value instanceof AtomicReferenceArray<?> a) {
            for (int i = 0; i < a.length(); i++) {
                children.add(new Node(a.get(i), path + "[" + i + "]"));
            }
        } else if (value instanceof ThreadLocal<?> t) {
            children.add(new Node(t.get(), path + ".value"));
        }
    }
}
