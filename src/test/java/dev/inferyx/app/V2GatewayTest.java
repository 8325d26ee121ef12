package dev.inferyx.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.inferyx.testing.PrivateRedis;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * V2 on a gateway, which loads no models: infer runs on the worker through Redis, the worker's model refuses what it
 * cannot take, and metadata (which needs the signature) is 503 there rather than made up.
 */
class V2GatewayTest {

    @RegisterExtension
    static final PrivateRedis redis = new PrivateRedis();

    @Test
    void gateway_infersThroughTheWorker_butCannotDescribeAModelItDoesNotLoad() {
        String prefix = "v2" + UUID.randomUUID() + ":";
        try (TestServer worker = TestServer.builder().sim("sim", TestServer.instantSim(), 100)
                     .redis(redis.url(), prefix).role(Role.WORKER).start();
             TestServer gateway = TestServer.builder().sim("sim", TestServer.instantSim(), 100)
                     .redis(redis.url(), prefix).role(Role.GATEWAY).start()) {

            TestServer.Response ok = gateway.post("/v2/models/sim/infer", "{\"id\": \"g1\", \"inputs\": [{\"name\": "
                    + "\"text\", \"datatype\": \"BYTES\", \"shape\": [1], \"data\": [\"hi\"]}]}");
            assertThat(ok.status()).as(ok.body()).isEqualTo(200);
            assertThat(ok.json().get("id").asText()).isEqualTo("g1");
            assertThat(ok.json().at("/outputs/0/data/0").asText()).isEqualTo("[sim] HI");

            // Unchecked at the gateway; the worker's text model refuses a non-BYTES tensor as invalid input.
            TestServer.Response refused = gateway.post("/v2/models/sim/infer", "{\"inputs\": [{\"name\": \"text\", "
                    + "\"datatype\": \"INT32\", \"shape\": [1], \"data\": [1]}]}");
            assertThat(refused.status()).as(refused.body()).isEqualTo(400);
            assertThat(refused.json().get("error").asText()).contains("invalid_input");

            TestServer.Response metadata = gateway.get("/v2/models/sim");
            assertThat(metadata.status()).isEqualTo(503);
            assertThat(metadata.json().get("error").asText()).contains("not loaded in this process");
            assertThat(gateway.get("/v2/models/sim/ready").status()).isEqualTo(200);
            assertThat(worker.get("/v2/models/sim").status()).isEqualTo(404); // a worker serves no API
        }
    }
}
