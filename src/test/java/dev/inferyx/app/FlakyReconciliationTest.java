package dev.inferyx.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.inferyx.model.sim.SimConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The proof: 2,000 jobs through the real server on a model that fails 30% of its batches, with retries,
 * the retry budget and dead letters on. Every job ends done, or failed and in the dead-letter queue, or expired
 * (or was rejected); none is stuck; the counts clients saw reconcile with {@code /metrics}.
 */
class FlakyReconciliationTest {

    private static final int JOBS = 2000;

    @Test
    void twoThousandJobsOnAFlakyModel_allEndDoneOrDeadLettered_andMetricsAgree() throws Exception {
        SimConfig flaky = new SimConfig(Duration.ofMillis(1), 64, Duration.ZERO, 0.1, 0.3, 0);
        try (TestServer server = TestServer.builder().sim("flaky", flaky, 1500).start()) {
            Map<String, Boolean> accepted = new ConcurrentHashMap<>();
            AtomicInteger rejected = new AtomicInteger();
            List<String> unexpected = new ArrayList<>();
            // Bounded client concurrency: the machine is shared, and 2,000 sockets at once would test the OS.
            Semaphore inFlight = new Semaphore(64);
            try (var clients = Executors.newVirtualThreadPerTaskExecutor()) {
                List<Future<?>> futures = new ArrayList<>();
                for (int i = 0; i < JOBS; i++) {
                    String body = "{\"input\": \"flaky " + i + "\", \"model_id\": \"flaky\"}";
                    futures.add(clients.submit(() -> {
                        inFlight.acquire();
                        try {
                            TestServer.Response r = server.post("/infer", body);
                            if (r.status() == 202) {
                                accepted.put(r.json().get("request_id").asText(), true);
                            } else if (r.status() == 429) {
                                rejected.incrementAndGet();
                            } else {
                                synchronized (unexpected) {
                                    unexpected.add(r.status() + " " + r.body());
                                }
                            }
                        } finally {
                            inFlight.release();
                        }
                        return null;
                    }));
                }
                for (Future<?> f : futures) {
                    f.get();
                }
            }
            assertThat(unexpected).isEmpty();

            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200)).untilAsserted(() ->
                    assertThat(server.get("/models").json().get("models").get(0).get("queue").get("unfinished")
                            .asInt()).as("nothing queued, running or waiting to retry").isZero());

            Map<String, Integer> byStatus = new ConcurrentHashMap<>();
            int deadLettered = 0;
            for (String id : accepted.keySet()) {
                JsonNode job = server.get("/result/" + id).json();
                String status = job.get("status").asText();
                byStatus.merge(status, 1, Integer::sum);
                if (status.equals("failed")) {
                    assertThat(server.get("/admin/dead-letters/" + id).status()).as("failed job %s is a dead letter", id)
                            .isEqualTo(200);
                    deadLettered++;
                }
            }
            int done = byStatus.getOrDefault("done", 0);
            int failed = byStatus.getOrDefault("failed", 0);
            int expired = byStatus.getOrDefault("expired", 0);
            assertThat(byStatus.keySet()).isSubsetOf("done", "failed", "expired");
            assertThat(done + failed + expired + rejected.get()).isEqualTo(JOBS);
            assertThat(done).as("retries rescue most jobs").isGreaterThan(failed);
            assertThat(deadLettered).isEqualTo(failed);

            assertThat(server.metric("inferyx_requests_total", "outcome=\"accepted\"")).isEqualTo(accepted.size());
            assertThat(server.metric("inferyx_requests_total", "outcome=\"queue_full\"")).isEqualTo(rejected.get());
            assertThat(server.metric("inferyx_jobs_finished_total", "status=\"done\"")).isEqualTo(done);
            assertThat(server.metric("inferyx_jobs_finished_total", "status=\"failed\"")).isEqualTo(failed);
            assertThat(server.metric("inferyx_jobs_finished_total", "status=\"expired\"")).isEqualTo(expired);
            assertThat(server.metric("inferyx_dead_letters", "model=\"flaky\"")).isEqualTo(failed);
            assertThat(server.metric("inferyx_jobs_exhausted_total") + server.metric(
                    "inferyx_retry_budget_exhausted_total")).as("every failure was a give-up").isEqualTo(failed);
            double retries = server.metric("inferyx_retries_total", "model=\"flaky\"");
            assertThat(retries).isPositive();
            assertThat(server.metric("inferyx_batch_size_sum"))
                    .as("every run of a job was in exactly one batch")
                    .isEqualTo(done + failed + retries);
            System.out.printf("flaky reconciliation: %d jobs: %d done, %d failed (dead-lettered), %d expired, "
                    + "%d rejected; %.0f retries, %.0f exhausted, %.0f refused by the retry budget%n", JOBS, done,
                    failed, expired, rejected.get(), retries, server.metric("inferyx_jobs_exhausted_total"),
                    server.metric("inferyx_retry_budget_exhausted_total"));
        }
    }
}
