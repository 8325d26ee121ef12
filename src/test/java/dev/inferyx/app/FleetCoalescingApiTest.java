package dev.inferyx.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.inferyx.testing.PrivateRedis;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Identical requests arriving at different gateways (one private redis-server) share one job. */
class FleetCoalescingApiTest {

    @RegisterExtension
    static final PrivateRedis redis = new PrivateRedis();

    private static TestServer.Builder node(String prefix, Role role) {
        // The leader's run must outlast the follower's trip to the other gateway, or the follower is a cache hit
        // instead of coalescing: 2 s leaves a busy machine room.
        return TestServer.builder().sim("sim", TestServer.slowSim(Duration.ofSeconds(2)), 1_000).reuse("sim")
                .redis(redis.url(), prefix).role(role);
    }

    @Test
    void identicalRequestsOnTwoGateways_runTheModelOnce_andBothGetItsResult() {
        String prefix = "co" + UUID.randomUUID() + ":";
        try (TestServer worker = node(prefix, Role.WORKER).start();
             TestServer one = node(prefix, Role.GATEWAY).start();
             TestServer other = node(prefix, Role.GATEWAY).start()) {

            TestServer.Response led = one.post("/infer", "{\"input\": \"shared\", \"model_id\": \"sim\"}");
            TestServer.Response followed = other.post("/infer?wait=30s",
                    "{\"input\": \"shared\", \"model_id\": \"sim\"}");

            assertThat(followed.status()).as(followed.body()).isEqualTo(200);
            assertThat(followed.json().get("status").asText()).isEqualTo("done");
            assertThat(followed.json().get("result").asText()).isEqualTo("[sim] SHARED");
            assertThat(followed.json().has("cached")).as("shared in flight, not a cache hit").isFalse();
            assertThat(other.metric("inferyx_coalesced_requests_total", "model=\"sim\"")).isEqualTo(1);
            String leaderId = led.json().get("request_id").asText();
            JsonNode leader = other.get("/result/" + leaderId + "?wait=30s").json();
            assertThat(leader.get("result").asText()).isEqualTo("[sim] SHARED");
            assertThat(worker.metric("inferyx_jobs_processed_total", "model=\"sim\"")).isEqualTo(1);
        }
    }

    @Test
    void aStampedeSpreadOverTwoGateways_admitsOneJob() throws Exception {
        String prefix = "cs" + UUID.randomUUID() + ":";
        try (TestServer worker = node(prefix, Role.WORKER).start();
             TestServer one = node(prefix, Role.GATEWAY).start();
             TestServer other = node(prefix, Role.GATEWAY).start();
             ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<TestServer.Response>> responses = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                TestServer gateway = i % 2 == 0 ? one : other;
                Callable<TestServer.Response> call = () -> gateway.post("/infer?wait=30s",
                        "{\"input\": \"stampede\", \"model_id\": \"sim\"}");
                responses.add(clients.submit(call));
            }

            for (Future<TestServer.Response> r : responses) {
                assertThat(r.get().json().get("result").asText()).as(r.get().body()).isEqualTo("[sim] STAMPEDE");
            }
            assertThat(worker.metric("inferyx_jobs_processed_total", "model=\"sim\"")).isEqualTo(1);
        }
    }
}
