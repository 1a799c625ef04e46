package dev.suitkaise.cycle.internal;

import dev.suitkaise.function.AnyFunction;

import java.io.Serial;

/**
 * Sent to a child process to interrupt one attempt of a part running there (timeout or cancel).
 *
 * @param token the attempt's token
 */
public record CancelRemote(String token) implements AnyFunction<Boolean> {

    @Serial
    private static final long serialVersionUID = 1L;

    @Override
    public Boolean call() {
        return ChildParts.interrupt(token);
    }
}
