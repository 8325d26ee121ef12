package dev.inferyx.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.inferyx.testing.RedisServer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The worker ScaledObject's signal, read the way KEDA's metrics-api scaler reads it: each trigger's valueLocation
 * evaluated against a real gateway's GET /models on a private redis-server, with jobs queued in several priority
 * bands (so several streams) and no worker to claim them.
 */
class KedaBacklogSignalTest {

    private static final ObjectMapper YAML = new YAMLMapper();

    /** valueLocation of each trigger in deploy/k8s/worker.yaml, by the model it names. */
    private static Map<String, String> valueLocations() throws IOException {
        Map<String, String> byModel = new LinkedHashMap<>();
        try (var parser = new YAMLFactory().createParser(Path.of("deploy/k8s/worker.yaml").toFile())) {
            for (JsonNode doc : YAML.readValues(parser, JsonNode.class).readAll()) {
                if (doc != null && doc.path("kind").asText().equals("ScaledObject")) {
                    for (JsonNode trigger : doc.path("spec").path("triggers")) {
                        String location = trigger.path("metadata").path("valueLocation").asText();
                        byModel.put(location.replaceAll(".*name==\"([^\"]+)\".*", "$1"), location);
                    }
                }
            }
        }
        return byModel;
    }

    /** The GJSON subset the manifest uses: dotted fields and {@code #(field=="value")} array queries. */
    private static JsonNode gjson(JsonNode root, String path) {
        JsonNode node = root;
        for (String part : path.split("\\.(?![^(]*\\))")) {
            if (part.startsWith("#(")) {
                String[] query = part.substring(2, part.length() - 1).split("==", 2);
                String wanted = query[1].substring(1, query[1].length() - 1);
                JsonNode match = null;
                for (JsonNode element : node) {
                    if (element.path(query[0]).asText().equals(wanted)) {
                        match = element;
                        break;
                    }
                }
                node = match == null ? com.fasterxml.jackson.databind.node.MissingNode.getInstance() : match;
            } else {
                node = node.path(part);
            }
        }
        return node;
    }

    @Test
    void everyTriggersValueLocation_readsItsModelsBacklogSummedOverAllPriorityBands() throws IOException {
        Map<String, String> locations = valueLocations();
        assertThat(locations).containsKeys("sim", "echo");
        try (RedisServer redis = RedisServer.start();
             TestServer gateway = TestServer.builder().withKeys().sim("sim", TestServer.instantSim(), 100)
                     .echo("echo", 100).redis(redis.url(), "k" + UUID.randomUUID() + ":").role(Role.GATEWAY)
                     .start()) {
            List<Integer> priorities = new ArrayList<>(List.of(0, 7, -3, 7, 1_000_000));
            for (int priority : priorities) {
                TestServer.Response r = gateway.post("/infer", "{\"input\": \"x\", \"model_id\": \"sim\", "
                        + "\"priority\": " + priority + "}", "Authorization", TestServer.bearer(TestServer.ALICE_KEY));
                assertThat(r.status()).as(r.body()).isEqualTo(202);
            }

            JsonNode models = gateway.get("/models", "Authorization", TestServer.bearer(TestServer.ALICE_KEY)).json();

            JsonNode sim = gjson(models, locations.get("sim"));
            JsonNode echo = gjson(models, locations.get("echo"));
            assertThat(sim.isNumber()).as(locations.get("sim") + " in " + models).isTrue();
            assertThat(sim.asInt()).isEqualTo(priorities.size());
            assertThat(echo.isNumber()).as(locations.get("echo") + " in " + models).isTrue();
            assertThat(echo.asInt()).as("no stream exists for echo at all: zero, not an error").isZero();
        }
    }
}
