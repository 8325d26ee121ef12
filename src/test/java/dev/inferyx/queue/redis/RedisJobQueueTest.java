package dev.inferyx.queue.redis;

import dev.inferyx.queue.JobQueue;
import dev.inferyx.queue.JobQueueContract;
import dev.inferyx.queue.RetentionPolicy;
import dev.inferyx.testing.PrivateRedis;
import java.time.InstantSource;
import java.util.UUID;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Runs the backend contract against a private redis-server; each test gets its own key prefix. */
class RedisJobQueueTest extends JobQueueContract {

    @RegisterExtension
    static final PrivateRedis server = new PrivateRedis();

    @Override
    protected JobQueue newQueue(InstantSource clock, RetentionPolicy retention) {
        RedisConfig config = RedisConfig.of(server.url()).withKeyPrefix("t" + UUID.randomUUID() + ":");
        return RedisJobQueue.connect(config, retention, clock);
    }
}
