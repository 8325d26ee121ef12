package dev.inferyx.app;

import static dev.inferyx.app.TestServer.ALICE_KEY;
import static dev.inferyx.app.TestServer.BOB_KEY;
import static dev.inferyx.app.TestServer.bearer;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The Idempotency-Key header against a real server. */
class IdempotencyApiTest {

    private static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.builder().withKeys().sim("sim", TestServer.instantSim(), 100).start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private TestServer.Response post(String body, String key, String apiKey) {
        return server.post("/infer?wait=10s", body, "Authorization", bearer(apiKey), "Idempotency-Key", key);
    }

    @Test
    void sameKeySameBody_returnsTheOriginalRequestId_andDoesNoNewWork() {
        TestServer.Response first = post("{\"input\": \"pay once\"}", "order-1", ALICE_KEY);
        double accepted = server.metric("inferyx_requests_total", "outcome=\"accepted\"");
        double ran = server.metric("inferyx_jobs_processed_total");

        // Same request, key order and spacing differ: what counts is the request, not its bytes.
        TestServer.Response again = post("{ \"model_id\": \"sim\",  \"input\": \"pay once\" }", "order-1", ALICE_KEY);

        assertThat(first.status()).isEqualTo(200);
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.json().get("request_id").asText()).isEqualTo(first.json().get("request_id").asText());
        assertThat(again.json().get("status").asText()).isEqualTo("done");
        assertThat(server.metric("inferyx_requests_total", "outcome=\"accepted\"")).isEqualTo(accepted);
        assertThat(server.metric("inferyx_jobs_processed_total")).isEqualTo(ran);
    }

    @Test
    void sameKeyDifferentBody_is422IdempotencyKeyReused() {
        post("{\"input\": \"first\"}", "order-2", ALICE_KEY);

        TestServer.Response reused = post("{\"input\": \"second\"}", "order-2", ALICE_KEY);

        assertThat(reused.status()).isEqualTo(422);
        assertThat(reused.json().get("error").get("code").asText()).isEqualTo("idempotency_key_reused");
    }

    @Test
    void sameKeyFromAnotherApiKey_isItsOwnRequest() {
        TestServer.Response alices = post("{\"input\": \"shared key\"}", "order-3", ALICE_KEY);

        TestServer.Response bobs = post("{\"input\": \"shared key\"}", "order-3", BOB_KEY);

        assertThat(bobs.status()).isEqualTo(200);
        assertThat(bobs.json().get("request_id").asText()).isNotEqualTo(alices.json().get("request_id").asText());
    }

    @Test
    void overlongKey_is400() {
        TestServer.Response r = post("{\"input\": \"x\"}", "k".repeat(256), ALICE_KEY);

        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().get("error").get("code").asText()).isEqualTo("invalid_idempotency_key");
    }
}
