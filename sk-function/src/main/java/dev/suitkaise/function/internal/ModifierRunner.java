package dev.suitkaise.function.internal;

import dev.suitkaise.function.Modifiers;
import dev.suitkaise.function.SKFunctionException;
import dev.suitkaise.function.SKFunctionTimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Runs a function's body under its {@link Modifiers}, always in the documented order from the
 * outside in: background, metrics, retry, rate limit, timeout, body. One instance per function
 * instance; it holds the rate limiter's state, shared by every thread calling that function.
 * Thread-safe. Waiting for a permit, a backoff or a timed attempt blocks the calling thread and
 * responds to interruption with {@link InterruptedException}, which ends the call without further
 * attempts. When such an interrupt comes after a failed attempt (during the backoff before a retry,
 * or while the retry waits for its permit or its timed attempt), the failed attempt's exception is
 * kept as a {@linkplain Throwable#getSuppressed() suppressed} exception of that
 * {@code InterruptedException}, so the real failure is not lost.
 */
public final class ModifierRunner {

    private static final Logger LOG = LoggerFactory.getLogger(ModifierRunner.class);
    private static final long NO_PERMIT_YET = Long.MIN_VALUE;

    private final Modifiers modifiers;
    private final String fn;
    private final AtomicLong nextPermit = new AtomicLong(NO_PERMIT_YET);
    private final BackoffSleeper sleeper;

    /**
     * Waits out the backoff before a retry.
     */
    @FunctionalInterface
    public interface BackoffSleeper {
        /**
         * Waits for a backoff, blocking the calling thread.
         *
         * @param nanos how long, in nanoseconds, positive
         * @throws InterruptedException if the calling thread is interrupted while waiting
         */
        void sleep(long nanos) throws InterruptedException;
    }

    /**
     * Creates a runner that sleeps the calling thread through each retry's backoff.
     *
     * @param modifiers the modifiers
     * @param fn the function's name, for messages and logs
     */
    public ModifierRunner(Modifiers modifiers, String fn) {
        this(modifiers, fn, TimeUnit.NANOSECONDS::sleep);
    }

    /**
     * Creates a runner that waits out each retry's backoff with the given sleeper, so that a test
     * can see the backoffs the runner asks for without waiting them.
     *
     * @param modifiers the modifiers
     * @param fn the function's name, for messages and logs
     * @param sleeper what waits out each backoff in the calling thread
     */
    public ModifierRunner(Modifiers modifiers, String fn, BackoffSleeper sleeper) {
        this.modifiers = modifiers;
        this.fn = fn;
        this.sleeper = sleeper;
    }

    /**
     * Runs a body under the modifiers.
     *
     * @param body one attempt of the call
     * @param metrics where to record the call, or null
     * @param executor where a background call runs
     * @param allowBackground false to run in the calling thread even if the background modifier is set
     * @return the result, or for background calls an {@link InterruptingFuture} of it
     * @throws Exception what the last attempt threw
     */
    public Object run(Callable<Object> body, MetricsRecorder metrics, Executor executor, boolean allowBackground)
            throws Exception {
        if (modifiers.background() && allowBackground) {
            return InterruptingFuture.submit(() -> measured(body, metrics), executor);
        }
        return measured(body, metrics);
    }

    /**
     * Runs a body with metrics only.
     *
     * @param body the body
     * @param metrics the recorder, or null
     * @return the result
     * @throws Exception what the body threw
     */
    public static Object measuredOnly(Callable<Object> body, MetricsRecorder metrics) throws Exception {
        if (metrics == null) {
            return body.call();
        }
        long start = metrics.start();
        boolean ok = false;
        try {
            Object result = body.call();
            ok = true;
            return result;
        } finally {
            metrics.stop(start, !ok);
        }
    }

    private Object measured(Callable<Object> body, MetricsRecorder metrics) throws Exception {
        if (metrics == null) {
            return retrying(body);
        }
        long start = metrics.start();
        boolean ok = false;
        try {
            Object result = retrying(body);
            ok = true;
            return result;
        } finally {
            metrics.stop(start, !ok);
        }
    }

    private Object retrying(Callable<Object> body) throws Exception {
        // long arithmetic: retry(Integer.MAX_VALUE, ...) must not overflow to "no retry", and a
        // backoff too long for a long of nanoseconds waits as long as a long can count
        long attempts = modifiers.retries() + 1L;
        long wait = TimeUnit.NANOSECONDS.convert(modifiers.backoff()); // Long.MAX_VALUE if too long for a long
        Exception previous = null;
        for (long attempt = 1; ; attempt++) { // long: 2^31 attempts (retry(Integer.MAX_VALUE)) must not wrap
            try {
                try {
                    acquirePermit();
                } catch (InterruptedException ie) {
                    throw keeping(ie, previous);
                }
                return timed(body, previous);
            } catch (Exception e) {
                if (attempt >= attempts || e instanceof InterruptedException || Thread.currentThread().isInterrupted()) {
                    throw e;
                }
                LOG.debug("Function '{}' failed attempt {} of {} ({}); retrying in {} ns", fn, attempt, attempts, e.toString(),
                        wait);
                if (wait > 0) {
                    try {
                        sleeper.sleep(wait);
                    } catch (InterruptedException ie) {
                        throw keeping(ie, e);
                    }
                    wait = wait > Long.MAX_VALUE / 2 ? Long.MAX_VALUE : wait * 2;
                }
                previous = e;
            }
        }
    }


    /** An interrupt of a wait after a failed attempt: keeps that attempt's exception as suppressed. */
    private static InterruptedException keeping(InterruptedException ie, Exception failedAttempt) {
        if (failedAttempt != null) {
            ie.addSuppressed(failedAttempt);
        }
        return ie;
    }

    private void acquirePermit() throws InterruptedException {
        double rate = modifiers.ratePerSecond();
        if (rate == 0) {
            return;
        }
        long interval = Math.max(1, (long) (1_000_000_000L / rate));
        long now = System.nanoTime();
        long slot;
        while (true) {
            long next = nextPermit.get();
            slot = next == NO_PERMIT_YET || next - now < 0 ? now : next;
            if (nextPermit.compareAndSet(next, slot + interval)) {
                break;
            }
        }
        long delay = slot - now;
        if (delay > 0) {
            TimeUnit.NANOSECONDS.sleep(delay);
        }
    }

    /** One attempt, under the timeout if there is one; {@code previous} is the failed attempt before it, or null. */
    private Object timed(Callable<Object> body, Exception previous) throws Exception {
        if (modifiers.timeout() == null) {
            return body.call();
        }
        // Worked out before the attempt starts: a limit too long for a long of nanoseconds (over
        // about 292 years, such as ChronoUnit.FOREVER) means no limit, and must not throw once the
        // body is already running, where nothing would wait for it or cancel it.
        long limit = TimeUnit.NANOSECONDS.convert(modifiers.timeout()); // Long.MAX_VALUE if too long
        InterruptingFuture<Object> attempt = InterruptingFuture.submit(body, InterruptingFuture.VIRTUAL);
        try {
            return limit == Long.MAX_VALUE ? attempt.get() : attempt.get(limit, TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            attempt.cancel(true);
            throw new SKFunctionTimeoutException(fn, modifiers.timeout());
        } catch (InterruptedException e) {
            attempt.cancel(true);
            throw keeping(e, previous);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof Exception ex) {
                throw ex;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw new SKFunctionException(fn, "Function '" + fn + "' threw " + cause, cause);
        }
    }
}
