package dev.inferyx.app;

import static dev.inferyx.app.V2Bodies.MAPPER;
import static dev.inferyx.app.V2Bodies.one;
import static dev.inferyx.app.V2Bodies.ok;
import static dev.inferyx.app.V2Bodies.statsOf;
import static dev.inferyx.app.V2Bodies.find;
import static dev.inferyx.app.V2Bodies.sample;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Open Inference Protocol (KServe V2 / Triton HTTP) metadata, readiness, config and statistics, read generically from
 * each served model ({@link #servedModels()}): what to send is derived from the metadata, so a model added to
 * {@link V2Server} and listed here is covered without new test code.
 */
@ExtendWith(V2Server.class)
class V2MetadataTest {

    private static TestServer server;

    @BeforeAll
    static void useSharedServer(TestServer shared) {
        server = shared;
    }

    static Stream<String> servedModels() {
        return Stream.of("echo", "sim", "minilm", "pair");
    }


    @ParameterizedTest
    @ValueSource(strings = {"/v2", "/v2/"})
    void serverMetadata_namesServerVersionAndExtensions(String path) {
        TestServer.Response r = server.get(path);

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().get("name").asText()).isEqualTo("inferyx");
        assertThat(r.json().get("version").asText()).isNotBlank();
        assertThat(r.json().get("extensions")).extracting(JsonNode::asText)
                .contains("model_configuration", "statistics");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/v2/health/live", "/v2/health/ready"})
    void health_isOkWithAnEmptyBody(String path) {
        TestServer.Response r = server.get(path);

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body()).isEmpty();
    }

    // ---- generic, per served model ----


    @ParameterizedTest
    @MethodSource("servedModels")
    void metadata_listsVersionsAndEveryTensorWithDatatypeAndShape(String model) {
        JsonNode meta = ok(server.get("/v2/models/" + model));

        assertThat(meta.get("name").asText()).isEqualTo(model);
        assertThat(meta.get("versions")).extracting(JsonNode::asText).containsExactly("1");
        assertThat(meta.get("platform").asText()).isNotBlank();
        for (String side : List.of("inputs", "outputs")) {
            assertThat(meta.get(side)).isNotEmpty();
            for (JsonNode tensor : meta.get(side)) {
                assertThat(tensor.get("name").asText()).isNotBlank();
                assertThat(tensor.get("datatype").asText()).matches("BOOL|U?INT(8|16|32|64)|FP(16|32|64)|BYTES");
                assertThat(tensor.get("shape").isArray()).isTrue();
            }
        }
        assertThat(ok(server.get("/v2/models/" + model + "/versions/1"))).isEqualTo(meta);
    }

    @ParameterizedTest
    @MethodSource("servedModels")
    void ready_isOkOnVersionedAndUnversionedPaths(String model) {
        assertThat(server.get("/v2/models/" + model + "/ready").status()).isEqualTo(200);
        assertThat(server.get("/v2/models/" + model + "/versions/1/ready").status()).isEqualTo(200);
    }

    @ParameterizedTest
    @MethodSource("servedModels")
    void config_mirrorsTheMetadataInTritonTerms(String model) {
        JsonNode meta = ok(server.get("/v2/models/" + model));
        JsonNode config = ok(server.get("/v2/models/" + model + "/config"));

        assertThat(config.get("name").asText()).isEqualTo(model);
        int maxBatch = config.get("max_batch_size").asInt();
        JsonNode inputs = config.get("input");
        assertThat(inputs).hasSameSizeAs(meta.get("inputs"));
        for (int i = 0; i < inputs.size(); i++) {
            JsonNode declared = meta.get("inputs").get(i);
            assertThat(inputs.get(i).get("name")).isEqualTo(declared.get("name"));
            String type = declared.get("datatype").asText();
            assertThat(inputs.get(i).get("data_type").asText())
                    .isEqualTo(type.equals("BYTES") ? "TYPE_STRING" : "TYPE_" + type);
            // With batching, dims leave out the batch dimension, as Triton's do; a scalar per row is dims [1]
            // reshaped to [], since Triton's dims may not be empty.
            int rowRank = declared.get("shape").size() - (maxBatch > 0 ? 1 : 0);
            if (rowRank == 0) {
                assertThat(inputs.get(i).get("dims").toString()).isEqualTo("[1]");
                assertThat(inputs.get(i).get("reshape").toString()).isEqualTo("{\"shape\":[]}");
            } else {
                assertThat(inputs.get(i).get("dims").size()).isEqualTo(rowRank);
                assertThat(inputs.get(i).has("reshape")).isFalse();
            }
        }
        assertThat(config.get("output")).hasSameSizeAs(meta.get("outputs"));
        assertThat(config.get("instance_group").get(0).get("count").asInt()).isPositive();
        assertThat(ok(server.get("/v2/models/" + model + "/versions/1/config"))).isEqualTo(config);
    }

    /** A request built from the metadata alone (any-size dimensions as 1, the required inputs) is answered. */
    @ParameterizedTest
    @MethodSource("servedModels")
    void infer_requestDerivedFromMetadata_answersEveryDeclaredOutputItProduces(String model) {
        JsonNode meta = ok(server.get("/v2/models/" + model));
        ObjectNode request = MAPPER.createObjectNode();
        ArrayNode inputs = request.putArray("inputs");
        JsonNode config = ok(server.get("/v2/models/" + model + "/config"));
        for (int i = 0; i < meta.get("inputs").size(); i++) {
            JsonNode declared = meta.get("inputs").get(i);
            if (config.get("input").get(i).get("optional").asBoolean() && i > 0) {
                continue; // the first input is always sent, so a model of optional inputs gets one
            }
            inputs.add(sample(declared));
        }

        JsonNode answer = ok(server.post("/v2/models/" + model + "/infer", request.toString()));

        assertThat(answer.get("model_name").asText()).isEqualTo(model);
        assertThat(answer.get("model_version").asText()).isEqualTo("1");
        assertThat(answer.get("outputs")).isNotEmpty();
        for (JsonNode output : answer.get("outputs")) {
            JsonNode declared = find(meta.get("outputs"), output.get("name").asText());
            assertThat(output.get("datatype")).isEqualTo(declared.get("datatype"));
            assertThat(output.get("shape")).hasSameSizeAs(declared.get("shape"));
            long elements = 1;
            for (JsonNode dim : output.get("shape")) {
                elements *= dim.asLong();
            }
            assertThat(output.get("data")).hasSize((int) elements);
        }
    }


    // ---- statistics ----


    @Test
    void stats_countWhatRan_andEveryModelIsListed() {
        ok(server.post("/v2/models/echo/infer",
                "{\"inputs\": [{\"name\": \"int8\", \"datatype\": \"INT8\", \"shape\": [1, 1], \"data\": [1]}]}"));

        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(statsOf(server, "echo").get("execution_count").asLong()).isPositive());
        JsonNode echo = statsOf(server, "echo");
        assertThat(echo.get("version").asText()).isEqualTo("1");
        assertThat(echo.get("inference_count").asLong()).isPositive();
        assertThat(echo.get("execution_count").asLong()).isPositive();
        assertThat(echo.get("last_inference").asLong()).isPositive();
        JsonNode stats = echo.get("inference_stats");
        assertThat(stats.get("success").get("count").asLong()).isPositive();
        assertThat(stats.get("queue").get("count").asLong()).isPositive();
        assertThat(stats.get("compute_infer").get("count").asLong()).isPositive();
        assertThat(stats.get("compute_infer").get("ns").asLong()).isNotNegative();
        assertThat(echo.get("batch_stats")).isNotEmpty();
        assertThat(ok(server.get("/v2/models/echo/versions/1/stats")).get("model_stats")).hasSize(1);

        JsonNode all = ok(server.get("/v2/models/stats")).get("model_stats");
        assertThat(all).extracting(m -> m.get("name").asText()).containsAll(servedModels().toList());
    }
}
