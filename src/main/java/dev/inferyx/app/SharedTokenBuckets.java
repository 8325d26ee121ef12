package dev.inferyx.app;

import dev.inferyx.queue.redis.RedisTokenBuckets;
import dev.inferyx.service.RateLimit;
import dev.inferyx.service.TokenBuckets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * The {@link TokenBuckets} of gateways on Redis: adapts {@link RedisTokenBuckets} (which knows nothing of
 * {@code service}), so an API key's rate limit is one budget across every gateway. When Redis cannot answer, a take
 * fails with {@code UnavailableException} (503 {@code backend_unavailable}) within the command timeout: admission
 * needs Redis anyway, and letting requests through unlimited during an outage would defeat the limit.
 */
final class SharedTokenBuckets implements TokenBuckets {

    private final RedisTokenBuckets buckets;

    SharedTokenBuckets(RedisTokenBuckets buckets) {
        this.buckets = Objects.requireNonNull(buckets, "buckets");
    }

    @Override
    public Optional<Duration> tryTake(String key, RateLimit limit, Instant now) {
        long micros = ChronoUnit.MICROS.between(Instant.EPOCH, now);
        OptionalDouble held = buckets.tryTake(key, limit.rate(), limit.burst(), micros);
        return held.isEmpty() ? Optional.empty() : Optional.of(TokenBuckets.untilNextToken(held.getAsDouble(), limit));
    }
}
