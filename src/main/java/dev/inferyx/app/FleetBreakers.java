package dev.inferyx.app;

import dev.inferyx.queue.redis.RedisBreakerStates;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A gateway's view of the fleet-wide breaker: a model's breaker is open while any worker process publishes it open
 * ({@link FleetBreakerPublisher}), until the latest such worker's open time ends; then admission resumes and the
 * workers' own half-open probing decides (a failing probe reopens it and is published again).
 *
 * <p>Each model's reading is reused for {@link #REFRESH} of the injected clock, so admission costs no extra Redis
 * round trip per request under load, at the price of noticing a change up to that much later. When Redis cannot
 * answer the breaker reads as closed: admission then reports the outage itself. Thread-safe.
 */
final class FleetBreakers {

    static final Duration REFRESH = Duration.ofMillis(100);

    private static final Logger LOG = Logger.getLogger(FleetBreakers.class.getName());

    /** What Redis said at {@code readAt}: open until {@code until} (epoch ms), or not open (empty). */
    private record Reading(Instant readAt, OptionalLong until) {
    }

    private final RedisBreakerStates states;
    private final InstantSource clock;
    private final ConcurrentHashMap<String, Reading> readings = new ConcurrentHashMap<>();

    FleetBreakers(RedisBreakerStates states, InstantSource clock) {
        this.states = Objects.requireNonNull(states, "states");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** How much longer {@code model}'s breaker is open somewhere in the fleet (at least 1 s), or empty if not. */
    Optional<Duration> openFor(String model) {
        Instant now = clock.instant();
        Reading reading = readings.compute(model, (m, last) ->
                last != null && now.isBefore(last.readAt().plus(REFRESH)) && !now.isBefore(last.readAt())
                        ? last
                        : new Reading(now, read(m, now)));
        if (reading.until().isEmpty() || reading.until().getAsLong() <= now.toEpochMilli()) {
            return Optional.empty();
        }
        Duration left = Duration.ofMillis(reading.until().getAsLong() - now.toEpochMilli());
        return Optional.of(left.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1) : left);
    }

    private OptionalLong read(String model, Instant now) {
        try {
            return states.openUntil(model, now.toEpochMilli());
        } catch (RuntimeException e) {
            LOG.log(Level.FINE, "could not read the fleet's breaker for " + model + "; treating it as closed", e);
            return OptionalLong.empty();
        }
    }
}
