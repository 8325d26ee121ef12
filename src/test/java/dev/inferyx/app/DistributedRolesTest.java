package dev.inferyx.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.inferyx.model.sim.SimConfig;
import dev.inferyx.retry.RetryPolicy;
import dev.inferyx.testing.PrivateRedis;
import dev.inferyx.testing.RedisServer;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Gateway and worker processes (here: two servers in one JVM) sharing a private redis-server. */
class DistributedRolesTest {

    @RegisterExtension
    static final PrivateRedis redis = new PrivateRedis();

    private static TestServer.Builder node(String prefix, Role role) {
        return TestServer.builder().echo("echo", 100).redis(redis.url(), prefix).role(role);
    }

    @Test
    void gatewayAdmits_workerRuns_waitingClientAndAnyGatewaySeeTheResult() {
        String prefix = "d" + UUID.randomUUID() + ":";
        try (TestServer worker = node(prefix, Role.WORKER).start();
             TestServer gateway = node(prefix, Role.GATEWAY).start();
             TestServer otherGateway = node(prefix, Role.GATEWAY).start()) {

            TestServer.Response r = gateway.post("/infer?wait=20s", "{\"input\": \"hi\", \"model_id\": \"echo\"}");

            assertThat(r.status()).as(r.body()).isEqualTo(200);
            assertThat(r.json().get("status").asText()).isEqualTo("done");
            assertThat(r.json().get("result").asText()).isEqualTo("hi");
            String id = r.json().get("request_id").asText();
            TestServer.Response polled = otherGateway.get("/result/" + id);
            assertThat(polled.status()).isEqualTo(200);
            assertThat(polled.json().get("status").asText()).isEqualTo("done");
        }
    }

    @Test
    void workerRetriesThenDeadLetters_andAGatewayListsAndReplaysTheDeadLetter() {
        String prefix = "x" + UUID.randomUUID() + ":";
        SimConfig alwaysFails = new SimConfig(Duration.ZERO, 1, Duration.ZERO, 0, 1.0, 0);
        RetryPolicy fast = new RetryPolicy(3, Duration.ofMillis(5), Duration.ofMillis(20), 1.0);
        try (TestServer worker = TestServer.builder().sim("broken", alwaysFails, 100).retry(fast)
                .redis(redis.url(), prefix).role(Role.WORKER).start();
             TestServer gateway = TestServer.builder().sim("broken", alwaysFails, 100).retry(fast)
                .redis(redis.url(), prefix).role(Role.GATEWAY).start()) {

            TestServer.Response r = gateway.post("/infer?wait=20s", "{\"input\": \"x\", \"model_id\": \"broken\"}");

            assertThat(r.json().get("status").asText()).as(r.body()).isEqualTo("failed");
            assertThat(r.json().get("attempts").asInt()).as("ran max_attempts times on the worker").isEqualTo(3);
            String id = r.json().get("request_id").asText();
            TestServer.Response listed = gateway.get("/admin/dead-letters?model=broken");
            assertThat(listed.status()).as(listed.body()).isEqualTo(200);
            assertThat(listed.json().get("dead_letters")).hasSize(1);
            assertThat(listed.json().get("dead_letters").get(0).get("request_id").asText()).isEqualTo(id);

            TestServer.Response replayed = gateway.post("/admin/dead-letters/" + id + "/replay", "");
            assertThat(replayed.json().get("status").asText()).as(replayed.body()).isEqualTo("queued");
            assertThat(gateway.get("/result/" + id + "?wait=20s").json().get("status").asText()).isEqualTo("failed");
        }
    }

    @Test
    void deadLettersOfAModelNoLongerConfigured_areRefusedOnReplay_409_andStay() {
        String prefix = "r" + UUID.randomUUID() + ":";
        SimConfig alwaysFails = new SimConfig(Duration.ZERO, 1, Duration.ZERO, 0, 1.0, 0);
        String id;
        try (TestServer before = TestServer.builder().sim("broken", alwaysFails, 100).echo("echo", 100)
                .retry(new RetryPolicy(1, Duration.ZERO, Duration.ZERO, 1.0)).redis(redis.url(), prefix).start()) {
            TestServer.Response r = before.post("/infer?wait=20s", "{\"input\": \"x\", \"model_id\": \"broken\"}");
            assertThat(r.json().get("status").asText()).as(r.body()).isEqualTo("failed");
            id = r.json().get("request_id").asText();
        }
        // Restarted with "broken" gone from the configuration: a gateway serves the models its config lists.
        try (TestServer worker = node(prefix, Role.WORKER).start();
             TestServer gateway = node(prefix, Role.GATEWAY).start()) {

            TestServer.Response refused = gateway.post("/admin/dead-letters/" + id + "/replay", "");
            TestServer.Response refusedAll = gateway.post("/admin/dead-letters/replay?model=broken", "");
            TestServer.Response all = gateway.post("/admin/dead-letters/replay", "");

            assertThat(refused.status()).as(refused.body()).isEqualTo(409);
            assertThat(refused.json().at("/error/code").asText()).isEqualTo("model_not_served");
            assertThat(refusedAll.status()).as(refusedAll.body()).isEqualTo(409);
            assertThat(all.json().toString()).isEqualTo("{\"replayed\":0,\"not_served\":{\"broken\":1}}");
            assertThat(gateway.get("/admin/dead-letters/" + id).json().get("status").asText())
                    .as("the letter stays as it was").isEqualTo("failed");
            assertThat(gateway.get("/admin/dead-letters?model=broken").json().get("dead_letters")).hasSize(1);
            assertThat(gateway.delete("/admin/dead-letters?model=broken").json().get("purged").asInt())
                    .as("an operator can still drop them").isEqualTo(1);
        }
    }

