package dev.inferyx.cache;

import dev.inferyx.core.DurationFormat;
import dev.inferyx.core.JobId;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@link FlightLeaders} in this process's memory (embedded {@code serve}): a claim holds for {@code ttl} by the
 * injected clock. Entries leave when released, or are replaced by the next claim once expired, so the map holds at
 * most one entry per key in flight. Thread-safe.
 */
public final class LocalFlightLeaders implements FlightLeaders {

    private record Claim(JobId leader, Instant expires) {
    }

    private final Duration ttl;
    private final InstantSource clock;
    private final ConcurrentHashMap<CacheKey, Claim> claims = new ConcurrentHashMap<>();

    /** @param ttl how long a claim holds unless released (> 0) */
    public LocalFlightLeaders(Duration ttl, InstantSource clock) {
        if (ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("flight leader ttl must be positive, was " + DurationFormat.format(ttl));
        }
        this.ttl = ttl;
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public Optional<JobId> claim(CacheKey key, JobId leader) {
        Objects.requireNonNull(leader, "leader");
        Instant now = clock.instant();
        Claim mine = new Claim(leader, now.plus(ttl));
        Claim held = claims.compute(key, (k, c) -> c == null || !now.isBefore(c.expires()) ? mine : c);
        return held == mine ? Optional.empty() : Optional.of(held.leader());
    }

    @Override
    public void release(CacheKey key, JobId leader) {
        claims.computeIfPresent(key, (k, c) -> c.leader().equals(leader) ? null : c);
    }
}
