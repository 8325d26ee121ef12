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
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Workers' breakers published to a private redis-server and read by a gateway: each "process" is its own
 * connection (and consumer name) under one key prefix; time is a fake clock.
 */
class FleetBreakersTest {

    /** Opens after 2 failed batches; open for 30 s, then probing for up to 30 s; two good probes close it. */
    private static final BreakerPolicy POLICY = new BreakerPolicy(0.5, Duration.ofSeconds(60), 2,
            Duration.ofSeconds(30), 2);
    private static final int PROBES = POLICY.halfOpenProbes();

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

    private static Optional<Duration> admit(FleetBreakers gateway) {
        return gateway.tryAdmit("sim", PROBES);
    }

    /** How many of {@code attempts} admissions {@code gateway} lets in. */
    private static int admitted(FleetBreakers gateway, int attempts) {
        int admitted = 0;
        for (int i = 0; i < attempts; i++) {
            admitted += admit(gateway).isEmpty() ? 1 : 0;
        }
        return admitted;
    }

    @Test
    void aWorkersBreakerOpens_gatewayRefusesForTheRestOfItsOpenTime_thenAdmitsOnlyTheProbes() {
        CircuitBreaker worker = worker("sim");
        FleetBreakers gateway = gateway();
        assertThat(admit(gateway)).isEmpty();

        fail(worker, 2);
        clock.advance(FleetBreakers.REFRESH);

        assertThat(admit(gateway)).hasValueSatisfying(left ->
                assertThat(left).isBetween(Duration.ofSeconds(29), Duration.ofSeconds(30)));
        assertThat(gateway.tryAdmit("other", PROBES)).isEmpty();
        clock.advance(Duration.ofSeconds(20));
        assertThat(admit(gateway)).hasValueSatisfying(left ->
                assertThat(left).isBetween(Duration.ofSeconds(9), Duration.ofSeconds(10)));
        clock.advance(Duration.ofSeconds(10));

        assertThat(gateway.state("sim")).isEqualTo("half_open");
        assertThat(admitted(gateway, 10)).as("half-open: only the probes").isEqualTo(PROBES);
        assertThat(admit(gateway)).as("refused like open, until the probe time ends").hasValueSatisfying(left ->
                assertThat(left).isBetween(Duration.ofSeconds(29), Duration.ofSeconds(30)));
    }

    @Test
    void inHalfOpen_theProbeBoundIsFleetWide_notPerGateway() {
        CircuitBreaker worker = worker("sim");
        FleetBreakers first = gateway();
        FleetBreakers second = gateway();
        fail(worker, 2);
        clock.advance(POLICY.openFor());

        int admitted = admitted(first, 1) + admitted(second, 5) + admitted(first, 5);

        assertThat(admitted).isEqualTo(PROBES);
    }

    @Test
    void onceItsSlotsAreGone_aGatewayRefusesWithoutAskingRedis_untilTheNextRefresh() {
        CircuitBreaker worker = worker("sim");
        FleetBreakers gateway = gateway();
        fail(worker, 2);
        clock.advance(POLICY.openFor());
        assertThat(admitted(gateway, PROBES + 1)).isEqualTo(PROBES);

        worker.onBatch(false);
        worker.onBatch(false);
        assertThat(worker.state().wireName()).isEqualTo("closed");

        assertThat(admit(gateway)).as("the closing is seen only at the next refresh").isPresent();
        clock.advance(FleetBreakers.REFRESH);
        assertThat(admitted(gateway, 10)).as("closed: everything again").isEqualTo(10);
        assertThat(gateway.state("sim")).isEqualTo("closed");
    }

    @Test
    void aProbeFailingInHalfOpen_reopensItFleetWide_andAfterThatOpenTimeAFreshRoundOfProbes() {
        CircuitBreaker worker = worker("sim");
        FleetBreakers gateway = gateway();
        fail(worker, 2);
        clock.advance(POLICY.openFor());
        assertThat(admitted(gateway, 10)).isEqualTo(PROBES);

        worker.onBatch(true);
        clock.advance(FleetBreakers.REFRESH);
        assertThat(gateway.state("sim")).isEqualTo("open");
        assertThat(admit(gateway)).isPresent();

        clock.advance(POLICY.openFor());
        assertThat(admitted(gateway, 10)).as("a new round").isEqualTo(PROBES);
        worker.onBatch(false);
        worker.onBatch(false);
        clock.advance(FleetBreakers.REFRESH);
        assertThat(admitted(gateway, 10)).isEqualTo(10);
    }

