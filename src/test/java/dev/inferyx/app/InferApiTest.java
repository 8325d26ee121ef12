package dev.inferyx.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.inferyx.batch.BatchPolicy;
import dev.inferyx.config.ModelSpec;
import dev.inferyx.worker.PoolConfig;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The happy paths of the seed-compatible API against a real server on a random port. */
class InferApiTest {

    private static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.builder()
                .sim("sim", TestServer.instantSim(), 1000, "mock")
                .sim("slow", TestServer.slowSim(Duration.ofMillis(1500)), 10)
                .model("single", new ModelSpec.Sim("test", TestServer.slowSim(Duration.ofMillis(1500))), 10,
                        new BatchPolicy(1, Duration.ZERO), new PoolConfig(1, 1, 10, Duration.ofSeconds(30)))
                .echo("echo", 1000)
                .start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void infer_thenPoll_reachesDoneWithSimOutput() {
        TestServer.Response accepted = server.post("/infer", "{\"input\": \"hello world\", \"model_id\": \"sim\"}");

        assertThat(accepted.status()).isEqualTo(202);
        JsonNode body = accepted.json();
        String id = body.get("request_id").asText();
        assertThat(body.get("status").asText()).isEqualTo("queued");
        assertThat(accepted.header("Location")).contains("/result/" + id);

        await().atMost(Duration.ofSeconds(10)).until(() ->
                server.get("/result/" + id).json().get("status").asText().equals("done"));
        JsonNode result = server.get("/result/" + id).json();
        assertThat(result.get("result").asText()).isEqualTo("[sim] HELLO WORLD");
        assertThat(result.get("model_id").asText()).isEqualTo("sim");
        assertThat(result.get("attempts").asInt()).isEqualTo(1);
        assertThat(Instant.parse(result.get("finished_at").asText()))
                .isAfterOrEqualTo(Instant.parse(result.get("created_at").asText()));
        assertThat(result.has("error")).isFalse();
    }

    @Test
    void infer_withWait_answersResultInTheSameCall() {
        TestServer.Response r = server.post("/infer?wait=10s", "{\"input\": \"abc\", \"model_id\": \"echo\"}");

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().get("status").asText()).isEqualTo("done");
        assertThat(r.json().get("result").asText()).isEqualTo("abc");
    }

    @Test
    void infer_withWaitWrittenAsInTheConfig_fractionsAndHours_isAccepted() {
        TestServer.Response fraction = server.post("/infer?wait=1.5s", "{\"input\": \"abc\", \"model_id\": \"echo\"}");
        assertThat(fraction.status()).as(fraction.body()).isEqualTo(200);

        String id = fraction.json().get("request_id").asText();
        TestServer.Response hours = server.get("/result/" + id + "?wait=0.001h");
        assertThat(hours.status()).as(hours.body()).isEqualTo(200);
        assertThat(hours.json().get("result").asText()).isEqualTo("abc");
    }

    @Test
    void infer_withWaitShorterThanTheJob_answers202ToPoll() {
        TestServer.Response r = server.post("/infer?wait=50ms", "{\"input\": \"abc\", \"model_id\": \"slow\"}");

        assertThat(r.status()).isEqualTo(202);
        String id = r.json().get("request_id").asText();
        assertThat(r.json().get("status").asText()).isIn("queued", "processing");

        TestServer.Response later = server.get("/result/" + id + "?wait=10s");
        assertThat(later.json().get("status").asText()).isEqualTo("done");
    }

    @Test
    void infer_seedMockAlias_runsOnSim() {
        TestServer.Response r = server.post("/infer?wait=10s", "{\"input\": \"x\", \"model_id\": \"mock\"}");

        assertThat(r.json().get("model_id").asText()).isEqualTo("sim");
        assertThat(r.json().get("result").asText()).isEqualTo("[sim] X");
    }

    @Test
    void infer_withoutModel_usesSim() {
        TestServer.Response r = server.post("/infer?wait=10s", "{\"input\": \"y\"}");

        assertThat(r.json().get("model_id").asText()).isEqualTo("sim");
    }

    @Test
    void infer_timeoutShorterThanQueueTime_waitingClientGets504_andTheJobEndsExpiredWithoutRunning() {
        // One worker, batches of one: the first job holds the worker, so the second waits past its deadline.
        server.post("/infer", "{\"input\": \"fill\", \"model_id\": \"single\"}");
        TestServer.Response r = server.post("/infer?wait=20s",
                "{\"input\": \"late\", \"model_id\": \"single\", \"timeout_ms\": 100}");

        assertThat(r.status()).isEqualTo(504);
        assertThat(r.json().get("error").get("code").asText()).isEqualTo("deadline_exceeded");
        String id = r.json().get("request_id").asText();
        TestServer.Response job = server.get("/result/" + id);
        assertThat(job.json().get("status").asText()).isEqualTo("expired");
        assertThat(job.json().get("attempts").asInt()).isZero();
        assertThat(job.json().get("error").get("code").asText()).isEqualTo("deadline_exceeded");
    }

    @Test
    void models_listsSettingsAndLiveWorkers() {
        JsonNode models = server.get("/models").json().get("models");

        assertThat(models).hasSize(4);
        JsonNode sim = models.get(0);
        assertThat(sim.get("name").asText()).isEqualTo("sim");
        assertThat(sim.get("aliases").get(0).asText()).isEqualTo("mock");
        assertThat(sim.get("batching").get("max_batch_size").asInt()).isEqualTo(16);
        assertThat(sim.get("pool").get("min_workers").asInt()).isEqualTo(2);
        assertThat(sim.get("pool").get("workers").asInt()).isBetween(2, 4);
        assertThat(sim.get("queue").get("capacity").asInt()).isEqualTo(1000);
        assertThat(sim.get("ready").asBoolean()).isTrue();
    }

    @Test
    void health_liveAndReady_areUp() {
        assertThat(server.get("/health/live").status()).isEqualTo(200);
        TestServer.Response ready = server.get("/health/ready");
        assertThat(ready.status()).isEqualTo(200);
        assertThat(ready.json().get("status").asText()).isEqualTo("UP");
    }

    @Test
    void metrics_isPrometheusTextWithPipelineSeries() {
        server.post("/infer?wait=10s", "{\"input\": \"m\", \"model_id\": \"sim\"}");

        TestServer.Response r = server.get("/metrics");

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.header("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/plain"));
        assertThat(r.body()).contains("inferyx_batch_size_bucket", "inferyx_queue_wait_seconds",
                "inferyx_workers{", "inferyx_queue_depth{", "jvm_");
        assertThat(server.metric("inferyx_requests_total", "model=\"sim\"", "outcome=\"accepted\""))
                .isGreaterThanOrEqualTo(1);
    }
}
