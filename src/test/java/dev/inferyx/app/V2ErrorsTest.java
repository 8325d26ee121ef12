package dev.inferyx.app;

import static dev.inferyx.app.V2Bodies.one;
import static dev.inferyx.app.V2Bodies.assertV2Error;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Open Inference Protocol errors: every refusal is a V2 error body ({@code {"error": ...}}) with the status Triton
 * would answer, from bad tensors and unknown models to full queues, expired jobs and missing API keys.
 */
@ExtendWith(V2Server.class)
class V2ErrorsTest {

    private static TestServer server;

    @BeforeAll
    static void useSharedServer(TestServer shared) {
        server = shared;
    }


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
                Arguments.of("empty inputs", "minilm",
                        "{\"inputs\": []}",
                        "'inputs' must be a non-empty array of tensors, was an empty array"),
                Arguments.of("inputs not an array", "echo",
                        "{\"inputs\": {}}",
                        "'inputs' must be a non-empty array of tensors, was an object"),
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
}
