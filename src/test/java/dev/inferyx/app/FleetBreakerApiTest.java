package dev.inferyx.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.inferyx.model.sim.SimConfig;
import dev.inferyx.retry.BreakerPolicy;
import dev.inferyx.retry.RetryPolicy;
import dev.inferyx.testing.PrivateRedis;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A gateway refusing admission while a worker (another server, one private redis-server) holds the breaker open. */
class FleetBreakerApiTest {

    private static final SimConfig BROKEN = new SimConfig(Duration.ZERO, 1, Duration.ZERO, 0, 1.0, 0);
    /**
     * Long enough that a busy machine still sees the refusal before the breaker half-opens (the gateway notices
     * within ~100 ms normally); the test waits this out once, at the end.
     */
    private static final Duration OPEN_FOR = Duration.ofSeconds(10);

    @RegisterExtension
    static final PrivateRedis redis = new PrivateRedis();

    private static TestServer.Builder node(String prefix, Role role) {
        return TestServer.builder().sim("broken", BROKEN, 100)
                .retry(new RetryPolicy(1, Duration.ZERO, Duration.ZERO, 0.2))
                .breaker(new BreakerPolicy(0.5, Duration.ofSeconds(60), 2, OPEN_FOR, 1))
                .redis(redis.url(), prefix).role(role);
    }

    @Test
    void workersBreakerOpens_gatewayAnswers503CircuitOpen_thenAdmitsOnceItsOpenTimeEnds() {
        String prefix = "fb" + UUID.randomUUID() + ":";
        try (TestServer worker = node(prefix, Role.WORKER).start();
             TestServer gateway = node(prefix, Role.GATEWAY).start()) {
            for (int i = 0; i < 2; i++) {
                assertThat(gateway.post("/infer?wait=10s", "{\"input\": \"x\", \"model_id\": \"broken\"}").json()
                        .get("status").asText()).isEqualTo("failed");
            }

            // The worker publishes as the second batch finishes; the gateway re-reads within 100 ms.
            await().atMost(OPEN_FOR.minusSeconds(2)).untilAsserted(() -> {
                TestServer.Response refused = gateway.post("/infer", "{\"input\": \"y\", \"model_id\": \"broken\"}");
                assertThat(refused.status()).as(refused.body()).isEqualTo(503);
                assertThat(refused.json().get("error").get("code").asText()).isEqualTo("circuit_open");
                assertThat(Integer.parseInt(refused.header("Retry-After").orElseThrow()))
                        .isBetween(1, (int) OPEN_FOR.toSeconds());
            });
            assertThat(gateway.get("/models").json().get("models").get(0).get("breaker").get("state").asText())
                    .isEqualTo("open");
            assertThat(gateway.metric("inferyx_requests_total", "outcome=\"circuit_open\"")).isPositive();

            await().atMost(OPEN_FOR.plusSeconds(20)).untilAsserted(() ->
                    assertThat(gateway.post("/infer", "{\"input\": \"z\", \"model_id\": \"broken\"}").status())
                            .as("admitted again: a half-open probe").isEqualTo(202));
        }
    }
}
