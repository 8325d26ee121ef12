package dev.inferyx.app;

import dev.inferyx.cache.IdempotencyConfig;
import dev.inferyx.cache.IdempotencyStore;
import dev.inferyx.cache.IdempotencyStoreContract;
import dev.inferyx.queue.RetentionPolicy;
import dev.inferyx.queue.redis.RedisConfig;
import dev.inferyx.queue.redis.RedisJobQueue;
import dev.inferyx.testing.PrivateRedis;
import java.time.Duration;
import java.time.InstantSource;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The idempotency contract against a private redis-server, each test under its own key prefix. */
class SharedIdempotencyStoreTest extends IdempotencyStoreContract {

    @RegisterExtension
    static final PrivateRedis server = new PrivateRedis();
    private RedisJobQueue queue;

    @AfterEach
    void closeQueue() {
        if (queue != null) {
            queue.close();
        }
    }

    @Override
    protected IdempotencyStore newStore(IdempotencyConfig config, InstantSource clock) {
        RedisConfig redis = RedisConfig.of(server.url()).withKeyPrefix("i" + UUID.randomUUID() + ":");
        queue = RedisJobQueue.connect(redis, new RetentionPolicy(Duration.ofHours(1), 1_000), clock);
        return new SharedIdempotencyStore(queue.idempotencyKeys(config.ttl(), config.maxKeys()));
    }
}
