package dev.inferyx.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.inferyx.model.sim.SimConfig;
import dev.inferyx.retry.RetryPolicy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The dead-letter admin API over real HTTP: admin keys only; list, filter, paginate, show, replay, purge. */
class DeadLetterAdminTest {

    private static final String ADMIN_KEY = "ops-secret-key-1";
    private static final String[] ADMIN = {"Authorization", TestServer.bearer(ADMIN_KEY)};
    private static final String[] ALICE = {"Authorization", TestServer.bearer(TestServer.ALICE_KEY)};

    private TestServer server;

    @BeforeEach
    void start() {
        // No retries: a failed batch dead-letters its jobs at once. "coin" fails half its batches, "broken" all.
        server = TestServer.builder().withKeys().adminKey("ops", ADMIN_KEY)
                .retry(new RetryPolicy(1, Duration.ZERO, Duration.ZERO, 0.2))
                .sim("coin", new SimConfig(Duration.ZERO, 1, Duration.ZERO, 0, 0.5, 0), 1000)
                .sim("broken", new SimConfig(Duration.ZERO, 1, Duration.ZERO, 0, 1.0, 0), 1000)
                .start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private List<String> failedJobs(String model, int n) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            TestServer.Response r = server.post("/infer?wait=10s",
                    "{\"input\": \"" + model + " " + i + "\", \"model_id\": \"" + model + "\"}", ALICE);
            if (r.json().get("status").asText().equals("failed")) {
                ids.add(r.json().get("request_id").asText());
            }
        }
        return ids;
    }

    @Test
    void adminRoutes_refuseMissingAndNonAdminKeys() {
        assertThat(server.get("/admin/dead-letters").status()).isEqualTo(401);
        TestServer.Response alice = server.get("/admin/dead-letters", ALICE);
        assertThat(alice.status()).isEqualTo(401);
        assertThat(alice.json().get("error").get("code").asText()).isEqualTo("unauthorized");
        assertThat(server.post("/admin/dead-letters/replay", "", ALICE).status()).isEqualTo(401);
        assertThat(server.delete("/admin/dead-letters", ALICE).status()).isEqualTo(401);
        assertThat(server.get("/admin/dead-letters", ADMIN).status()).isEqualTo(200);
    }

    @Test
    void list_filtersByModel_andPaginatesWithACursor() {
        List<String> broken = failedJobs("broken", 5);
        failedJobs("coin", 6);

        JsonNode first = server.get("/admin/dead-letters?model=broken&limit=2", ADMIN).json();
        JsonNode second = server.get("/admin/dead-letters?model=broken&limit=2&cursor="
                + first.get("next_cursor").asText(), ADMIN).json();
        JsonNode third = server.get("/admin/dead-letters?model=broken&limit=2&cursor="
                + second.get("next_cursor").asText(), ADMIN).json();

        List<String> listed = new ArrayList<>();
        for (JsonNode page : List.of(first, second, third)) {
            page.get("dead_letters").forEach(j -> {
                assertThat(j.get("model_id").asText()).isEqualTo("broken");
                assertThat(j.get("status").asText()).isEqualTo("failed");
                assertThat(j.get("owner").asText()).isEqualTo("alice");
                listed.add(j.get("request_id").asText());
            });
        }
        assertThat(listed).containsExactlyElementsOf(broken);
        assertThat(third.get("next_cursor").isNull()).isTrue();
        assertThat(server.get("/admin/dead-letters?limit=0", ADMIN).status()).isEqualTo(400);
        assertThat(server.get("/admin/dead-letters?cursor=nope", ADMIN).status()).isEqualTo(400);
        assertThat(server.get("/admin/dead-letters?model=nope", ADMIN).status()).isEqualTo(404);
    }

    @Test
    void show_oneDeadLetter_withItsLastError() {
        String id = failedJobs("broken", 1).getFirst();

        TestServer.Response r = server.get("/admin/dead-letters/" + id, ADMIN);

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().get("error").get("code").asText()).isEqualTo("model_error");
        assertThat(r.json().get("attempts").asInt()).isEqualTo(1);
        assertThat(server.get("/admin/dead-letters/00000000-0000-0000-0000-000000000000", ADMIN).status())
                .isEqualTo(404);
    }

    @Test
    void replay_queuesTheJobAgain_andAReplayedJobCanSucceed() {
        List<String> failed = failedJobs("coin", 40);
        assertThat(failed).as("a fair coin fails some of 40 batches").isNotEmpty();

        int done = 0;
        for (String id : failed) {
            // One at a time, so each replay is its own batch and its own coin toss.
            TestServer.Response replayed = server.post("/admin/dead-letters/" + id + "/replay", "", ADMIN);
            assertThat(replayed.status()).isEqualTo(200);
            assertThat(replayed.json().get("status").asText()).isEqualTo("queued");
            assertThat(replayed.json().get("attempts").asInt()).isZero();
            String status = server.get("/result/" + id + "?wait=10s", ALICE).json().get("status").asText();
            assertThat(status).isIn("done", "failed");
            done += status.equals("done") ? 1 : 0;
        }

        assertThat(done).as("about half of the replays succeed").isPositive();
        // The counter is bumped just after waiters are woken, so give it a moment.
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(server.metric("inferyx_jobs_finished_total", "model=\"coin\""))
                        .as("finished = accepted + replayed")
                        .isEqualTo(server.metric("inferyx_requests_total", "model=\"coin\"", "outcome=\"accepted\"")
                                + server.metric("inferyx_dead_letters_replayed_total", "model=\"coin\"")));
        assertThat(server.post("/admin/dead-letters/" + failed.getFirst() + "/replay", "", ADMIN).status())
                .as("a job that succeeded is no dead letter any more, or it failed again and is one")
                .isIn(200, 404);
    }

    @Test
    void replayAll_ofOneModel_queuesEveryDeadLetterOfIt() {
        List<String> broken = failedJobs("broken", 4);

        int replayed = server.post("/admin/dead-letters/replay?model=broken", "", ADMIN).json().get("replayed")
                .asInt();

        assertThat(replayed).isEqualTo(4);
        assertThat(server.metric("inferyx_dead_letters_replayed_total", "model=\"broken\"")).isEqualTo(4);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(
                server.get("/admin/dead-letters?model=broken", ADMIN).json().get("dead_letters"))
                .as("the broken model fails them again").hasSize(4));
        assertThat(server.get("/result/" + broken.getFirst(), ALICE).json().get("attempts").asInt()).isEqualTo(1);
    }

    @Test
    void purge_dropsOneModelsDeadLetters_orAll() {
        failedJobs("broken", 3);
        List<String> coin = failedJobs("coin", 20);

        TestServer.Response purged = server.delete("/admin/dead-letters?model=broken", ADMIN);

        assertThat(purged.json().get("purged").asInt()).isEqualTo(3);
        assertThat(server.get("/admin/dead-letters?model=broken", ADMIN).json().get("dead_letters")).isEmpty();
        assertThat(server.delete("/admin/dead-letters", ADMIN).json().get("purged").asInt()).isEqualTo(coin.size());
        assertThat(server.metric("inferyx_dead_letters")).isZero();
    }

    @Test
    void wrongMethod_onAdminPaths_is405WithAllow() {
        TestServer.Response r = server.post("/admin/dead-letters", "", ADMIN);
        assertThat(r.status()).isEqualTo(405);
        assertThat(r.header("Allow")).contains("GET, DELETE");
        assertThat(server.delete("/admin/dead-letters/x/replay", ADMIN).header("Allow")).contains("POST");
    }

    @Test
    void serverWithApiKeysButNoAdminKeys_refusesTheAdminApi() {
        try (TestServer keyed = TestServer.builder().withKeys().echo("echo", 10).start()) {
            TestServer.Response r = keyed.get("/admin/dead-letters", ALICE);

            assertThat(r.status()).isEqualTo(401);
            assertThat(r.json().get("error").get("message").asText()).contains("auth.admin_keys");
        }
    }
}
