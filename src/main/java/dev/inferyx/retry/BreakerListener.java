package dev.inferyx.retry;

/**
 * Told of every change of a {@link CircuitBreaker}'s wire state (closed, open, half_open) and of every reopening
 * (an {@link BreakerState.Open} with a new end), on the thread that caused it, after the change took effect. Used to publish a worker's breaker to the rest of the fleet; it must not
 * throw and should be quick (it runs on a worker thread between batches).
 */
@FunctionalInterface
public interface BreakerListener {

    BreakerListener NONE = (model, state) -> { };

    void changed(String model, BreakerState state);
}
