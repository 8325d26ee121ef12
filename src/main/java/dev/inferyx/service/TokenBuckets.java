package dev.inferyx.service;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Where the rate limiter's token buckets live: in this process ({@link LocalTokenBuckets}) or shared by every
 * gateway on one Redis, so N gateways enforce one budget per key instead of N. A bucket that does not exist yet is
 * full; time is always the caller's ({@code now}, from the injected clock), never the store's.
 *
 * <p>Implementations are thread-safe.
 */
public interface TokenBuckets {

    /**
     * Takes one token from {@code key}'s bucket, refilled at {@code limit}'s rate up to its burst for the time since
     * the bucket was last touched. Empty when taken; otherwise how long until the next token (at least 1 ns).
     *
     * @throws dev.inferyx.core.UnavailableException when a shared store cannot answer
     */
    Optional<Duration> tryTake(String key, RateLimit limit, Instant now);

    /** How long until a bucket holding {@code tokens} (< 1) has one: rounded, so float noise stays out. */
    static Duration untilNextToken(double tokens, RateLimit limit) {
        long nanos = Math.round((1 - tokens) / limit.rate() * 1e9);
        return Duration.ofNanos(Math.max(1, nanos));
    }
}
