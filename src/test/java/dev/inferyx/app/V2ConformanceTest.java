package dev.inferyx.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.inferyx.batch.BatchPolicy;
import dev.inferyx.config.ModelSpec;
import dev.inferyx.testing.OnnxFixtures;
import dev.inferyx.worker.PoolConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The Open Inference Protocol (KServe V2 / Triton HTTP) against a real server on a random port.
 *
 * <p>Two kinds of checks. The generic ones ({@link #servedModels()}) read each served model's metadata and derive
 * what to send from it, so a model added to {@link #start()} (e.g. one served from an ONNX fixture) is covered by
 * metadata, config, readiness, versioned paths and a round trip without new test code. The specific ones pin exact
 * values: {@link #roundTrips()} is a table of (model, request inputs, expected outputs) that new models can extend.
 */
class V2ConformanceTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.builder()
                .echo("echo", 1000)
                .sim("sim", TestServer.instantSim(), 1000)
                .model("minilm", new ModelSpec.MiniLm(false, 1), 100, new BatchPolicy(32, Duration.ofMillis(2)),
                        new PoolConfig(1, 2, 10, Duration.ofSeconds(30)))
                // One worker, batches of 2 cut after up to 5 s: two jobs sent close together share a batch.
                .model("pair", new ModelSpec.Sim("test", TestServer.instantSim()), 100,
                        new BatchPolicy(2, Duration.ofSeconds(5)), new PoolConfig(1, 1, 10, Duration.ofSeconds(30)))
                // Fails every batch: what a client waiting on V2 infer sees when the model, not the request, fails.
                .sim("broken", new dev.inferyx.model.sim.SimConfig(Duration.ZERO, 1, Duration.ZERO, 0, 1.0, 0), 100)
                // One worker, 1.5 s per batch of one, room for 2 unfinished jobs: to fill the queue and expire jobs.
                .model("slow", new ModelSpec.Sim("test", TestServer.slowSim(Duration.ofMillis(1500))), 2,
                        new BatchPolicy(1, Duration.ZERO), new PoolConfig(1, 1, 10, Duration.ofSeconds(30)))
                // Real ONNX Runtime models from the committed fixtures (src/test/resources/onnx/make_fixtures.py).
                .model("add_sub", onnx("add_sub.onnx"), 100, new BatchPolicy(8, Duration.ofMillis(2)),
                        new PoolConfig(1, 1, 10, Duration.ofSeconds(30)))
                .model("int_scale", onnx("int_scale.onnx"), 100, new BatchPolicy(8, Duration.ofMillis(2)),
                        new PoolConfig(1, 1, 10, Duration.ofSeconds(30)))
                .model("strings", onnx("strings.onnx"), 100, new BatchPolicy(8, Duration.ofMillis(2)),
                        new PoolConfig(1, 1, 10, Duration.ofSeconds(30)))
                .model("types", onnx("types.onnx"), 100, new BatchPolicy(8, Duration.ofMillis(2)),
                        new PoolConfig(1, 1, 10, Duration.ofSeconds(30)))
                .model("fixed", onnx("fixed.onnx"), 100, new BatchPolicy(8, Duration.ofMillis(2)),
                        new PoolConfig(1, 1, 10, Duration.ofSeconds(30)))
                .start();
    }

    private static ModelSpec onnx(String fixture) {
        return new ModelSpec.Onnx(OnnxFixtures.path(fixture), 1, List.of(), List.of());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static Stream<String> servedModels() {
        return Stream.of("echo", "sim", "minilm", "pair");
    }

    // ---- server ----

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
            // With batching, dims leave out the batch dimension, as Triton's do.
            assertThat(inputs.get(i).get("dims").size() + (maxBatch > 0 ? 1 : 0))
                    .isEqualTo(declared.get("shape").size());
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

    // ---- exact round trips ----

    /** (model, inputs JSON, expected outputs JSON): outputs compared exactly as JSON trees. */
    static Stream<Arguments> roundTrips() {
        List<Arguments> cases = new ArrayList<>();
        // Every datatype through echo, nested [2, 2] data, extremes of each range; echo returns it flat.
        String[][] perType = {
                {"bool", "BOOL", "[[true, false], [false, true]]", "[true,false,false,true]"},
                {"uint8", "UINT8", "[[0, 1], [254, 255]]", "[0,1,254,255]"},
                {"uint16", "UINT16", "[[0, 1], [65534, 65535]]", "[0,1,65534,65535]"},
                {"uint32", "UINT32", "[[0, 1], [4294967294, 4294967295]]", "[0,1,4294967294,4294967295]"},
                {"uint64", "UINT64", "[[0, 1], [9223372036854775808, 18446744073709551615]]",
                        "[0,1,9223372036854775808,18446744073709551615]"},
                {"int8", "INT8", "[[-128, -1], [0, 127]]", "[-128,-1,0,127]"},
                {"int16", "INT16", "[[-32768, -1], [0, 32767]]", "[-32768,-1,0,32767]"},
                {"int32", "INT32", "[[-2147483648, -1], [0, 2147483647]]", "[-2147483648,-1,0,2147483647]"},
                {"int64", "INT64", "[[-9223372036854775808, -1], [0, 9223372036854775807]]",
                        "[-9223372036854775808,-1,0,9223372036854775807]"},
                {"fp16", "FP16", "[[-65504, 0.5], [0, 65504]]", "[-65504.0,0.5,0.0,65504.0]"},
                {"fp32", "FP32", "[[-1.5, 0.25], [0, 3.4028235E38]]", "[-1.5,0.25,0.0,3.4028235E38]"},
                {"fp64", "FP64", "[[-1.5, 0.1], [0, 1.7976931348623157E308]]",
                        "[-1.5,0.1,0.0,1.7976931348623157E308]"},
                {"bytes", "BYTES", "[[\"a\", \"\"], [\"héllo\", \"{\\\"x\\\"}\"]]",
                        "[\"a\",\"\",\"héllo\",\"{\\\"x\\\"}\"]"},
        };
        for (String[] t : perType) {
            String tensor = "{\"name\": \"" + t[0] + "\", \"datatype\": \"" + t[1] + "\", \"shape\": [2, 2]";
            cases.add(Arguments.of("echo " + t[1] + " nested", "echo", "[" + tensor + ", \"data\": " + t[2] + "}]",
                    "[" + tensor + ", \"data\": " + t[3] + "}]"));
            cases.add(Arguments.of("echo " + t[1] + " flat", "echo", "[" + tensor + ", \"data\": " + t[3] + "}]",
                    "[" + tensor + ", \"data\": " + t[3] + "}]"));
        }
        cases.add(Arguments.of("echo text", "echo",
                "[{\"name\": \"text\", \"datatype\": \"BYTES\", \"shape\": [1], \"data\": [\"hi\"]}]",
                "[{\"name\": \"text\", \"datatype\": \"BYTES\", \"shape\": [1], \"data\": [\"hi\"]}]"));
        cases.add(Arguments.of("echo empty tensor", "echo",
                "[{\"name\": \"fp32\", \"datatype\": \"FP32\", \"shape\": [0, 3], \"data\": []}]",
                "[{\"name\": \"fp32\", \"datatype\": \"FP32\", \"shape\": [0, 3], \"data\": []}]"));
        cases.add(Arguments.of("sim text rows", "sim",
                "[{\"name\": \"text\", \"datatype\": \"BYTES\", \"shape\": [2], \"data\": [\"hello\", \"v2\"]}]",
                "[{\"name\": \"text\", \"datatype\": \"BYTES\", \"shape\": [2], \"data\": "
                        + "[\"[sim] HELLO\", \"[sim] V2\"]}]"));
        onnxRoundTrips(cases);
        return cases.stream();
    }

    /** Exact answers of the ONNX fixtures, computed by ONNX Runtime from the graphs in make_fixtures.py. */
    private static void onnxRoundTrips(List<Arguments> cases) {
        cases.add(Arguments.of("onnx add_sub FP32", "add_sub",
                "[{\"name\": \"A\", \"datatype\": \"FP32\", \"shape\": [2, 4], \"data\": [[1, 2, 3, 4], [5, 6, 7, 8]]},"
                        + " {\"name\": \"B\", \"datatype\": \"FP32\", \"shape\": [2, 4], \"data\": [1, 1, 1, 1, 0.5, 0.5, 0.5, 0.5]}]",
                "[{\"name\": \"SUM\", \"datatype\": \"FP32\", \"shape\": [2, 4], \"data\": [2.0, 3.0, 4.0, 5.0, 5.5, 6.5, 7.5, 8.5]},"
                        + " {\"name\": \"DIFF\", \"datatype\": \"FP32\", \"shape\": [2, 4], \"data\": [0.0, 1.0, 2.0, 3.0, 4.5, 5.5, 6.5, 7.5]}]"));
        cases.add(Arguments.of("onnx int_scale INT64 and INT32", "int_scale",
                "[{\"name\": \"X\", \"datatype\": \"INT64\", \"shape\": [1, 2], \"data\": [3000000000, -7]},"
                        + " {\"name\": \"N\", \"datatype\": \"INT32\", \"shape\": [1], \"data\": [41]}]",
                "[{\"name\": \"Y\", \"datatype\": \"INT64\", \"shape\": [1, 2], \"data\": [9000000000, -21]},"
                        + " {\"name\": \"M\", \"datatype\": \"INT32\", \"shape\": [1], \"data\": [42]}]"));
        cases.add(Arguments.of("onnx strings BYTES", "strings",
                "[{\"name\": \"TEXT\", \"datatype\": \"BYTES\", \"shape\": [2], \"data\": [\"héllo\", \"\"]}]",
                "[{\"name\": \"SAME\", \"datatype\": \"BYTES\", \"shape\": [2], \"data\": [\"héllo\", \"\"]}]"));
        cases.add(Arguments.of("onnx fixed first dimension", "fixed",
                "[{\"name\": \"X\", \"datatype\": \"FP32\", \"shape\": [1, 3], \"data\": [1, -2, 0.25]}]",
                "[{\"name\": \"Y\", \"datatype\": \"FP32\", \"shape\": [1, 3], \"data\": [2.0, -4.0, 0.5]}]"));
        String[][] types = {
                {"BOOL", "[true, false]"}, {"UINT8", "[0, 255]"}, {"INT8", "[-128, 127]"},
                {"INT16", "[-32768, 32767]"}, {"INT32", "[-2147483648, 2147483647]"},
                {"INT64", "[-9223372036854775808, 9223372036854775807]"}, {"FP16", "[-65504.0, 0.5]"},
                {"FP32", "[-1.5, 3.4028235E38]"}, {"FP64", "[0.1, 1.7976931348623157E308]"},
                {"BYTES", "[\"a\", \"\"]"}};
        List<String> ins = new ArrayList<>();
        List<String> outs = new ArrayList<>();
        for (String[] t : types) {
            ins.add(tensorJson("IN_" + t[0], t[0], t[1]));
            outs.add(tensorJson("OUT_" + t[0], t[0], t[1]));
        }
        cases.add(Arguments.of("onnx identity of every datatype ONNX Runtime's Java API takes", "types",
                "[" + String.join(", ", ins) + "]", "[" + String.join(", ", outs) + "]"));
    }

    private static String tensorJson(String name, String datatype, String data) {
        return "{\"name\": \"" + name + "\", \"datatype\": \"" + datatype + "\", \"shape\": [1, 2], \"data\": " + data
                + "}";
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("roundTrips")
    void infer_roundTrip_answersExactlyTheExpectedOutputs(String name, String model, String inputs,
                                                          String expected) throws Exception {
        JsonNode answer = ok(server.post("/v2/models/" + model + "/infer", "{\"inputs\": " + inputs + "}"));

        assertThat(answer.get("outputs")).isEqualTo(MAPPER.readTree(expected));
        assertThat(answer.get("model_name").asText()).isEqualTo(model);
        assertThat(answer.has("id")).isFalse();
    }

    @Test
    void infer_echoesTheRequestId_onVersionedPath() {
        JsonNode answer = ok(server.post("/v2/models/echo/versions/1/infer", "{\"id\": \"req-42\", \"inputs\": "
                + "[{\"name\": \"int32\", \"datatype\": \"INT32\", \"shape\": [1, 1], \"data\": [7]}]}"));

        assertThat(answer.get("id").asText()).isEqualTo("req-42");
        assertThat(answer.get("model_version").asText()).isEqualTo("1");
    }

    @Test
    void infer_outputsFilter_answersOnlyTheNamedOutputsInTheOrderAsked() {
        JsonNode answer = ok(server.post("/v2/models/echo/infer", "{\"inputs\": ["
                + "{\"name\": \"int32\", \"datatype\": \"INT32\", \"shape\": [1, 1], \"data\": [7]},"
                + "{\"name\": \"fp64\", \"datatype\": \"FP64\", \"shape\": [1, 1], \"data\": [0.5]},"
                + "{\"name\": \"bool\", \"datatype\": \"BOOL\", \"shape\": [1, 1], \"data\": [true]}],"
                + "\"outputs\": [{\"name\": \"bool\"}, {\"name\": \"int32\"}]}"));

        assertThat(answer.get("outputs")).extracting(o -> o.get("name").asText()).containsExactly("bool", "int32");
    }

    @Test
    void infer_minilm_answersFp32RowsOf384EqualToInfersVectors() {
        String sentence = "A man is playing a guitar.";
        JsonNode answer = ok(server.post("/v2/models/minilm/infer", "{\"inputs\": [{\"name\": \"text\", "
                + "\"datatype\": \"BYTES\", \"shape\": [2], \"data\": [\"" + sentence + "\", \"Another one.\"]}]}"));
        JsonNode viaInfer = ok(server.post("/infer?wait=30s",
                "{\"input\": \"" + sentence + "\", \"model_id\": \"minilm\"}")).get("result");

        JsonNode embedding = answer.get("outputs").get(0);
        assertThat(embedding.get("name").asText()).isEqualTo("embedding");
        assertThat(embedding.get("datatype").asText()).isEqualTo("FP32");
        assertThat(embedding.get("shape")).extracting(JsonNode::asInt).containsExactly(2, 384);
        assertThat(embedding.get("data")).hasSize(768);
        for (int i = 0; i < 384; i++) {
            // fp32 minilm answers a text the same alone or batched (docs/architecture.md), up to float rounding.
            assertThat(embedding.get("data").get(i).asDouble())
                    .isCloseTo(viaInfer.get(i).asDouble(), org.assertj.core.data.Offset.offset(1e-5));
        }
    }

    @Test
    void infer_v2AndInferJobsOfOneModel_runInOneBatch() throws Exception {
        JsonNode before = statsOf("pair");

        // One worker, batches of 2 cut at once when full: an /infer job and a V2 job sent together share one.
        CompletableFuture<TestServer.Response> v1 = CompletableFuture.supplyAsync(() ->
                server.post("/infer?wait=30s", "{\"input\": \"one\", \"model_id\": \"pair\"}"));
        TestServer.Response v2 = server.post("/v2/models/pair/infer", "{\"inputs\": [{\"name\": \"text\", "
                + "\"datatype\": \"BYTES\", \"shape\": [1], \"data\": [\"two\"]}]}");

        assertThat(v2.status()).isEqualTo(200);
        assertThat(v2.json().get("outputs").get(0).get("data").get(0).asText()).isEqualTo("[sim] TWO");
        assertThat(v1.get().json().get("result").asText()).isEqualTo("[sim] ONE");
        // A batch is counted just after its jobs are answered, so the figures may trail the answers briefly.
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            JsonNode after = statsOf("pair");
            assertThat(after.get("inference_count").asLong() - before.get("inference_count").asLong()).isEqualTo(2);
            assertThat(after.get("execution_count").asLong() - before.get("execution_count").asLong()).isEqualTo(1);
            assertThat(find(after.get("batch_stats"), 2).get("compute_infer").get("count").asLong()).isPositive();
        });
    }

    // ---- statistics ----

    @Test
    void stats_countWhatRan_andEveryModelIsListed() {
        ok(server.post("/v2/models/echo/infer",
                "{\"inputs\": [{\"name\": \"int8\", \"datatype\": \"INT8\", \"shape\": [1, 1], \"data\": [1]}]}"));

        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(statsOf("echo").get("execution_count").asLong()).isPositive());
        JsonNode echo = statsOf("echo");
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

    // ---- errors ----

    static Stream<Arguments> badRequests() {
        return Stream.of(
                Arguments.of("datatype mismatch", "echo",
                        one("fp32", "INT32", "[1, 1]", "[1]"),
                        "datatype INT32 but model expects FP32"),
                Arguments.of("rank mismatch", "echo",
                        one("fp32", "FP32", "[2]", "[1, 2]"),
                        "has shape [2] but model expects [-1, -1]"),
                Arguments.of("element count != shape", "echo",
                        one("fp32", "FP32", "[2, 2]", "[1, 2, 3]"),
                        "input 'fp32': tensor 'fp32' has shape [2, 2] (4 elements) but 3 values"),
                Arguments.of("nested data deeper than shape", "echo",
                        one("fp32", "FP32", "[1, 1]", "[[[1]]]"),
                        "deeper than its shape [1, 1]"),
                Arguments.of("nested data not matching shape", "echo",
                        "{\"inputs\": [{\"name\": \"fp32\", \"datatype\": \"FP32\", \"shape\": [2, 2], "
                                + "\"data\": [[1, 2, 3], [4]]}]}",
                        "does not match its shape [2, 2]"),
                Arguments.of("value out of range", "echo",
                        one("uint8", "UINT8", "[1, 1]", "[256]"),
                        "outside [0, 255]"),
                Arguments.of("negative UINT64", "echo",
                        one("uint64", "UINT64", "[1, 1]", "[-1]"),
                        "outside [0, 18446744073709551615]"),
                Arguments.of("FP16 overflow", "echo",
                        one("fp16", "FP16", "[1, 1]", "[70000]"),
                        "input 'fp16' element 0 (70000) is outside the range of FP16"),
                Arguments.of("FP32 overflow", "echo",
                        one("fp32", "FP32", "[1, 1]", "[1e39]"),
                        "outside the range of FP32"),
                Arguments.of("string where a number belongs", "echo",
                        one("fp32", "FP32", "[1, 1]", "[\"1\"]"),
                        "must be a number"),
                Arguments.of("fraction for an integer type", "echo",
                        one("int32", "INT32", "[1, 1]", "[1.5]"),
                        "must be an integer"),
                Arguments.of("number for BYTES", "echo",
                        one("bytes", "BYTES", "[1, 1]", "[1]"),
                        "must be a string"),
                Arguments.of("unknown datatype", "echo",
                        one("fp32", "FLOAT", "[1, 1]", "[1]"),
                        "unknown datatype 'FLOAT'"),
                Arguments.of("unknown input", "minilm",
                        one("sentence", "BYTES", "[1]", "[\"x\"]"),
                        "unknown input 'sentence'"),
                Arguments.of("missing required input", "minilm",
                        "{\"inputs\": []}",
                        "'inputs' must be a non-empty array"),
                Arguments.of("unknown output", "minilm",
                        "{\"inputs\": [{\"name\": \"text\", \"datatype\": \"BYTES\", \"shape\": [1], "
                                + "\"data\": [\"x\"]}],"
                                + " \"outputs\": [{\"name\": \"logits\"}]}",
                        "unknown output 'logits'"),
                Arguments.of("duplicate input", "echo",
                        "{\"inputs\": [{\"name\": \"int8\", \"datatype\": \"INT8\", \"shape\": [1, 1], \"data\": [1]},"
                                + "{\"name\": \"int8\", \"datatype\": \"INT8\", \"shape\": [1, 1], \"data\": [1]}]}",
                        "more than once"),
                Arguments.of("no data", "echo",
                        "{\"inputs\": [{\"name\": \"int8\", \"datatype\": \"INT8\", \"shape\": [1, 1]}]}",
                        "has no 'data'"),
                Arguments.of("negative dimension", "echo",
                        one("int8", "INT8", "[-1, 1]", "[1]"),
                        "integers >= 0"),
                Arguments.of("binary data extension", "echo",
                        "{\"inputs\": [{\"name\": \"int8\", \"datatype\": \"INT8\", \"shape\": [1, 1], "
                                + "\"parameters\": {\"binary_data_size\": 1}}]}",
                        "binary tensor data extension"),
                Arguments.of("bad JSON", "echo", "{\"inputs\": [", "not valid JSON"),
                Arguments.of("not an object", "echo", "[1, 2]", "must be a JSON object"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badRequests")
    void infer_badRequest_is400WithAClearV2Error(String name, String model, String body, String message) {
        TestServer.Response r = server.post("/v2/models/" + model + "/infer", body);

        assertThat(r.status()).isEqualTo(400);
        assertV2Error(r, message);
    }

    @Test
    void unknownModel_is404OnEveryRoute() {
        for (String path : List.of("/v2/models/nope", "/v2/models/nope/ready", "/v2/models/nope/config",
                "/v2/models/nope/stats", "/v2/models/nope/versions/1")) {
            TestServer.Response r = server.get(path);
            assertThat(r.status()).as(path).isEqualTo(404);
            assertV2Error(r, "unknown model 'nope'");
        }
        TestServer.Response infer = server.post("/v2/models/nope/infer", "{\"inputs\": []}");
        assertThat(infer.status()).isEqualTo(404);
        assertV2Error(infer, "unknown model 'nope'");
    }

    @Test
    void unservedVersion_is404() {
        for (String path : List.of("/v2/models/echo/versions/2", "/v2/models/echo/versions/2/ready",
                "/v2/models/echo/versions/2/config")) {
            TestServer.Response r = server.get(path);
            assertThat(r.status()).as(path).isEqualTo(404);
            assertV2Error(r, "has no version '2'");
        }
        TestServer.Response infer = server.post("/v2/models/echo/versions/2/infer", "{\"inputs\": "
                + "[{\"name\": \"int8\", \"datatype\": \"INT8\", \"shape\": [1, 1], \"data\": [1]}]}");
        assertThat(infer.status()).isEqualTo(404);
        assertV2Error(infer, "has no version '2'");
    }

    @Test
    void infer_modelFailsTheJob_is500WithTheJobsErrorCode() {
        TestServer.Response r = server.post("/v2/models/broken/infer", "{\"inputs\": [{\"name\": \"text\", "
                + "\"datatype\": \"BYTES\", \"shape\": [1], \"data\": [\"x\"]}]}");

        assertThat(r.status()).isEqualTo(500);
        assertV2Error(r, "inference failed (");
        assertThat(r.json().get("error").asText()).contains("request_id");
    }

    private static final String SLOW_BODY = "{\"inputs\": [{\"name\": \"text\", \"datatype\": \"BYTES\", "
            + "\"shape\": [1], \"data\": [\"x\"]}]";

    @Test
    void infer_fullQueue_is503WithRetryAfter_asTritonAnswersAFullQueue() throws Exception {
        CompletableFuture<TestServer.Response> first = CompletableFuture.supplyAsync(() ->
                server.post("/v2/models/slow/infer", SLOW_BODY + "}"));
        CompletableFuture<TestServer.Response> second = CompletableFuture.supplyAsync(() ->
                server.post("/v2/models/slow/infer", SLOW_BODY + "}"));
        awaitUnfinished("slow", 2);

        TestServer.Response refused = server.post("/v2/models/slow/infer", SLOW_BODY + "}");

        assertThat(refused.status()).isEqualTo(503);
        assertThat(refused.header("Retry-After")).isPresent();
        assertV2Error(refused, "full");
        assertThat(first.get().status()).isEqualTo(200);
        assertThat(second.get().status()).isEqualTo(200);
    }

    @Test
    void infer_timeoutParameterPassesWhileQueued_is503Expired() throws Exception {
        CompletableFuture<TestServer.Response> busy = CompletableFuture.supplyAsync(() ->
                server.post("/v2/models/slow/infer", SLOW_BODY + "}"));
        awaitUnfinished("slow", 1);

        // Triton's "timeout" request parameter, in microseconds: 50 ms, far less than the batch ahead of it.
        TestServer.Response expired = server.post("/v2/models/slow/infer",
                SLOW_BODY + ", \"parameters\": {\"timeout\": 50000}}");

        assertThat(expired.status()).isEqualTo(503);
        assertV2Error(expired, "expired");
        assertThat(busy.get().status()).isEqualTo(200);
    }

    private static void awaitUnfinished(String model, int count) {
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            JsonNode models = server.get("/models").json().get("models");
            for (JsonNode m : models) {
                if (m.get("name").asText().equals(model)) {
                    assertThat(m.get("queue").get("unfinished").asInt()).isEqualTo(count);
                }
            }
        });
    }

    @Test
    void wrongMethodAndUnknownPath_areV2Errors() {
        TestServer.Response get = server.get("/v2/models/echo/infer");
        assertThat(get.status()).isEqualTo(405);
        assertThat(get.header("Allow")).contains("POST");
        assertV2Error(get, "not allowed");

        TestServer.Response unknown = server.get("/v2/nothing/here");
        assertThat(unknown.status()).isEqualTo(404);
        assertV2Error(unknown, "no route");
    }

    @ParameterizedTest
    @ValueSource(strings = {"application/x-www-form-urlencoded", "text/plain", "application/json; charset=utf-8"})
    void anyContentType_isReadAsJson_likeTheReferenceServer(String contentType) {
        // curl -d, as in Triton's examples, declares a form; the body is JSON all the same.
        TestServer.Response r = server.post("/v2/models/echo/infer", "{\"inputs\": [{\"name\": \"text\", "
                + "\"datatype\": \"BYTES\", \"shape\": [1], \"data\": [\"hi\"]}]}", "Content-Type", contentType);

        assertThat(r.status()).as(r.body()).isEqualTo(200);
    }

    @Test
    void binaryTensorDataExtension_is400SayingItIsNotSupported() {
        TestServer.Response r = server.post("/v2/models/echo/infer", "{}", "Content-Type", "application/octet-stream",
                "Inference-Header-Content-Length", "2");

        assertThat(r.status()).isEqualTo(400);
        assertV2Error(r, "binary tensor data extension (Inference-Header-Content-Length) is not supported");
    }

    @Test
    void apiKeys_guardModelRoutesButNotHealthOrServerMetadata() {
        try (TestServer keyed = TestServer.builder().echo("echo", 10).withKeys().start()) {
            assertThat(keyed.get("/v2/health/live").status()).isEqualTo(200);
            assertThat(keyed.get("/v2/health/ready").status()).isEqualTo(200);
            assertThat(keyed.get("/v2").status()).isEqualTo(200);
            String body = one("int8", "INT8", "[1, 1]", "[1]");
            for (TestServer.Response r : List.of(keyed.get("/v2/models/echo"), keyed.get("/v2/models/echo/ready"),
                    keyed.get("/v2/models/stats"), keyed.post("/v2/models/echo/infer", body))) {
                assertThat(r.status()).isEqualTo(401);
                assertV2Error(r, "");
            }
            String auth = TestServer.bearer(TestServer.ALICE_KEY);
            assertThat(keyed.get("/v2/models/echo", "Authorization", auth).status()).isEqualTo(200);
            assertThat(keyed.post("/v2/models/echo/infer", body, "Authorization", auth).status()).isEqualTo(200);
        }
    }

    // ---- helpers ----

    /** A request body with one input tensor; {@code shape} and {@code data} are JSON. */
    private static String one(String name, String datatype, String shape, String data) {
        return "{\"inputs\": [{\"name\": \"" + name + "\", \"datatype\": \"" + datatype + "\", \"shape\": " + shape
                + ", \"data\": " + data + "}]}";
    }

    private static JsonNode ok(TestServer.Response r) {
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json();
    }

    private static JsonNode statsOf(String model) {
        return ok(server.get("/v2/models/" + model + "/stats")).get("model_stats").get(0);
    }

    /** A V2 error: exactly {@code {"error": "<message>"}}, no stack trace. */
    private static void assertV2Error(TestServer.Response r, String containing) {
        JsonNode body = r.json();
        assertThat(body.size()).as(r.body()).isEqualTo(1);
        assertThat(body.get("error").isTextual()).as(r.body()).isTrue();
        assertThat(body.get("error").asText()).contains(containing).doesNotContain("Exception", "\tat ");
    }

    private static JsonNode find(JsonNode tensors, String name) {
        for (JsonNode t : tensors) {
            if (t.get("name").asText().equals(name)) {
                return t;
            }
        }
        throw new AssertionError("no tensor '" + name + "' in " + tensors);
    }

    private static JsonNode find(JsonNode batchStats, long size) {
        for (JsonNode b : batchStats) {
            if (b.get("batch_size").asLong() == size) {
                return b;
            }
        }
        throw new AssertionError("no batch of size " + size + " in " + batchStats);
    }

    /** One input of the declared datatype and shape, any-size dimensions as 1, with a valid value per element. */
    private static ObjectNode sample(JsonNode declared) {
        ObjectNode tensor = MAPPER.createObjectNode();
        tensor.set("name", declared.get("name"));
        tensor.set("datatype", declared.get("datatype"));
        ArrayNode shape = tensor.putArray("shape");
        long elements = 1;
        for (JsonNode dim : declared.get("shape")) {
            long size = dim.asLong() < 0 ? 1 : dim.asLong();
            shape.add(size);
            elements *= size;
        }
        ArrayNode data = tensor.putArray("data");
        for (long i = 0; i < elements; i++) {
            switch (declared.get("datatype").asText()) {
                case "BOOL" -> data.add(i % 2 == 0);
                case "BYTES" -> data.add("sample " + i);
                case "FP16", "FP32", "FP64" -> data.add(0.5 * i);
                default -> data.add(i % 100);
            }
        }
        return tensor;
    }
}
