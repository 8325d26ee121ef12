package dev.inferyx.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.inferyx.core.UnavailableException;
import dev.inferyx.queue.RetentionPolicy;
import dev.inferyx.queue.redis.RedisConfig;
import dev.inferyx.queue.redis.RedisJobQueue;
import dev.inferyx.service.RateLimit;
import dev.inferyx.service.RateLimiter;
import dev.inferyx.service.RateLimiterContract;
import dev.inferyx.service.RateLimits;
import dev.inferyx.service.TokenBuckets;
import dev.inferyx.testing.PrivateRedis;
import dev.inferyx.testing.RedisServer;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The rate-limiter contract on Redis (a private redis-server, a key prefix per store; each "gateway" its own
 * connection), plus the buckets' TTL and an outage.
 */
class SharedRateLimiterTest extends RateLimiterContract {

    @RegisterExtension
    static final PrivateRedis server = new PrivateRedis();
    private final List<RedisJobQueue> queues = new ArrayList<>();
    private String prefix;

    @AfterEach
    void closeQueues() {
        queues.forEach(RedisJobQueue::close);
    }

    @Override
    protected TokenBuckets newBuckets() {
        prefix = "r" + UUID.randomUUID() + ":";
        return gateway(server.server(), prefix);
    }

    @Override
    protected TokenBuckets anotherGateway() {
        return gateway(server.server(), prefix);
    }

    private TokenBuckets gateway(RedisServer redis, String keyPrefix) {
        RedisJobQueue queue = RedisJobQueue.connect(RedisConfig.of(redis.url()).withKeyPrefix(keyPrefix),
                new RetentionPolicy(Duration.ofHours(1), 1_000), clock);
        queues.add(queue);
        return new SharedTokenBuckets(queue.tokenBuckets());
    }

    @Test
    void bucket_expiresOnceItWouldBeFullAgain_plusSlack() {
        RateLimiter limiter = new RateLimiter(new RateLimits(new RateLimit(2, 3), Map.of()), clock, newBuckets());
        limiter.acquire("alice");
        limiter.acquire("alice");

        try (RedisClient client = RedisClient.create(server.url());
             StatefulRedisConnection<String, String> c = client.connect()) {
            long ttl = c.sync().pttl(prefix + "rl:alice");
            // Two tokens short of a burst of 3 at 2/s: full again after 1 s.
            assertThat(ttl).isBetween(1_000L + 55_000L, 1_000L + 60_000L);
        }
    }

    @Test
    void redisGone_acquireFailsFastAsUnavailable() {
        RedisServer doomed = RedisServer.start();
        try {
            RateLimiter limiter = new RateLimiter(new RateLimits(new RateLimit(1, 5), Map.of()), clock,
                    gateway(doomed, "d:"));
            limiter.acquire("alice");
            doomed.kill();

            long started = System.nanoTime();
            assertThatThrownBy(() -> limiter.acquire("alice")).isInstanceOfSatisfying(UnavailableException.class,
                    e -> assertThat(e.code()).isEqualTo("backend_unavailable"));
            // Fast means bounded by the 2 s command timeout instead of waiting for Redis to come back (forever) or
            // for Lettuce's 60 s default; the ceiling sits well between the two so a busy machine cannot reach it.
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(15));
        } finally {
            doomed.close();
        }
    }
}
