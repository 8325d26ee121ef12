package dev.inferyx.app;

import dev.inferyx.queue.redis.RedisBreakerStates;
import dev.inferyx.queue.redis.RedisBreakerStates.Phase;
import dev.inferyx.queue.redis.RedisBreakerStates.Reading;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Objects;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A gateway's view of the fleet-wide breaker ({@link RedisBreakerStates}, published by {@link FleetBreakerPublisher}):
 * a model is refused while any worker process holds its breaker open; when the open time ends the fleet is
 * half-open, and the gateways together admit at most {@code half_open_probes} jobs per round of probing, refusing
 * the rest as if open, until the workers' verdict (closed, or open again) is published.
 *
 * <p>Cost. Each model's reading is reused for {@link #REFRESH} of the injected clock, so while the fleet is closed or
 * open admission costs no extra Redis round trip per request under load, at the price of noticing a change up to
 * that much later (but never past the end of an open time: a reading whose open time has ended is read again at
 * once, so the first request after it cannot slip through as closed). While half-open each admission takes a probe
 * slot fleet-wide in one script call, until the reading says the round's slots are gone; from then the gateway
 * refuses locally until the next refresh. So half-open costs about {@code half_open_probes} round trips per round for
 * the fleet plus at most one per gateway per refresh, and the bound is fleet-wide rather than per gateway (N
 * gateways each admitting the probe count would send N times the probes to a model that is probably still broken).
 *
 * <p>When Redis cannot answer the breaker reads as closed: admission then reports the outage itself. Thread-safe.
 */
final class FleetBreakers {

    static final Duration REFRESH = Duration.ofMillis(100);

    private static final Logger LOG = Logger.getLogger(FleetBreakers.class.getName());

    private final RedisBreakerStates states;
    private final InstantSource clock;
    private final CachedReadings<Reading> readings = new CachedReadings<>(REFRESH);

    FleetBreakers(RedisBreakerStates states, InstantSource clock) {
        this.states = Objects.requireNonNull(states, "states");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Asks to admit one job of {@code model}: empty = admitted (in half-open this took one of the fleet's
     * {@code probes} slots of the current round); otherwise how long the client should wait (at least 1 s).
     */
    Optional<Duration> tryAdmit(String model, int probes) {
        Instant now = clock.instant();
        Reading fleet = reading(model, now);
        return switch (fleet.phase()) {
            case CLOSED -> Optional.empty();
            case OPEN -> Optional.of(left(fleet, now));
            case HALF_OPEN -> {
                if (fleet.probes() >= probes) {
                    yield Optional.of(left(fleet, now));
                }
                Reading taken = takeProbe(model, now, probes);
                readings.put(model, now, taken);
                yield taken.taken() || taken.phase() == Phase.CLOSED ? Optional.empty() : Optional.of(left(taken, now));
            }
        };
    }

    /** The fleet's breaker for {@code model}, as {@code /models} and the gauge show it: a wire name. */
    String state(String model) {
        return switch (reading(model, clock.instant()).phase()) {
            case CLOSED -> "closed";
            case OPEN -> "open";
            case HALF_OPEN -> "half_open";
        };
    }

    private Reading reading(String model, Instant now) {
        long nowMs = now.toEpochMilli();
        // An open or half-open reading whose time is up is read again at once: the phase has moved on.
        return readings.get(model, now, last -> last.phase() == Phase.CLOSED || last.untilMs() > nowMs,
                m -> read(m, nowMs));
    }

    private Reading read(String model, long nowMs) {
        try {
            return states.read(model, nowMs);
        } catch (RuntimeException e) {
            LOG.log(Level.FINE, "could not read the fleet's breaker for " + model + "; treating it as closed", e);
            return Reading.CLOSED;
        }
    }

    private Reading takeProbe(String model, Instant now, int probes) {
        try {
            return states.takeProbe(model, now.toEpochMilli(), probes);
        } catch (RuntimeException e) {
            LOG.log(Level.FINE, "could not take a probe slot of the fleet's breaker for " + model
                    + "; treating it as closed", e);
            return Reading.CLOSED;
        }
    }

    private static Duration left(Reading fleet, Instant now) {
        Duration left = Duration.ofMillis(fleet.untilMs() - now.toEpochMilli());
        return left.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1) : left;
    }
}
