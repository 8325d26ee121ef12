package dev.inferyx.service;

import dev.inferyx.core.RateLimitedException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Per-owner token buckets ({@link RateLimits}). Buckets are created on an owner's first request; when more than
 * {@code maxBuckets} are held, full buckets are forgotten (a full bucket is what a new one would be), so the
 * map stays bounded without changing any answer. Thread-safe.
 */
public final class RateLimiter {

    static final int DEFAULT_MAX_BUCKETS = 10_000;

    private final RateLimits limits;
    private final InstantSource clock;
    private final int maxBuckets;
    private final ConcurrentHashMap<String, TokenBucket> buckets = new ConcurrentHashMap<>();

    public RateLimiter(RateLimits limits, InstantSource clock) {
        this(limits, clock, DEFAULT_MAX_BUCKETS);
    }

    RateLimiter(RateLimits limits, InstantSource clock, int maxBuckets) {
        this.limits = Objects.requireNonNull(limits, "limits");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.maxBuckets = maxBuckets;
    }

    /** Spends one of {@code owner}'s tokens, or throws {@link RateLimitedException} saying when the next comes. */
    public void acquire(String owner) {
        RateLimit limit = limits.of(owner);
        if (limit.isUnlimited()) {
            return;
        }
        Instant now = clock.instant();
        if (buckets.size() >= maxBuckets && !buckets.containsKey(owner)) {
            buckets.values().removeIf(b -> b.isFullAt(now));
        }
        Optional<Duration> wait = buckets.computeIfAbsent(owner, o -> new TokenBucket(limit, now)).tryTake(now);
        if (wait.isPresent()) {
            throw new RateLimitedException("rate limit of API key " + owner + " exceeded: " + format(limit.rate())
                    + " requests/s, burst " + limit.burst() + "; next request allowed in "
                    + Math.max(1, wait.get().toMillis()) + " ms", wait.get());
        }
    }

    /** Buckets held now, for bound tests. */
    int buckets() {
        return buckets.size();
    }

    private static String format(double rate) {
        return rate == Math.rint(rate) ? Long.toString((long) rate) : Double.toString(rate);
    }
}
