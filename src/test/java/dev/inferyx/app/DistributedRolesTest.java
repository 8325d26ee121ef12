package dev.inferyx.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.inferyx.testing.RedisServer;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Gateway and worker processes (here: two servers in one JVM) sharing a private redis-server. */
class DistributedRolesTest {

    private static RedisServer redis;

    @BeforeAll
    static void startRedis() {
        redis = RedisServer.start();
    }

    @AfterAll
    static void stopRedis() {
        if (redis != null) {
            redis.close();
        }
    }

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
    void worker_servesOnlyHealthAndMetrics() {
        try (TestServer worker = node("w" + UUID.randomUUID() + ":", Role.WORKER).start()) {
            assertThat(worker.get("/health/ready").status()).isEqualTo(200);
            assertThat(worker.get("/metrics").status()).isEqualTo(200);
            assertThat(worker.post("/infer", "{\"input\": \"hi\"}").status()).isEqualTo(404);
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
