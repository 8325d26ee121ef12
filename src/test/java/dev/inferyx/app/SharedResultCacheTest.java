package dev.inferyx.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.inferyx.cache.CacheConfig;
import dev.inferyx.cache.CacheKey;
import dev.inferyx.cache.ResultCache;
import dev.inferyx.cache.ResultCacheContract;
import dev.inferyx.core.Input;
import dev.inferyx.core.Output;
import dev.inferyx.core.tensor.Tensors;
import dev.inferyx.queue.RetentionPolicy;
import dev.inferyx.queue.redis.RedisConfig;
import dev.inferyx.queue.redis.RedisJobQueue;
import dev.inferyx.testing.PrivateRedis;
import dev.inferyx.testing.RedisServer;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Runs the cache contract on Redis (private redis-server, a key prefix per cache), plus its evictions and outage. */
class SharedResultCacheTest extends ResultCacheContract {

    @RegisterExtension
    static final PrivateRedis server = new PrivateRedis();
    private final List<RedisJobQueue> queues = new ArrayList<>();

    @AfterEach
    void closeQueues() {
        queues.forEach(RedisJobQueue::close);
    }

    @Override
    protected ResultCache newCache(CacheConfig config, InstantSource clock) {
        return newCache(config, clock, "c" + UUID.randomUUID() + ":");
    }

    private ResultCache newCache(CacheConfig config, InstantSource clock, String prefix) {
        RedisConfig redis = RedisConfig.of(server.url()).withKeyPrefix(prefix);
        RedisJobQueue queue = RedisJobQueue.connect(redis, new RetentionPolicy(Duration.ofHours(1), 1_000), clock);
        queues.add(queue);
        return new SharedResultCache(queue.resultEntries(config.ttl(), config.maxEntries()), metrics);
    }

    @Test
    void aResultStoredByOneGateway_isAHitOnAnother_embeddingsExactly() {
        String prefix = "s" + UUID.randomUUID() + ":";
        CacheConfig config = new CacheConfig(Duration.ofMinutes(1), 10);
        ResultCache one = newCache(config, clock, prefix);
        ResultCache other = newCache(config, clock, prefix);
        CacheKey key = CacheKey.of("minilm", "1", new Input.Text("a"));
        Output.Embedding vector = new Output.Embedding(new float[] {0.25f, -1.0e-9f, Float.MIN_VALUE});

        one.put(key, vector);

        assertThat(other.get(key)).contains(vector);
    }

    @Test
    void aTensorResultStoredByOneGateway_isAHitOnAnother_exactly() {
        String prefix = "s" + UUID.randomUUID() + ":";
        CacheConfig config = new CacheConfig(Duration.ofMinutes(1), 10);
        ResultCache one = newCache(config, clock, prefix);
        ResultCache other = newCache(config, clock, prefix);
        CacheKey key = CacheKey.of("add", "1", new Input.Tensors(Tensors.everyKind()));
        Output.Tensors tensors = new Output.Tensors(Tensors.everyKind());

        one.put(key, tensors);

        assertThat(other.get(key)).contains(tensors);
    }

    @Test
    void redisGone_getIsAMiss_andPutIsSkipped() {
        RedisServer doomed = RedisServer.start();
        try {
            RedisConfig redis = RedisConfig.of(doomed.url()).withKeyPrefix("d:");
            RedisJobQueue queue = RedisJobQueue.connect(redis, new RetentionPolicy(Duration.ofHours(1), 1_000), clock);
            queues.add(queue);
            ResultCache cache = new SharedResultCache(queue.resultEntries(Duration.ofMinutes(1), 10), metrics);
            doomed.kill();
            CacheKey key = CacheKey.of("sim", "1", new Input.Text("a"));

            cache.put(key, new Output.Text("A"));

            assertThat(cache.get(key)).isEmpty();
        } finally {
            doomed.close();
        }
    }
}
