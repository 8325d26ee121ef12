package dev.inferyx.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.inferyx.model.sim.SimConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * 3,000 concurrent requests across three models (one failing 30% of its batches): every accepted job reaches a
 * terminal state, and the counts clients saw reconcile with {@code /metrics}.
 */
class LoadReconciliationTest {

    private static final List<String> MODELS = List.of("sim", "echo", "flaky");

    @Test
    void threeThousandConcurrentRequests_allReachATerminalState_andMetricsAgree() throws Exception {
        SimConfig flaky = new SimConfig(Duration.ofMillis(1), 64, Duration.ZERO, 0.1, 0.3, 0);
        SimConfig sim = new SimConfig(Duration.ofMillis(2), 64, Duration.ZERO, 0.1, 0, 0);
        try (TestServer server = TestServer.builder()
                .sim("sim", sim, 800)
                .echo("echo", 800)
                .sim("flaky", flaky, 800)
                .start()) {
            int total = 3000;
            Map<String, String> acceptedIds = new ConcurrentHashMap<>();
            AtomicInteger rejected = new AtomicInteger();
            List<Integer> unexpected = new ArrayList<>();
            try (var clients = Executors.newVirtualThreadPerTaskExecutor()) {
                List<Future<?>> futures = new ArrayList<>();
                for (int i = 0; i < total; i++) {
                    String model = MODELS.get(i % MODELS.size());
                    String body = "{\"input\": \"load " + i + "\", \"model_id\": \"" + model + "\"}";
                    futures.add(clients.submit(() -> {
                        TestServer.Response r = server.post("/infer", body);
                        if (r.status() == 202) {
                            acceptedIds.put(r.json().get("request_id").asText(), model);
                        } else if (r.status() == 429) {
                            rejected.incrementAndGet();
                        } else {
                            synchronized (unexpected) {
                                unexpected.add(r.status());
                            }
                        }
                        return null;
                    }));
                }
                for (Future<?> f : futures) {
                    f.get();
                }
            }
            assertThat(unexpected).isEmpty();
            assertThat(acceptedIds.size() + rejected.get()).isEqualTo(total);

            Map<String, Integer> byStatus = new ConcurrentHashMap<>();
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).untilAsserted(() ->
                    assertThat(unfinished(server)).isZero());
            for (String id : acceptedIds.keySet()) {
                String status = server.get("/result/" + id).json().get("status").asText();
                byStatus.merge(status, 1, Integer::sum);
            }
            assertThat(byStatus.keySet()).isSubsetOf("done", "failed", "expired");
            assertThat(byStatus.values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(acceptedIds.size());
            assertThat(byStatus.getOrDefault("failed", 0)).as("the flaky model fails some").isPositive();

            assertThat(server.metric("inferyx_requests_total", "outcome=\"accepted\"")).isEqualTo(acceptedIds.size());
            assertThat(server.metric("inferyx_requests_total", "outcome=\"queue_full\"")).isEqualTo(rejected.get());
            for (String status : List.of("done", "failed", "expired")) {
                assertThat(server.metric("inferyx_jobs_finished_total", "status=\"" + status + "\""))
                        .as("finished %s", status).isEqualTo(byStatus.getOrDefault(status, 0).doubleValue());
            }
            assertThat(server.metric("inferyx_batch_size_count")).isPositive();
            assertThat(server.metric("inferyx_batch_size_sum"))
                    .as("every run of a job was in exactly one batch: its last run, or one that was retried")
                    .isEqualTo(byStatus.getOrDefault("done", 0) + byStatus.getOrDefault("failed", 0)
                            + server.metric("inferyx_retries_total"));
        }
    }

    private static int unfinished(TestServer server) {
        int sum = 0;
        for (var m : server.get("/models").json().get("models")) {
            sum += m.get("queue").get("unfinished").asInt();
        }
        return sum;
    }
}