    @Test
    void theFirstRequestAfterTheOpenTimeEnds_isJudgedAsHalfOpen_notAdmittedFromAStaleReading() {
        CircuitBreaker worker = worker("sim");
        FleetBreakers gateway = gateway();
        fail(worker, 2);
        clock.advance(POLICY.openFor().minus(Duration.ofMillis(10)));
        assertThat(admit(gateway)).isPresent();

        clock.advance(Duration.ofMillis(10));

        assertThat(admitted(gateway, 10)).isEqualTo(PROBES);
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

        assertThat(admit(gateway)).as("first is half-open, second is open 5 s more")
                .hasValueSatisfying(left -> assertThat(left).isBetween(Duration.ofSeconds(4), Duration.ofSeconds(5)));
        assertThat(gateway.state("sim")).isEqualTo("open");
    }

    @Test
    void oneOfTwoHalfOpenWorkersClosing_startsAFreshRoundOfProbesForTheOther() {
        CircuitBreaker first = worker("sim");
        CircuitBreaker second = worker("sim");
        FleetBreakers gateway = gateway();
        fail(first, 2);
        fail(second, 2);
        clock.advance(POLICY.openFor());
        assertThat(admitted(gateway, 10)).isEqualTo(PROBES);

        first.onBatch(false);
        first.onBatch(false);
        clock.advance(FleetBreakers.REFRESH);

        assertThat(gateway.state("sim")).as("second still probing").isEqualTo("half_open");
        assertThat(admitted(gateway, 10)).isEqualTo(PROBES);
    }

    @Test
    void noVerdictWithinTheProbeTime_aWorkerThatDiedHalfOpen_holdsTheFleetBackNoLonger() {
        CircuitBreaker worker = worker("sim");
        FleetBreakers gateway = gateway();
        fail(worker, 2);
        clock.advance(POLICY.openFor());
        assertThat(admitted(gateway, 10)).isEqualTo(PROBES);

        clock.advance(POLICY.openFor());

        assertThat(gateway.state("sim")).isEqualTo("closed");
        assertThat(admitted(gateway, 10)).isEqualTo(10);
    }

    @Test
    void aReadingIsReusedForTheRefreshInterval_only() {
        CircuitBreaker worker = worker("sim");
        FleetBreakers gateway = gateway();
        assertThat(admit(gateway)).isEmpty();

        fail(worker, 2);

        assertThat(admit(gateway)).as("within the refresh interval").isEmpty();
        assertThat(gateway.state("sim")).isEqualTo("closed");
        clock.advance(FleetBreakers.REFRESH);
        assertThat(admit(gateway)).isPresent();
        assertThat(gateway.state("sim")).isEqualTo("open");
    }

    @Test
    void theStateKeys_expireWhenTheLatestProbeTimeEnds() {
        CircuitBreaker worker = worker("sim");
        fail(worker, 2);
        clock.advance(POLICY.openFor().plusSeconds(5));
        assertThat(admit(gateway())).isEmpty();

        try (RedisClient client = RedisClient.create(server.url());
             StatefulRedisConnection<String, String> c = client.connect()) {
            // Redis counts a TTL down in real time from the write: 5 s of slack for a busy machine, still far from
            // a wrong window or no expiry at all.
            assertThat(c.sync().pttl(prefix + "br:sim")).as("state written at the opening: open 30 s + probe 30 s")
                    .isBetween(55_000L, 60_000L);
            List<String> counters = c.sync().keys(prefix + "br:sim:probes:*");
            assertThat(counters).hasSize(1);
            assertThat(c.sync().pttl(counters.getFirst())).as("the rest of the probe time")
                    .isBetween(20_000L, 25_000L);
        }
    }

    @Test
    void redisGone_theFleetBreakerReadsAsClosed() {
        RedisServer doomed = RedisServer.start();
        try {
            FleetBreakers gateway = new FleetBreakers(process(doomed).breakerStates(), clock);
            doomed.kill();

            assertThat(admit(gateway)).isEmpty();
            assertThat(gateway.state("sim")).isEqualTo("closed");
        } finally {
            doomed.close();
        }
    }
}
