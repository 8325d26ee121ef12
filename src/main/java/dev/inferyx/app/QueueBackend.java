package dev.inferyx.app;

import dev.inferyx.config.InferyxConfig;
import dev.inferyx.metrics.Metrics;
import dev.inferyx.queue.JobQueue;
import dev.inferyx.queue.MeteredJobQueue;
import dev.inferyx.queue.memory.MemoryJobQueue;
import dev.inferyx.queue.memory.MemoryJobStore;
import dev.inferyx.queue.redis.RedisJobQueue;
import java.time.InstantSource;

/** Picks the queue backend for a role: Redis when {@code redis.url} is set, else in memory (only for ALL). */
final class QueueBackend {

    private QueueBackend() {
    }

    static boolean isShared(InferyxConfig config) {
        return config.redis().configured();
    }

    /** The metered queue, and the Redis backend under it when there is one (for its heartbeat). */
    record Opened(JobQueue queue, java.util.Optional<RedisJobQueue> redis) {
    }

    /** Opens the backend; throws IllegalStateException when the role needs Redis and none is configured. */
    static Opened open(InferyxConfig config, Role role, InstantSource clock, Metrics metrics) {
        JobQueue backend;
        if (isShared(config)) {
            RedisJobQueue redis = RedisJobQueue.connect(config.redis(), config.retention(), clock);
            return new Opened(new MeteredJobQueue(redis, metrics, clock), java.util.Optional.of(redis));
        } else if (role == Role.ALL) {
            backend = new MemoryJobQueue(new MemoryJobStore(config.retention(), clock), clock);
        } else {
            throw new IllegalStateException("the " + role.name().toLowerCase(java.util.Locale.ROOT)
                    + " role needs Redis: set redis.url, INFERYX_REDIS_URL or --redis");
        }
        return new Opened(new MeteredJobQueue(backend, metrics, clock), java.util.Optional.empty());
    }
}