    @Test
    void aResultComputedThroughOneGateway_isACacheHitOnAnother() {
        String prefix = "c" + UUID.randomUUID() + ":";
        try (TestServer worker = node(prefix, Role.WORKER).reuse("echo").start();
             TestServer gateway = node(prefix, Role.GATEWAY).reuse("echo").start();
             TestServer other = node(prefix, Role.GATEWAY).reuse("echo").start()) {
            String body = "{\"input\": \"again\", \"model_id\": \"echo\"}";
            assertThat(gateway.post("/infer?wait=20s", body).json().get("status").asText()).isEqualTo("done");

            TestServer.Response hit = other.post("/infer?wait=20s", body);

            assertThat(hit.json().get("cached").asBoolean()).as("the cache is shared: " + hit.body()).isTrue();
            String id = hit.json().get("request_id").asText();
            assertThat(gateway.get("/result/" + id).json().get("cached").asBoolean())
                    .as("the cache hit's record is in Redis, readable from any gateway").isTrue();
        }
    }

    @Test
    void idempotencyKey_isRecognisedByAnotherGateway() {
        String prefix = "i" + UUID.randomUUID() + ":";
        try (TestServer worker = node(prefix, Role.WORKER).start();
             TestServer gateway = node(prefix, Role.GATEWAY).start();
             TestServer other = node(prefix, Role.GATEWAY).start()) {
            String body = "{\"input\": \"pay once\", \"model_id\": \"echo\"}";

            TestServer.Response first = gateway.post("/infer?wait=20s", body, "Idempotency-Key", "order-1");
            TestServer.Response resent = other.post("/infer?wait=20s", body, "Idempotency-Key", "order-1");
            TestServer.Response changed = other.post("/infer?wait=20s", "{\"input\": \"pay twice\", "
                    + "\"model_id\": \"echo\"}", "Idempotency-Key", "order-1");

            assertThat(first.status()).as(first.body()).isEqualTo(200);
            assertThat(resent.json().get("request_id").asText()).as(resent.body())
                    .isEqualTo(first.json().get("request_id").asText());
            assertThat(changed.status()).as(changed.body()).isEqualTo(422);
        }
    }

    @Test
    void worker_servesOnlyHealthAndMetrics() {
        try (TestServer worker = node("w" + UUID.randomUUID() + ":", Role.WORKER).start()) {
            assertThat(worker.get("/health/ready").status()).isEqualTo(200);
            assertThat(worker.get("/metrics").status()).isEqualTo(200);
            assertThat(worker.post("/infer", "{\"input\": \"hi\"}").status()).isEqualTo(404);
            assertThat(worker.get("/admin/dead-letters/replay").status()).as("no admin API here").isEqualTo(404);
            TestServer.Response wrongMethod = worker.post("/metrics", "");
            assertThat(wrongMethod.status()).isEqualTo(405);
            assertThat(wrongMethod.header("Allow")).contains("GET");
        }
    }

    @Test
    void gatewayWithoutRedis_refusesToStart() {
        assertThatThrownBy(() -> TestServer.builder().echo("echo", 10).role(Role.GATEWAY).start())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("needs Redis");
    }

    @Test
    void redisGone_gatewayAnswers503WithRetryAfter() {
        RedisServer doomed = RedisServer.start();
        try (TestServer gateway = TestServer.builder().echo("echo", 10).redis(doomed.url(), "g:")
                .role(Role.GATEWAY).start()) {
            doomed.kill();

            TestServer.Response r = gateway.post("/infer", "{\"input\": \"hi\", \"model_id\": \"echo\"}");

            assertThat(r.status()).as(r.body()).isEqualTo(503);
            assertThat(r.json().get("error").get("code").asText()).isEqualTo("backend_unavailable");
            assertThat(r.header("Retry-After")).isPresent();
        } finally {
            doomed.close();
        }
    }

    @Test
    void redisRestartedWithAof_gatewayAndWorkerRecoverAndKeepAcceptedJobs() {
        RedisServer restarting = RedisServer.start(true);
        String prefix = "r:";
        try (TestServer worker = TestServer.builder().echo("echo", 100).redis(restarting.url(), prefix)
                .role(Role.WORKER).start();
             TestServer gateway = TestServer.builder().echo("echo", 100).redis(restarting.url(), prefix)
                .role(Role.GATEWAY).start()) {
            TestServer.Response before = gateway.post("/infer?wait=20s", "{\"input\": \"before\", \"model_id\": \"echo\"}");
            assertThat(before.status()).as(before.body()).isEqualTo(200);

            restarting.kill();
            assertThat(gateway.post("/infer", "{\"input\": \"down\", \"model_id\": \"echo\"}").status())
                    .isEqualTo(503);
            restarting.restart();

            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(60)).untilAsserted(() -> {
                TestServer.Response after = gateway.post("/infer?wait=5s",
                        "{\"input\": \"after\", \"model_id\": \"echo\"}");
                assertThat(after.status()).as(after.body()).isEqualTo(200);
                assertThat(after.json().get("result").asText()).isEqualTo("after");
            });
            String id = before.json().get("request_id").asText();
            assertThat(gateway.get("/result/" + id).json().get("status").asText()).isEqualTo("done");
        } finally {
            restarting.close();
        }
    }
}
