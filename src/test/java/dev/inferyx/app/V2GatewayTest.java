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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * V2 on a gateway, which loads no models: infer runs on the worker through Redis, and the model's description
 * (metadata, Triton's config, the input check at admission) is what a worker running it published. Before any
 * worker has, metadata is 503 rather than made up and inputs are admitted unchecked.
 */
class V2GatewayTest {

    @RegisterExtension
    static final PrivateRedis redis = new PrivateRedis();

    private static final List<String> DESCRIBED = List.of("/v2/models/sim", "/v2/models/sim/versions/1",
            "/v2/models/sim/config", "/v2/models/echo", "/v2/models/echo/config", "/v2/models/matmul",
            "/v2/models/matmul/versions/1", "/v2/models/matmul/config");

    private static TestServer.Builder models() {
        return TestServer.builder()
                .sim("sim", TestServer.instantSim(), 100)
                .echo("echo", 100)
                // X FP32 [-1, 3] -> Y: the demo model of models/matmul, tensors only.
                .model("matmul", new ModelSpec.Onnx(OnnxFixtures.path("matmul.onnx"), 1, List.of(), List.of()), 100,
                        new BatchPolicy(8, Duration.ofMillis(2)), new PoolConfig(1, 1, 10, Duration.ofSeconds(30)));
    }

    @Test
    void beforeAnyWorkerPublished_metadataAndConfigAre503_andTheModelReadsReady() {
        String prefix = "v2" + UUID.randomUUID() + ":";
        try (TestServer gateway = models().redis(redis.url(), prefix).role(Role.GATEWAY).start()) {
            for (String path : DESCRIBED) {
                TestServer.Response r = gateway.get(path);
                assertThat(r.status()).as(path + ": " + r.body()).isEqualTo(503);
                assertThat(r.json().get("error").asText()).as(path).contains("not loaded in this process");
            }
            assertThat(gateway.get("/v2/models/sim/ready").status()).isEqualTo(200);
        }
    }

    @Test
    void onceAWorkerPublished_theGatewayDescribesEachModelAsServeDoes_andChecksInputsAtTheDoor() {
        String prefix = "v2" + UUID.randomUUID() + ":";
        try (TestServer serve = models().start();
             TestServer worker = models().redis(redis.url(), prefix).role(Role.WORKER).start();
             TestServer gateway = models().redis(redis.url(), prefix).role(Role.GATEWAY).start()) {

            // The worker published at start; the gateway may hold a "none yet" reading for up to a second.
            await().atMost(Duration.ofSeconds(10)).until(() -> gateway.get("/v2/models/matmul").status() == 200);
            for (String path : DESCRIBED) {
                TestServer.Response atGateway = gateway.get(path);
                assertThat(atGateway.status()).as(path + ": " + atGateway.body()).isEqualTo(200);
                assertThat(atGateway.json()).as(path).isEqualTo(serve.get(path).json());
            }
            assertThat(gateway.get("/v2/models/matmul/versions/2").status()).isEqualTo(404);
            assertThat(gateway.get("/v2/models/matmul/ready").status()).isEqualTo(200);

            TestServer.Response wrongType = gateway.post("/v2/models/matmul/infer", "{\"inputs\": [{\"name\": \"X\", "
                    + "\"datatype\": \"INT32\", \"shape\": [1, 3], \"data\": [1, 2, 3]}]}");
            assertThat(wrongType.status()).as(wrongType.body()).isEqualTo(400);
            assertThat(wrongType.json().get("error").asText())
                    .isEqualTo(serve.post("/v2/models/matmul/infer", "{\"inputs\": [{\"name\": \"X\", "
                            + "\"datatype\": \"INT32\", \"shape\": [1, 3], \"data\": [1, 2, 3]}]}")
                            .json().get("error").asText())
                    .contains("input 'X' has datatype INT32 but model expects FP32");
            assertThat(gateway.metric("inferyx_requests_total", "model=\"matmul\"", "outcome=\"invalid_request\""))
                    .isEqualTo(1);

            TestServer.Response ok = gateway.post("/v2/models/sim/infer", "{\"id\": \"g1\", \"inputs\": [{\"name\": "
                    + "\"text\", \"datatype\": \"BYTES\", \"shape\": [1], \"data\": [\"hi\"]}]}");
            assertThat(ok.status()).as(ok.body()).isEqualTo(200);
            assertThat(ok.json().get("id").asText()).isEqualTo("g1");
            assertThat(ok.json().at("/outputs/0/data/0").asText()).isEqualTo("[sim] HI");
            assertThat(worker.get("/v2/models/sim").status()).isEqualTo(404); // a worker serves no API
        }
    }
}
