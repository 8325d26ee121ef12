package dev.inferyx.queue.redis;

import dev.inferyx.queue.JobQueue;
import dev.inferyx.queue.JobQueueContract;
import dev.inferyx.queue.RetentionPolicy;
import dev.inferyx.testing.RedisServer;
import java.time.InstantSource;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** Runs the backend contract against a private redis-server; each test gets its own key prefix. */
class RedisJobQueueTest extends JobQueueContract {

    private static RedisServer server;

    @BeforeAll
    static void startRedis() {
        server = RedisServer.start();
    }

    @AfterAll
    static void stopRedis() {
        if (server != null) {
            server.close();
        }
    }

    @Override
    protected JobQueue newQueue(InstantSource clock, RetentionPolicy retention) {
        RedisConfig config = RedisConfig.of(server.url()).withKeyPrefix("t" + UUID.randomUUID() + ":");
        return RedisJobQueue.connect(config, retention, clock);
    }
}
