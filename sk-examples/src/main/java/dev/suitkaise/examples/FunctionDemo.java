package dev.suitkaise.examples;

import dev.suitkaise.function.SKAsync;
import dev.suitkaise.function.SKFunction;
import dev.suitkaise.function.SKGenerator;

import java.io.PrintStream;
import java.lang.invoke.MethodHandles;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Step 8 of the tour: a static method stored with some of its arguments, registered by name,
 * looked up and executed elsewhere; the same callable registered twice with other arguments; a
 * lazy generator; an asynchronous call on a virtual thread.
 *
 * @param rendered what the stored function returned
 * @param renderedWider what the second registration of the same method returned
 * @param registrationsOfRender how many registrations the registry holds for that method
 * @param firstSquares what the generator produced for its first five values
 * @param asyncResult what the asynchronous call returned
 */
public record FunctionDemo(String rendered, String renderedWider, int registrationsOfRender, List<Integer> firstSquares,
                           String asyncResult) {

    /**
     * Renders a panel title: the function the tour stores.
     *
     * @param panel the panel's name
     * @param width the width to pad to
     * @return the padded title
     */
    public static String render(String panel, int width) {
        return "[" + String.format("%-" + (width - 2) + "s", panel) + "]";
    }

    static FunctionDemo run(PrintStream out) {
        SKFunction.builder(String.class)
                .target(FunctionDemo.class, "render", String.class, int.class)
                .lookup(MethodHandles.lookup())
                .arg("panel", "status").arg("width", 12)
                .name("tour.render_status")
                .buildAndRegister();
        String rendered = SKFunction.<String>get("tour.render_status").execute();
        out.println("   stored render(panel=\"status\", width=12) as 'tour.render_status'; executed by name: " + rendered);

        SKFunction<String> wider = SKFunction.builder(String.class)
                .target(FunctionDemo.class, "render", String.class, int.class)
                .lookup(MethodHandles.lookup())
                .arg("status").arg(20)
                .build();
        String renderedWider = wider.registerAndExecute("tour.render_status_wide");
        int registrations = dev.suitkaise.function.SKFunctionReg.of(dev.suitkaise.reg.Domain.GLOBAL)
                .forTarget(wider).size();
        out.println("   the same method registered again with width=20 and run in one step: " + renderedWider
                + " (" + registrations + " registrations of render)");

        SKGenerator<Integer> squares = SKGenerator.of("tour.squares", values -> {
            for (int i = 1; ; i++) {
                values.yield(i * i);
            }
        });
        List<Integer> first;
        try (var stream = squares.stream()) {
            first = stream.limit(5).toList();
        }
        out.println("   an endless generator, read lazily and closed after five values: " + first);

        String asyncResult;
        try {
            asyncResult = SKAsync.of(() -> "ran on a " + (Thread.currentThread().isVirtual() ? "virtual" : "platform") + " thread")
                    .executeAsync().get(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the async call", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("the async call failed", e);
        }
        out.println("   SKAsync: " + asyncResult);
        return new FunctionDemo(rendered, renderedWider, registrations, first, asyncResult);
    }

    /**
     * Whether every call gave what it should.
     *
     * @return true if all checks hold
     */
    boolean ok() {
        return "[status    ]".equals(rendered) && "[status            ]".equals(renderedWider) && registrationsOfRender == 2
                && firstSquares.equals(List.of(1, 4, 9, 16, 25)) && "ran on a virtual thread".equals(asyncResult);
    }
}
