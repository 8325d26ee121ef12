package dev.inferyx.app;

import dev.inferyx.queue.redis.RedisBreakerStates;
import dev.inferyx.retry.BreakerListener;
import dev.inferyx.retry.BreakerState;
import java.time.InstantSource;
import java.util.Objects;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A worker's side of the fleet-wide breaker: publishes each opening and closing of this process's breakers to Redis,
 * so gateways refuse admission while it is open and admit only probe jobs while it is half-open. Half-open needs no
 * write of its own: an open breaker is published with the end of its open time and the end of its probe time, and
 * is half-open in between until a verdict (closed, or open again) replaces it. The probe time is as long as the open
 * time ({@code breaker_open_for}, the interval after which the breaker itself hands out fresh probe slots), so a
 * worker that dies half-open holds the fleet's gateways back for at most that long. A failed publish is logged and
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
            switch (state) {
                case BreakerState.Open open -> {
                    // Told on the thread that opened it, at once: until - now is this breaker's open_for.
                    long until = open.until().toEpochMilli();
                    states.publishOpen(model, until, until + Math.max(0, until - now), now);
                }
                case BreakerState.Closed closed -> states.publishClosed(model, now);
                // Published already: the field of the opening reads as half-open once its open time has passed.
                case BreakerState.HalfOpen half -> { }
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "could not publish the circuit breaker of model " + model + " ("
                    + state.wireName() + ") to the fleet: " + e.getMessage());
        }
    }
}
