package dev.inferyx.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.inferyx.metrics.Metrics;
import dev.inferyx.queue.RetentionPolicy;
import dev.inferyx.queue.redis.RedisConfig;
import dev.inferyx.queue.redis.RedisJobQueue;
import dev.inferyx.retry.BreakerPolicy;
import dev.inferyx.retry.CircuitBreaker;
import dev.inferyx.testing.FakeClock;
import dev.inferyx.testing.PrivateRedis;
import dev.inferyx.testing.RedisServer;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Workers' breakers published to a private redis-server and read by a gateway: each "process" is its own
 * connection (and consumer name) under one key prefix; time is a fake clock.
 */
class FleetBreakersTest {

    /** Opens after 2 failed batches; open for 30 s; one good probe closes it. */
    private static final BreakerPolicy POLICY = new BreakerPolicy(0.5, Duration.ofSeconds(60), 2,
            Duration.ofSeconds(30), 1);

    @RegisterExtension
    static final PrivateRedis server = new PrivateRedis();
    private final FakeClock clock = new FakeClock();
    private final List<RedisJobQueue> queues = new ArrayList<>();
    private final String prefix = "b" + UUID.randomUUID() + ":";

    @AfterEach
    void closeQueues() {
        queues.forEach(RedisJobQueue::close);
    }

    private RedisJobQueue process(RedisServer redis) {
        RedisJobQueue queue = RedisJobQueue.connect(RedisConfig.of(redis.url()).withKeyPrefix(prefix),
                new RetentionPolicy(Duration.ofHours(1), 1_000), clock);
        queues.add(queue);
        return queue;
    }

    private CircuitBreaker worker(String model) {
        return new CircuitBreaker(model, POLICY, clock, Metrics.NOOP,
                new FleetBreakerPublisher(process(server.server()).breakerStates(), clock));
    }

    private FleetBreakers gateway() {
        return new FleetBreakers(process(server.server()).breakerStates(), clock);
    }

    private static void fail(CircuitBreaker breaker, int batches) {
        for (int i = 0; i < batches; i++) {
            breaker.onBatch(true);
        }
    }

    @Test
    void aWorkersBreakerOpens_gatewayRefusesForTheRestOfItsOpenTime_thenAdmitsAgain() {
        CircuitBreaker worker = worker("sim");
        FleetBreakers gateway = gateway();
        assertThat(gateway.openFor("sim")).isEmpty();

        fail(worker, 2);
        clock.advance(FleetBreakers.REFRESH);

        assertThat(gateway.openFor("sim")).hasValueSatisfying(left ->
                assertThat(left).isBetween(Duration.ofSeconds(29), Duration.ofSeconds(30)));
        assertThat(gateway.openFor("other")).isEmpty();
        clock.advance(Duration.ofSeconds(20));
        assertThat(gateway.openFor("sim")).hasValueSatisfying(left ->
                assertThat(left).isBetween(Duration.ofSeconds(9), Duration.ofSeconds(10)));
        clock.advance(Duration.ofSeconds(10));
        assertThat(gateway.openFor("sim")).as("half-open: the workers' probes decide").isEmpty();
    }

    @Test
    void aProbeFailingInHalfOpen_reopensItFleetWide_andASucceedingOneClosesIt() {
        CircuitBreaker worker = worker("sim");
        FleetBreakers gateway = gateway();
        fail(worker, 2);
        clock.advance(POLICY.openFor());

        worker.onBatch(true);
        clock.advance(FleetBreakers.REFRESH);
        assertThat(gateway.openFor("sim")).isPresent();

        clock.advance(POLICY.openFor());
        worker.onBatch(false);
        assertThat(worker.state().wireName()).isEqualTo("closed");
        assertThat(gateway.openFor("sim")).isEmpty();
    }

    @Test
    void openOnAnyWorker_isOpen_untilTheLatestOpenTimeEnds() {
        CircuitBreaker first = worker("sim");
        CircuitBreaker second = worker("sim");
        CircuitBreaker healthy = worker("sim");
        FleetBreakers gateway = gateway();
        healthy.onBatch(false);
        fail(first, 2);
        clock.advance(Duration.ofSeconds(10));
        fail(second, 2);

        clock.advance(Duration.ofSeconds(25));

        assertThat(gateway.openFor("sim")).as("first has closed to half-open, second is open 5 s more")
                .hasValueSatisfying(left -> assertThat(left).isBetween(Duration.ofSeconds(4), Duration.ofSeconds(5)));
    }

    @Test
    void aReadingIsReusedForTheRefreshInterval_only() {
        CircuitBreaker worker = worker("sim");
        FleetBreakers gateway = gateway();
        assertThat(gateway.openFor("sim")).isEmpty();

        fail(worker, 2);

        assertThat(gateway.openFor("sim")).as("within the refresh interval").isEmpty();
        clock.advance(FleetBreakers.REFRESH);
        assertThat(gateway.openFor("sim")).isPresent();
    }

    @Test
    void theOpenStateKey_expiresWhenTheLatestOpenTimeEnds() {
        CircuitBreaker worker = worker("sim");
        fail(worker, 2);

        try (RedisClient client = RedisClient.create(server.url());
             StatefulRedisConnection<String, String> c = client.connect()) {
            // Redis counts the TTL down in real time from the publish: 5 s of slack for a busy machine, still far
            // from the 60 s window or no expiry at all.
            assertThat(c.sync().pttl(prefix + "br:sim")).isBetween(25_000L, 30_000L);
        }
    }

    @Test
    void redisGone_theFleetBreakerReadsAsClosed() {
        RedisServer doomed = RedisServer.start();
        try {
            FleetBreakers gateway = new FleetBreakers(process(doomed).breakerStates(), clock);
            doomed.kill();

            assertThat(gateway.openFor("sim")).isEmpty();
        } finally {
            doomed.close();
        }
    }
}
