package dev.inferyx.app;

import dev.inferyx.queue.redis.RedisBreakerStates;
import dev.inferyx.retry.BreakerListener;
import dev.inferyx.retry.BreakerState;
import java.time.InstantSource;
import java.util.Objects;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A worker's side of the fleet-wide breaker: publishes each change of this process's breakers to Redis (open until
 * when, or no longer open), so gateways can refuse admission while it is open. A failed publish is logged and
 * dropped: the batch that caused it is not failed for it, and the next change publishes again.
 */
final class FleetBreakerPublisher implements BreakerListener {

    private static final Logger LOG = Logger.getLogger(FleetBreakerPublisher.class.getName());

    private final RedisBreakerStates states;
    private final InstantSource clock;

    FleetBreakerPublisher(RedisBreakerStates states, InstantSource clock) {
        this.states = Objects.requireNonNull(states, "states");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public void changed(String model, BreakerState state) {
        long now = clock.instant().toEpochMilli();
        try {
            if (state instanceof BreakerState.Open open) {
                states.publishOpen(model, open.until().toEpochMilli(), now);
            } else {
                states.publishNotOpen(model, now);
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "could not publish the circuit breaker of model " + model + " ("
                    + state.wireName() + ") to the fleet: " + e.getMessage());
        }
    }
}
