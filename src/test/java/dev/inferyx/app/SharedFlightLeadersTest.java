package dev.inferyx.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.inferyx.cache.CacheKey;
import dev.inferyx.cache.FlightLeaders;
import dev.inferyx.cache.FlightLeadersContract;
import dev.inferyx.core.Input;
import dev.inferyx.core.JobId;
import dev.inferyx.core.UnavailableException;
import dev.inferyx.queue.RetentionPolicy;
import dev.inferyx.queue.redis.RedisConfig;
import dev.inferyx.queue.redis.RedisJobQueue;
import dev.inferyx.testing.PrivateRedis;
import dev.inferyx.testing.RedisServer;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The flight-leaders contract on a private redis-server (each "gateway" its own connection), plus TTL and outage. */
class SharedFlightLeadersTest extends FlightLeadersContract {

    @RegisterExtension
    static final PrivateRedis server = new PrivateRedis();
    private final List<RedisJobQueue> queues = new ArrayList<>();
    private String prefix;
    private Duration ttl;
    private InstantSource clockInUse;

    @AfterEach
    void closeQueues() {
        queues.forEach(RedisJobQueue::close);
    }

    @Override
    protected FlightLeaders newLeaders(Duration ttl, InstantSource clock) {
        this.prefix = "f" + UUID.randomUUID() + ":";
        this.ttl = ttl;
        this.clockInUse = clock;
        return gateway(server.server());
    }

    @Override
    protected FlightLeaders anotherGateway() {
        return gateway(server.server());
    }

    private FlightLeaders gateway(RedisServer redis) {
        RedisJobQueue queue = RedisJobQueue.connect(RedisConfig.of(redis.url()).withKeyPrefix(prefix),
                new RetentionPolicy(Duration.ofHours(1), 1_000), clockInUse);
        queues.add(queue);
        return new SharedFlightLeaders(queue.flightLeaders(ttl));
    }

    @Test
    void aClaim_hasTheTtlAsItsRedisTtl() {
        CacheKey key = CacheKey.of("sim", "1", new Input.Text("ttl"));
        gateway(server.server()).claim(key, JobId.random());

        try (RedisClient client = RedisClient.create(server.url());
             StatefulRedisConnection<String, String> c = client.connect()) {
            assertThat(c.sync().pttl(prefix + "fl:" + key.digest())).isBetween(TTL.toMillis() - 5_000, TTL.toMillis());
        }
    }

    @Test
    void redisGone_claimFailsAsUnavailable() {
        RedisServer doomed = RedisServer.start();
        try {
            FlightLeaders leaders = gateway(doomed);
            doomed.kill();

            assertThatThrownBy(() -> leaders.claim(CacheKey.of("sim", "1", new Input.Text("a")), JobId.random()))
                    .isInstanceOf(UnavailableException.class);
        } finally {
            doomed.close();
        }
    }
}
