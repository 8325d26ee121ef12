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

/**
 * A gateway refusing admission while a worker (another server, one private redis-server) holds the breaker open,
 * admitting only the probes while it is half-open, and reporting that state alike in {@code /models} and
 * {@code /metrics}.
 */
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
    void workersBreakerOpens_gatewayAnswers503CircuitOpen_thenAdmitsAProbeOnceItsOpenTimeEnds() {
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
            assertThat(breakerState(gateway)).isEqualTo("open");
            assertThat(gateway.metric("inferyx_requests_total", "outcome=\"circuit_open\"")).isPositive();

            await().atMost(OPEN_FOR.plusSeconds(20)).untilAsserted(() ->
                    assertThat(gateway.post("/infer", "{\"input\": \"z\", \"model_id\": \"broken\"}").status())
                            .as("admitted again: a half-open probe").isEqualTo(202));
        }
    }

    @Test
    void inHalfOpen_theGatewayAdmitsOnlyTheProbe_andItsFailureReopensTheBreakerFleetWide() {
        String prefix = "fb" + UUID.randomUUID() + ":";
        try (TestServer worker = node(prefix, Role.WORKER).start();
             TestServer gateway = node(prefix, Role.GATEWAY).start()) {
            breakBrokenModel(gateway);
            await().atMost(OPEN_FOR.plusSeconds(20)).until(() -> breakerState(gateway).equals("half_open"));

            assertThat(gateway.post("/infer?wait=10s", "{\"input\": \"probe\", \"model_id\": \"broken\"}")
                    .json().get("status").asText()).as("the one probe is admitted, runs and fails").isEqualTo("failed");
            TestServer.Response refused = gateway.post("/infer", "{\"input\": \"more\", \"model_id\": \"broken\"}");
            assertThat(refused.status()).as(refused.body()).isEqualTo(503);
            assertThat(refused.json().get("error").get("code").asText()).isEqualTo("circuit_open");
            await().atMost(OPEN_FOR.minusSeconds(2)).until(() -> breakerState(gateway).equals("open"));
        }
    }

    @Test
    void theGatewaysBreakerGauge_saysWhatItsModelsListSays_openThenHalfOpen() {
        String prefix = "fb" + UUID.randomUUID() + ":";
        try (TestServer worker = node(prefix, Role.WORKER).start();
             TestServer gateway = node(prefix, Role.GATEWAY).start()) {
            assertOneTruth(gateway, "closed");
            breakBrokenModel(gateway);

            await().atMost(OPEN_FOR.minusSeconds(2)).until(() -> breakerState(gateway).equals("open"));
            assertOneTruth(gateway, "open");
            await().atMost(OPEN_FOR.plusSeconds(20)).until(() -> breakerState(gateway).equals("half_open"));
            assertOneTruth(gateway, "half_open");
        }
    }

    private static void breakBrokenModel(TestServer gateway) {
        for (int i = 0; i < 2; i++) {
            assertThat(gateway.post("/infer?wait=10s", "{\"input\": \"x" + i + "\", \"model_id\": \"broken\"}")
                    .json().get("status").asText()).isEqualTo("failed");
        }
    }

    private static String breakerState(TestServer gateway) {
        return gateway.get("/models").json().get("models").get(0).get("breaker").get("state").asText();
    }

    /** {@code /models} and the {@code inferyx_breaker_state} gauge both say {@code state}, and only it. */
    private static void assertOneTruth(TestServer gateway, String state) {
        assertThat(breakerState(gateway)).isEqualTo(state);
        for (String each : new String[] {"closed", "open", "half_open"}) {
            assertThat(gateway.metric("inferyx_breaker_state", "model=\"broken\"", "state=\"" + each + "\""))
                    .as("gauge for state %s while /models says %s", each, state)
                    .isEqualTo(each.equals(state) ? 1.0 : 0.0);
        }
    }
}
