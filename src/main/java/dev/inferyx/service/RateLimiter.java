package dev.inferyx.service;

import dev.inferyx.core.RateLimitedException;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Objects;
import java.util.Optional;

/**
 * Per-owner token buckets ({@link RateLimits}) kept in {@link TokenBuckets}: this process's memory by default, or
 * a store shared by every gateway, so one owner has one budget however many gateways its requests reach. Time
 * comes from the injected clock and is handed to the buckets. Thread-safe.
 */
public final class RateLimiter {

    private final RateLimits limits;
    private final InstantSource clock;
    private final TokenBuckets buckets;

    /** Buckets in this process's memory. */
    public RateLimiter(RateLimits limits, InstantSource clock) {
        this(limits, clock, new LocalTokenBuckets());
    }

    public RateLimiter(RateLimits limits, InstantSource clock, TokenBuckets buckets) {
        this.limits = Objects.requireNonNull(limits, "limits");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.buckets = Objects.requireNonNull(buckets, "buckets");
    }

    /**
     * Spends one of {@code owner}'s tokens, or throws {@link RateLimitedException} saying when the next comes.
     *
     * @throws dev.inferyx.core.UnavailableException when shared buckets cannot be reached (never for unlimited
     *                                               owners, which touch no bucket)
     */
    public void acquire(String owner) {
        RateLimit limit = limits.of(owner);
        if (limit.isUnlimited()) {
            return;
        }
        Optional<Duration> wait = buckets.tryTake(owner, limit, clock.instant());
        if (wait.isPresent()) {
            throw new RateLimitedException("rate limit of API key " + owner + " exceeded: " + format(limit.rate())
                    + " requests/s, burst " + limit.burst() + "; next request allowed in "
                    + Math.max(1, wait.get().toMillis()) + " ms", wait.get());
        }
    }

    private static String format(double rate) {
        return rate == Math.rint(rate) ? Long.toString((long) rate) : Double.toString(rate);
    }
}
