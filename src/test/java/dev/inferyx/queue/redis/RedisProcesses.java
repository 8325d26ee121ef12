package dev.inferyx.queue.redis;

import dev.inferyx.queue.RetentionPolicy;
import dev.inferyx.testing.FakeClock;
import dev.inferyx.testing.RedisServer;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/**
 * The fixture of the Redis-specific tests (what the backend promises beyond {@code JobQueueContract}): a private
 * redis-server per test class, a raw connection to look at its keys, and {@link #process()} for another process's
 * queue on the same Redis and key prefix. Each test gets a fresh prefix; its queues are closed after it.
 */
abstract class RedisProcesses {

    static final String MODEL = "sim";
    static final RetentionPolicy RETENTION = new RetentionPolicy(Duration.ofMinutes(10), 1_000);

    static RedisServer server;
    static StatefulRedisConnection<String, String> raw;
    private static RedisClient rawClient;

    final FakeClock clock = new FakeClock();
    final List<RedisJobQueue> queues = new ArrayList<>();
    String prefix;

    @BeforeAll
    static void startRedis() {
        server = RedisServer.start();
        rawClient = RedisClient.create(server.url());
        raw = rawClient.connect();
    }

    @AfterAll
    static void stopRedis() {
        if (raw != null) {
            raw.close();
            rawClient.shutdown();
        }
        if (server != null) {
            server.close();
        }
    }

    @BeforeEach
    void newPrefix() {
        prefix = "t" + UUID.randomUUID() + ":";
    }

    @AfterEach
    void closeQueues() {
        queues.forEach(RedisJobQueue::close);
    }

    /** Another process's view of the same Redis and prefix. */
    RedisJobQueue process(RedisConfig config) {
        RedisJobQueue q = RedisJobQueue.connect(config.withKeyPrefix(prefix), RETENTION, clock);
        queues.add(q);
        return q;
    }

    RedisJobQueue process() {
        return process(RedisConfig.of(server.url()));
    }
}
