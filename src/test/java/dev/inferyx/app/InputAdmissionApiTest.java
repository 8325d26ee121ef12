package dev.inferyx.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.inferyx.batch.BatchPolicy;
import dev.inferyx.config.ModelSpec;
import dev.inferyx.testing.OnnxFixtures;
import dev.inferyx.testing.PrivateRedis;
import dev.inferyx.worker.PoolConfig;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A request whose input cannot fit the model is refused at the door (400) wherever the serving process has the
 * model loaded and so knows its signature — {@code serve}, in memory or on Redis — instead of being accepted and
 * then failed by the model. A gateway loads no models: it checks against the signature a worker published, and
 * before any worker has, it admits the job and the worker's model refuses it.
 */
class InputAdmissionApiTest {

    @RegisterExtension
    static final PrivateRedis redis = new PrivateRedis();

    private static final String TEXT = "{\"input\": \"x\", \"model_id\": \"matmul\"}";

    /** {@code serve} in memory and {@code serve --redis}: both load the models they admit jobs for. */
    static Stream<String> backends() {
        return Stream.of("memory", "redis");
    }

    private static TestServer.Builder models() {
        return TestServer.builder()
                .sim("sim", TestServer.instantSim(), 100)
                .echo("echo", 100)
                // X FP32 [-1, 3] -> Y: the demo model of models/matmul, tensors only.
                .model("matmul", onnx("matmul.onnx"), 100, new BatchPolicy(8, Duration.ofMillis(2)),
                        new PoolConfig(1, 1, 10, Duration.ofSeconds(30)))
                // TEXT BYTES [-1] -> SAME: one BYTES [-1] input, so text is one row of it.
                .model("strings", onnx("strings.onnx"), 100, new BatchPolicy(8, Duration.ofMillis(2)),
                        new PoolConfig(1, 1, 10, Duration.ofSeconds(30)));
    }

    private static TestServer serve(String backend) {
        TestServer.Builder builder = models();
        if (backend.equals("redis")) {
            builder.redis(redis.url(), "admit" + UUID.randomUUID() + ":");
        }
        return builder.start();
    }

    private static ModelSpec onnx(String fixture) {
        return new ModelSpec.Onnx(OnnxFixtures.path(fixture), 1, List.of(), List.of());
    }

    @ParameterizedTest
    @MethodSource("backends")
    void textToATensorOnlyModel_is400TensorsRequired_andNoJobIsAdmitted(String backend) {
        try (TestServer server = serve(backend)) {
            TestServer.Response r = server.post("/infer", TEXT);

            assertThat(r.status()).as(r.body()).isEqualTo(400);
            assertThat(r.json().at("/error/code").asText()).isEqualTo("tensors_required");
            assertThat(r.json().at("/error/message").asText())
                    .contains("model 'matmul' takes tensors [X FP32 [-1, 3]], not text")
                    .contains("/v2/models/matmul/infer");
            assertThat(r.json().has("request_id")).isFalse();
            assertThat(server.metric("inferyx_requests_total", "model=\"matmul\"", "outcome=\"tensors_required\""))
                    .isEqualTo(1);
            assertThat(server.metric("inferyx_requests_total", "model=\"matmul\"", "outcome=\"accepted\""))
                    .isZero();
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void textToModelsThatTakeText_isAcceptedAsBefore(String backend) {
        try (TestServer server = serve(backend)) {
            for (String model : List.of("sim", "echo", "strings")) {
                TestServer.Response r = server.post("/infer?wait=10s",
                        "{\"input\": \"hi\", \"model_id\": \"" + model + "\"}");

                assertThat(r.status()).as(model + ": " + r.body()).isEqualTo(200);
                assertThat(r.json().get("status").asText()).as(model).isEqualTo("done");
            }
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void v2TensorsThatCannotFit_are400AtTheDoor_throughTheSameCheck(String backend) {
        try (TestServer server = serve(backend)) {
            TestServer.Response wrongType = server.post("/v2/models/matmul/infer", "{\"inputs\": [{\"name\": \"X\", "
                    + "\"datatype\": \"INT32\", \"shape\": [1, 3], \"data\": [1, 2, 3]}]}");
            assertThat(wrongType.status()).as(wrongType.body()).isEqualTo(400);
            assertThat(wrongType.json().get("error").asText())
                    .contains("input 'X' has datatype INT32 but model expects FP32");

            TestServer.Response unknown = server.post("/v2/models/matmul/infer", "{\"inputs\": [{\"name\": \"Z\", "
                    + "\"datatype\": \"FP32\", \"shape\": [1, 3], \"data\": [1, 2, 3]}]}");
            assertThat(unknown.status()).as(unknown.body()).isEqualTo(400);
            assertThat(unknown.json().get("error").asText()).contains("unknown input 'Z' for model 'matmul'");

            TestServer.Response ok = server.post("/v2/models/matmul/infer", "{\"inputs\": [{\"name\": \"X\", "
                    + "\"datatype\": \"FP32\", \"shape\": [1, 3], \"data\": [1, 0, 0]}]}");
            assertThat(ok.status()).as(ok.body()).isEqualTo(200);
            assertThat(ok.json().at("/outputs/0/data").toString()).isEqualTo("[1.0,2.0]");
            assertThat(server.metric("inferyx_requests_total", "model=\"matmul\"", "outcome=\"invalid_request\""))
                    .isEqualTo(2);
        }
    }

    @Test
    void onAGateway_beforeAnyWorkerPublished_textIsAdmittedUnchecked_thenOnceOneHas_itIs400AtTheDoor() {
        String prefix = "admit" + UUID.randomUUID() + ":";
        try (TestServer gateway = models().redis(redis.url(), prefix).role(Role.GATEWAY).start()) {
            // No worker yet, so no signature: the job is admitted and the worker's model fails it once one runs.
            TestServer.Response accepted = gateway.post("/infer", TEXT);
            assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
            String id = accepted.json().get("request_id").asText();

            try (TestServer worker = models().redis(redis.url(), prefix).role(Role.WORKER).start()) {
                await().atMost(Duration.ofSeconds(20)).until(() ->
                        gateway.get("/result/" + id).json().get("status").asText().equals("failed"));
                assertThat(gateway.get("/result/" + id).json().at("/error/code").asText()).isEqualTo("invalid_input");

                // The worker published matmul's signature; the gateway reads it within a second.
                await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                    TestServer.Response refused = gateway.post("/infer", TEXT);
                    assertThat(refused.status()).as(refused.body()).isEqualTo(400);
                    assertThat(refused.json().at("/error/code").asText()).isEqualTo("tensors_required");
                });
            }
        }
    }
}
