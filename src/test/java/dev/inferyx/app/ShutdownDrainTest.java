package dev.inferyx.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.inferyx.batch.BatchPolicy;
import dev.inferyx.config.ModelSpec;
import dev.inferyx.worker.PoolConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** A graceful stop refuses new work, finishes or fails every accepted job, and answers waiting clients. */
class ShutdownDrainTest {

    @Test
    void close_withinDrainTimeout_finishesAcceptedJobsAndAnswersWaiters() throws Exception {
        // All 8 must be unfinished at once, and still be when close() starts: the first job's run is the window
        // for the other 7 to arrive, so it is 1 s rather than a busy machine's scheduling hiccup.
        TestServer server = TestServer.builder()
                .model("sim", new ModelSpec.Sim("test", TestServer.slowSim(Duration.ofSeconds(1))), 100,
                        new BatchPolicy(4, Duration.ZERO), new PoolConfig(1, 1, 10, Duration.ofSeconds(30)))
                .drainTimeout(Duration.ofSeconds(20))
                .start();
        try (var clients = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<TestServer.Response>> waiters = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                waiters.add(clients.submit(() -> server.post("/infer?wait=30s", "{\"input\": \"drain me\"}")));
            }
            awaitUnfinished(server, 8);

            Future<?> closing = clients.submit(server::close);
            awaitDraining(server);
            TestServer.Response refused = server.post("/infer", "{\"input\": \"too late\"}");
            assertThat(refused.status()).isEqualTo(503);
            assertThat(refused.json().get("error").get("code").asText()).isEqualTo("draining");
            assertThat(refused.header("Retry-After")).isPresent();

            for (Future<TestServer.Response> w : waiters) {
                TestServer.Response r = w.get();
                assertThat(r.status()).isEqualTo(200);
                assertThat(r.json().get("status").asText()).isEqualTo("done");
            }
            closing.get();
        }
    }

    @Test
    void close_pastDrainTimeout_failsTheRestWithShutdownAndAnswersWaiters() throws Exception {
        TestServer server = TestServer.builder()
                .model("sim", new ModelSpec.Sim("test", TestServer.slowSim(Duration.ofSeconds(5))), 100,
                        new BatchPolicy(1, Duration.ZERO), new PoolConfig(1, 1, 10, Duration.ofSeconds(30)))
                .drainTimeout(Duration.ofMillis(200))
                .start();
        try (var clients = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<TestServer.Response>> waiters = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                waiters.add(clients.submit(() -> server.post("/infer?wait=30s", "{\"input\": \"stuck\"}")));
            }
            awaitUnfinished(server, 3);

            server.close();

            for (Future<TestServer.Response> w : waiters) {
                TestServer.Response r = w.get();
                assertThat(r.status()).isEqualTo(200);
                assertThat(r.json().get("status").asText()).isEqualTo("failed");
                assertThat(r.json().get("error").get("code").asText()).isEqualTo("shutdown");
            }
        }
    }

    private static void awaitUnfinished(TestServer server, int n) {
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() ->
                server.get("/models").json().get("models").get(0).get("queue").get("unfinished").asInt() == n);
    }

    private static void awaitDraining(TestServer server) {
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() ->
                server.get("/health/ready").status() == 503);
    }
}
