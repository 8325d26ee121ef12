package dev.inferyx.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Result cache and request coalescing, end to end against a real server; model runs are read from /metrics. */
class ResultReuseApiTest {

    private static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.builder()
                .sim("sim", TestServer.slowSim(Duration.ofMillis(200)), 1000).reuse("sim")
                .sim("plain", TestServer.instantSim(), 1000)
                .start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private double modelRuns(String model) {
        return server.metric("inferyx_jobs_processed_total", "model=\"" + model + "\"");
    }

    @Test
    void hundredIdenticalConcurrentRequests_runTheModelOnce_andEachGetsItsOwnIdAndTheResult() throws Exception {
        double runsBefore = modelRuns("sim");
        int n = 100;
        CountDownLatch go = new CountDownLatch(1);
        List<Future<TestServer.Response>> answers = new ArrayList<>();
        try (var clients = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < n; i++) {
                answers.add(clients.submit(() -> {
                    go.await();
                    return server.post("/infer?wait=30s", "{\"input\": \"stampede\", \"model_id\": \"sim\"}");
                }));
            }
            go.countDown();
            Set<String> ids = new HashSet<>();
            for (Future<TestServer.Response> f : answers) {
                TestServer.Response r = f.get();
                assertThat(r.status()).as(r.body()).isEqualTo(200);
                JsonNode job = r.json();
                assertThat(job.get("status").asText()).isEqualTo("done");
                assertThat(job.get("result").asText()).isEqualTo("[sim] STAMPEDE");
                ids.add(job.get("request_id").asText());
            }
            assertThat(ids).hasSize(n);
            for (String id : ids) {
                assertThat(server.get("/result/" + id).json().get("status").asText()).isEqualTo("done");
            }
        }
        assertThat(modelRuns("sim") - runsBefore).isEqualTo(1);
        assertThat(server.metric("inferyx_coalesced_requests_total", "model=\"sim\"")
                + server.metric("inferyx_cache_requests_total", "model=\"sim\"", "result=\"hit\""))
                .isGreaterThanOrEqualTo(n - 1);
    }

    @Test
    void cacheHit_isAnsweredDoneAndCached_withoutTouchingTheQueue() {
        TestServer.Response first = server.post("/infer?wait=30s", "{\"input\": \"warm\", \"model_id\": \"sim\"}");
        assertThat(first.json().get("status").asText()).isEqualTo("done");
        assertThat(first.json().has("cached")).isFalse();
        // A batch is counted just after its jobs are answered: wait until every claimed job's batch is counted, so
        // a late count from this or an earlier request cannot look like a run caused by the hit.
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).until(() -> modelRuns("sim")
                >= server.metric("inferyx_queue_wait_seconds_count", "model=\"sim\""));
        double runs = modelRuns("sim");
        double waits = server.metric("inferyx_queue_wait_seconds_count", "model=\"sim\"");
        double batches = server.metric("inferyx_batches_total", "model=\"sim\"");

        TestServer.Response hit = server.post("/infer?wait=30s", "{\"input\": \"warm\", \"model_id\": \"sim\"}");

        assertThat(hit.status()).isEqualTo(200);
        assertThat(hit.json().get("status").asText()).isEqualTo("done");
        assertThat(hit.json().get("cached").asBoolean()).isTrue();
        assertThat(hit.json().get("attempts").asInt()).isZero();
        assertThat(hit.json().get("result").asText()).isEqualTo("[sim] WARM");
        assertThat(hit.json().get("request_id").asText()).isNotEqualTo(first.json().get("request_id").asText());
        assertThat(modelRuns("sim")).isEqualTo(runs);
        assertThat(server.metric("inferyx_queue_wait_seconds_count", "model=\"sim\"")).isEqualTo(waits);
        assertThat(server.metric("inferyx_batches_total", "model=\"sim\"")).isEqualTo(batches);
        assertThat(server.metric("inferyx_cache_requests_total", "model=\"sim\"", "result=\"hit\"")).isPositive();

        TestServer.Response polled = server.get("/result/" + hit.json().get("request_id").asText());
        assertThat(polled.json().get("cached").asBoolean()).isTrue();
    }

    @Test
    void cacheHit_withoutWait_isStill202ButAlreadyDone() {
        server.post("/infer?wait=30s", "{\"input\": \"poll me\", \"model_id\": \"sim\"}");

        TestServer.Response hit = server.post("/infer", "{\"input\": \"poll me\", \"model_id\": \"sim\"}");

        assertThat(hit.status()).isEqualTo(202);
        assertThat(hit.json().get("status").asText()).isEqualTo("done");
    }

    @Test
    void modelWithoutReuse_runsEveryRequest() {
        double before = modelRuns("plain");

        server.post("/infer?wait=30s", "{\"input\": \"same\", \"model_id\": \"plain\"}");
        server.post("/infer?wait=30s", "{\"input\": \"same\", \"model_id\": \"plain\"}");

        assertThat(modelRuns("plain") - before).isEqualTo(2);
        assertThat(server.metric("inferyx_cache_requests_total", "model=\"plain\"")).isZero();
    }

    @Test
    void models_showWhetherEachModelReusesResults() {
        JsonNode models = server.get("/models").json().get("models");

        assertThat(models.get(0).get("name").asText()).isEqualTo("sim");
        assertThat(models.get(0).get("cache").get("enabled").asBoolean()).isTrue();
        assertThat(models.get(0).get("cache").get("version").asText()).isEqualTo("1");
        assertThat(models.get(1).get("cache").get("enabled").asBoolean()).isFalse();
    }
}
