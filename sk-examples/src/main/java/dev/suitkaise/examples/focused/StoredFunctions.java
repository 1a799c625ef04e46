package dev.suitkaise.examples.focused;

import dev.suitkaise.function.AutoReg;
import dev.suitkaise.function.SKAsync;
import dev.suitkaise.function.SKFunction;
import dev.suitkaise.function.SKFunctionReg;
import dev.suitkaise.function.SKFunctionTimeoutException;
import dev.suitkaise.function.SKGenerator;

import java.lang.invoke.MethodHandles;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * Stored functions (sk-function): a static method stored with bound arguments, registered, looked
 * up and executed; the same method registered again with other arguments and run in one step; an
 * annotated method registered on first use; a lazy generator; asynchronous calls; and the retry,
 * timeout and background modifiers.
 */
public final class StoredFunctions {

    private StoredFunctions() {
    }

    /**
     * Renders a panel title padded to a width: the method these examples store.
     *
     * @param panel the panel's name
     * @param width the width, at least {@code panel.length() + 2}
     * @return the title in brackets
     */
    public static String render(String panel, int width) {
        return "[" + String.format("%-" + (width - 2) + "s", panel) + "]";
    }

    /**
     * A greeting, registered as {@code examples.greet} the first time that name is looked up.
     *
     * @return the greeting
     */
    @AutoReg(name = "examples.greet", description = "says hello")
    public static String greet() {
        return "hello from @AutoReg";
    }

    /**
     * Runs the example.
     *
     * @param args ignored
     * @throws Exception if a call fails unexpectedly
     */
    public static void main(String[] args) throws Exception {
        // begin:functions
        SKFunction.builder(String.class)
                .target(StoredFunctions.class, "render", String.class, int.class)
                .lookup(MethodHandles.lookup())               // access to members of your module
                .arg("panel", "status").arg("width", 12)      // bound by name (or by position)
                .name("examples.render_status")
                .buildAndRegister();
        SKFunction<String> stored = SKFunction.get("examples.render_status");   // anywhere in the process
        System.out.println(stored.execute());                                   // [status    ]

        SKFunction<String> open = SKFunction.builder(String.class)
                .target(StoredFunctions.class, "render", String.class, int.class)
                .arg("panel", "log")                          // width left open
                .build();
        System.out.println(open.execute(9));                                    // [log    ]
        String wide = open.withArg("width", 20).registerAndExecute("examples.render_log_wide");
        System.out.println(wide + " registered too");                           // [log               ]
        System.out.println(SKFunctionReg.global().forTarget(stored).keySet());  // every registration of render
        System.out.println(SKFunction.<String>get("examples.greet").execute());  // an @AutoReg method
        // end:functions

        // begin:generator
        SKGenerator<Long> fibonacci = SKGenerator.of("examples.fibonacci", out -> {
            long a = 0;
            long b = 1;
            while (true) {                 // endless: the consumer decides how many
                out.yield(a);
                long next = a + b;
                a = b;
                b = next;
            }
        });
        try (Stream<Long> values = fibonacci.stream()) {       // closing stops the producer
            System.out.println(values.limit(10).toList());     // [0, 1, 1, 2, 3, 5, 8, 13, 21, 34]
        }
        // end:generator

        // begin:async
        SKAsync<String> where = SKAsync.of(() -> "virtual: " + Thread.currentThread().isVirtual());
        CompletableFuture<String> later = where.executeAsync();
        System.out.println(later.get(10, TimeUnit.SECONDS));                   // virtual: true
        CompletableFuture<String> rendered = stored.async().executeAsync();     // any stored function, async
        System.out.println(rendered.get(10, TimeUnit.SECONDS));                // [status    ]
        // end:async

        // begin:modifiers
        AtomicInteger attempts = new AtomicInteger();
        SKFunction<String> flaky = SKFunction.builder(String.class).target(() -> {
            if (attempts.incrementAndGet() < 3) {
                throw new IllegalStateException("not yet");
            }
            return "ok after " + attempts.get() + " attempts";
        }).name("examples.flaky").build();
        System.out.println(flaky.retry(5, Duration.ofMillis(10)).execute());   // ok after 3 attempts

        SKFunction<String> slow = SKFunction.builder(String.class).target(() -> {
            Thread.sleep(Duration.ofMinutes(1));
            return "too late";
        }).name("examples.slow").build();
        try {
            slow.timeout(Duration.ofMillis(200)).execute();     // the attempt is interrupted after 200 ms
        } catch (SKFunctionTimeoutException e) {
            System.out.println("timed out: " + e.getMessage());
        }

        CompletableFuture<String> background = stored.background().execute();  // returns at once
        System.out.println(background.get(10, TimeUnit.SECONDS));              // [status    ]
        // same function whatever the order the modifiers were added in:
        System.out.println(flaky.timeout(Duration.ofSeconds(5)).retry(2, Duration.ZERO).modifiers()
                .equals(flaky.retry(2, Duration.ZERO).timeout(Duration.ofSeconds(5)).modifiers()));  // true
        // end:modifiers
    }
}
