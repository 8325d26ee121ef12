package dev.inferyx.app;

import static dev.inferyx.app.V2Bodies.MAPPER;
import static dev.inferyx.app.V2Bodies.one;
import static dev.inferyx.app.V2Bodies.ok;
import static dev.inferyx.app.V2Bodies.statsOf;
import static dev.inferyx.app.V2Bodies.find;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Open Inference Protocol infer requests answered exactly: {@link #roundTrips()} is a table of (model, request
 * inputs, expected outputs) that new models can extend, plus request ids, output filters, MiniLM and batching.
 */
@ExtendWith(V2Server.class)
class V2InferTest {

    private static TestServer server;

    @BeforeAll
    static void useSharedServer(TestServer shared) {
        server = shared;
    }


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
        // What a Triton client sends for the config's dims [1] (reshaped to []): one string per row as [n, 1].
        cases.add(Arguments.of("sim text rows as [n, 1], Triton's dims [1]", "sim",
                "[{\"name\": \"text\", \"datatype\": \"BYTES\", \"shape\": [2, 1], \"data\": [[\"hello\"], [\"v2\"]]}]",
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
        JsonNode before = statsOf(server, "pair");

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
            JsonNode after = statsOf(server, "pair");
            assertThat(after.get("inference_count").asLong() - before.get("inference_count").asLong()).isEqualTo(2);
            assertThat(after.get("execution_count").asLong() - before.get("execution_count").asLong()).isEqualTo(1);
            assertThat(find(after.get("batch_stats"), 2).get("compute_infer").get("count").asLong()).isPositive();
        });
    }
}
