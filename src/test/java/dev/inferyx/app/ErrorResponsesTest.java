package dev.inferyx.app;

import static dev.inferyx.app.TestServer.bearer;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.inferyx.http.HttpConfig;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Every client mistake gets its 4xx with a JSON error body — never a 500, never a stack trace. */
class ErrorResponsesTest {

    private static TestServer server;
    private static final String ALICE = bearer(TestServer.ALICE_KEY);

    @BeforeAll
    static void start() {
        server = TestServer.builder()
                .withKeys()
                .http(new HttpConfig("127.0.0.1", 0, false, 4096, 100, Duration.ofSeconds(30)))
                .sim("sim", TestServer.instantSim(), 1000, "mock")
                .start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static void assertError(TestServer.Response r, int status, String code) {
        assertThat(r.status()).as("status of %s", r.body()).isEqualTo(status);
        assertThat(r.header("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
        JsonNode error = r.json().get("error");
        assertThat(error.get("code").asText()).isEqualTo(code);
        assertThat(error.get("message").asText()).isNotBlank();
        assertThat(r.body()).doesNotContain("Exception", "\tat ");
    }

    @Test
    void malformedJson_is400() {
        assertError(server.post("/infer", "{\"input\": ", "Authorization", ALICE), 400, "malformed_json");
    }

    @Test
    void emptyBody_is400() {
        assertError(server.post("/infer", "", "Authorization", ALICE), 400, "malformed_json");
    }

    @Test
    void bodyNotAnObject_is400() {
        assertError(server.post("/infer", "[1, 2]", "Authorization", ALICE), 400, "invalid_request");
    }

    @Test
    void missingInput_is400NamingTheField() {
        TestServer.Response r = server.post("/infer", "{\"model_id\": \"sim\"}", "Authorization", ALICE);
        assertError(r, 400, "invalid_request");
        assertThat(r.json().get("error").get("message").asText()).contains("input");
    }

    @Test
    void inputOfWrongType_is400() {
        assertError(server.post("/infer", "{\"input\": 42}", "Authorization", ALICE), 400, "invalid_request");
    }

    @Test
    void priorityOfWrongType_is400() {
        assertError(server.post("/infer", "{\"input\": \"a\", \"priority\": \"high\"}", "Authorization", ALICE),
                400, "invalid_request");
    }

    @Test
    void nonPositiveTimeout_is400() {
        assertError(server.post("/infer", "{\"input\": \"a\", \"timeout_ms\": 0}", "Authorization", ALICE),
                400, "invalid_request");
    }

    @Test
    void emptyInput_is400() {
        assertError(server.post("/infer", "{\"input\": \"  \"}", "Authorization", ALICE), 400, "empty_input");
    }

    @Test
    void overLongInput_is400StatingTheLimit() {
        TestServer.Response r = server.post("/infer", "{\"input\": \"" + "x".repeat(101) + "\"}",
                "Authorization", ALICE);
        assertError(r, 400, "input_too_long");
        assertThat(r.json().get("error").get("message").asText()).contains("100");
    }

    @Test
    void badWaitParameter_is400() {
        assertError(server.post("/infer?wait=soon", "{\"input\": \"a\"}", "Authorization", ALICE),
                400, "invalid_parameter");
        assertError(server.post("/infer?wait=99m", "{\"input\": \"a\"}", "Authorization", ALICE),
                400, "invalid_parameter");
    }

    @Test
    void missingKey_is401WithChallenge() {
        TestServer.Response r = server.post("/infer", "{\"input\": \"a\"}");
        assertError(r, 401, "unauthorized");
        assertThat(r.header("WWW-Authenticate")).contains("Bearer realm=\"inferyx\"");
    }

    @Test
    void wrongKey_is401() {
        assertError(server.post("/infer", "{\"input\": \"a\"}", "Authorization", bearer("not-a-real-key")),
                401, "unauthorized");
        assertError(server.get("/models", "Authorization", "Basic abc"), 401, "unauthorized");
    }

    @Test
    void unknownModel_is404() {
        assertError(server.post("/infer", "{\"input\": \"a\", \"model_id\": \"gpt-9\"}", "Authorization", ALICE),
                404, "model_not_found");
    }

    @Test
    void unknownJob_is404WithRequestId() {
        String id = "123e4567-e89b-42d3-a456-426614174000";
        TestServer.Response r = server.get("/result/" + id, "Authorization", ALICE);
        assertError(r, 404, "job_not_found");
        assertThat(r.json().get("request_id").asText()).isEqualTo(id);
        assertError(server.get("/result/not-a-uuid", "Authorization", ALICE), 404, "job_not_found");
    }

    @Test
    void anotherKeysJob_is404() {
        String id = server.post("/infer?wait=5s", "{\"input\": \"mine\"}", "Authorization", ALICE)
                .json().get("request_id").asText();

        assertThat(server.get("/result/" + id, "Authorization", ALICE).status()).isEqualTo(200);
        assertError(server.get("/result/" + id, "Authorization", bearer(TestServer.BOB_KEY)), 404, "job_not_found");
    }

    @Test
    void unknownRoute_is404AndWrongMethod_is405() {
        assertError(server.get("/nope"), 404, "route_not_found");
        TestServer.Response r = server.get("/infer");
        assertError(r, 405, "method_not_allowed");
        assertThat(r.header("Allow")).contains("POST");
    }

    @Test
    void bodyOverTheLimit_is413() {
        String big = "{\"input\": \"" + "x".repeat(5000) + "\"}";
        assertError(server.post("/infer", big, "Authorization", ALICE), 413, "payload_too_large");
    }

    @Test
    void chunkedBodyOverTheLimit_is413() {
        HttpRequest req = HttpRequest.newBuilder(URI.create(server.base() + "/infer"))
                .header("Content-Type", "application/json")
                .header("Authorization", ALICE)
                .POST(HttpRequest.BodyPublishers.ofInputStream(() ->
                        new java.io.ByteArrayInputStream(("{\"input\": \"" + "y".repeat(9000) + "\"}").getBytes())))
                .build();
        assertError(server.send(req), 413, "payload_too_large");
    }

    @Test
    void wrongContentType_is415() {
        assertError(server.post("/infer", "input=a", "Content-Type", "application/x-www-form-urlencoded",
                "Authorization", ALICE), 415, "unsupported_media_type");
    }

    @Test
    void probesAndMetrics_needNoKey() {
        assertThat(server.get("/health/live").status()).isEqualTo(200);
        assertThat(server.get("/health/ready").status()).isEqualTo(200);
        assertThat(server.get("/metrics").status()).isEqualTo(200);
    }
}
