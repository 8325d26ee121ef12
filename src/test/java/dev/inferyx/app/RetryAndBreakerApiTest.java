package dev.inferyx.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.inferyx.config.ConfigLoader;
import dev.inferyx.config.InferyxConfig;
import dev.inferyx.model.sim.SimConfig;
import dev.inferyx.retry.BreakerPolicy;
import dev.inferyx.retry.RetryPolicy;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Retrying jobs and the circuit breaker as clients see them over real HTTP. */
class RetryAndBreakerApiTest {

    private static final SimConfig BROKEN = new SimConfig(Duration.ZERO, 1, Duration.ZERO, 0, 1.0, 0);

    @Test
    void result_ofAJobWaitingToRetry_showsRetryingWithAttemptsAndNextAttemptAt() {
        try (TestServer server = TestServer.builder()
                .retry(new RetryPolicy(2, Duration.ofMinutes(1), Duration.ofMinutes(1), 1.0))
                .drainTimeout(Duration.ZERO) // the job waits a minute to retry: do not wait for it on close
                .sim("broken", BROKEN, 100).start()) {
            String id = server.post("/infer", "{\"input\": \"x\", \"model_id\": \"broken\"}").json()
                    .get("request_id").asText();

            await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                    assertThat(server.get("/result/" + id).json().get("status").asText()).isEqualTo("retrying"));
            JsonNode job = server.get("/result/" + id).json();

            assertThat(job.get("attempts").asInt()).isEqualTo(1);
            assertThat(Instant.parse(job.get("next_attempt_at").asText())).isAfter(Instant.parse(
                    job.get("created_at").asText()));
            assertThat(job.get("error").get("code").asText()).isEqualTo("model_error");
            assertThat(server.metric("inferyx_retries_total", "model=\"broken\"", "reason=\"model_error\""))
                    .isEqualTo(1);
        }
    }

    @Test
    void deadlinePassingWhileRetrying_endsExpired_andTheWaitingClientGets504() {
        try (TestServer server = TestServer.builder()
                .retry(new RetryPolicy(4, Duration.ofMinutes(1), Duration.ofMinutes(1), 1.0))
                .sim("broken", BROKEN, 100).start()) {
            TestServer.Response r = server.post("/infer?wait=20s",
                    "{\"input\": \"x\", \"model_id\": \"broken\", \"timeout_ms\": 300}");

            assertThat(r.status()).isEqualTo(504);
            assertThat(r.json().get("error").get("code").asText()).isEqualTo("deadline_exceeded");
            JsonNode job = server.get("/result/" + r.json().get("request_id").asText()).json();
            assertThat(job.get("status").asText()).isEqualTo("expired");
            assertThat(job.get("attempts").asInt()).as("it ran once, then expired instead of waiting a minute")
                    .isEqualTo(1);
        }
    }

    @Test
    void breaker_opensAfterFailingBatches_thenSubmissionsGet503CircuitOpenWithRetryAfter() {
        try (TestServer server = TestServer.builder()
                .retry(new RetryPolicy(1, Duration.ZERO, Duration.ZERO, 0.2))
                .breaker(new BreakerPolicy(0.5, Duration.ofSeconds(60), 2, Duration.ofSeconds(30), 1))
                .sim("broken", BROKEN, 100).start()) {
            for (int i = 0; i < 2; i++) {
                assertThat(server.post("/infer?wait=10s", "{\"input\": \"x\", \"model_id\": \"broken\"}").json()
                        .get("status").asText()).isEqualTo("failed");
            }
            // The worker reports a batch to the breaker just after failing its jobs, so a waiting client can hear
            // of the failure a moment before the breaker does.
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> server.get("/models")
                    .json().get("models").get(0).get("breaker").get("state").asText().equals("open"));

            TestServer.Response refused = server.post("/infer", "{\"input\": \"y\", \"model_id\": \"broken\"}");

            assertThat(refused.status()).isEqualTo(503);
            assertThat(refused.json().get("error").get("code").asText()).isEqualTo("circuit_open");
            assertThat(Integer.parseInt(refused.header("Retry-After").orElseThrow())).isBetween(1, 30);
            JsonNode model = server.get("/models").json().get("models").get(0);
            assertThat(model.get("breaker").get("state").asText()).isEqualTo("open");
            assertThat(model.get("queue").get("dead_letters").asInt()).isEqualTo(2);
            assertThat(server.metric("inferyx_breaker_state", "state=\"open\"")).isEqualTo(1);
            assertThat(server.metric("inferyx_breaker_state", "state=\"closed\"")).isZero();
            assertThat(server.metric("inferyx_breaker_transitions_total", "from=\"closed\"", "to=\"open\""))
                    .isEqualTo(1);
            assertThat(server.metric("inferyx_requests_total", "outcome=\"circuit_open\"")).isEqualTo(1);
        }
    }

    /**
     * Through the real config loader and wiring: with no ratio, a quiet model's retries are the floor times the
     * window, 0.25/s x 12 s = 3. The built-in 10 s window would allow 2 and the built-in 1/s floor 12, so the
     * count shows both configured values took effect. (The test runs well inside the 12 s window.)
     */
    @Test
    void retryBudgetWindowAndFloor_fromTheConfigFile_boundAQuietModelsRetries() {
        InferyxConfig config = ConfigLoader.fromYaml("""
                server: {port: 0, drain_timeout: 10s}
                defaults: {min_workers: 1, max_workers: 1}
                models:
                  sim: ~
                  echo: ~
                  minilm: ~
                  flaky: {failure_rate: 1.0, max_attempts: 2, retry_backoff_base: 0ms, retry_backoff_cap: 0ms,
                          retry_budget_ratio: 0, retry_budget_window: 12s, retry_budget_min_per_second: 0.25}
                """, Map.of());

        try (TestServer server = TestServer.of(config)) {
            var codes = new java.util.ArrayList<String>();
            for (int i = 0; i < 6; i++) {
                JsonNode job = server.post("/infer?wait=10s", "{\"input\": \"x\", \"model_id\": \"flaky\"}")
                        .json();
                assertThat(job.get("status").asText()).isEqualTo("failed");
                codes.add(job.get("error").get("code").asText() + " after " + job.get("attempts").asInt());
            }

            assertThat(codes).containsExactly("model_error after 2", "model_error after 2", "model_error after 2",
                    "retry_budget_exhausted after 1", "retry_budget_exhausted after 1",
                    "retry_budget_exhausted after 1");
            assertThat(server.metric("inferyx_retry_budget_exhausted_total", "model=\"flaky\"")).isEqualTo(3);
        }
    }
}
