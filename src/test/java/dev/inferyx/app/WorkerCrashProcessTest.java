package dev.inferyx.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.inferyx.batch.BatchPolicy;
import dev.inferyx.config.ModelSpec;
import dev.inferyx.model.sim.SimConfig;
import dev.inferyx.testing.RedisServer;
import dev.inferyx.worker.PoolConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two {@code inferyx worker} JVMs and a gateway on one private Redis; one worker is killed with SIGKILL while
 * it runs batches. Every accepted job still reaches a terminal state (the survivor reclaims the dead worker's
 * claimed jobs after the visibility timeout), and none stays processing.
 */
class WorkerCrashProcessTest {

    private static final int JOBS = 120;

    @Test
    void killMinus9OfAWorkerMidBatch_everyAcceptedJobStillFinishes(@TempDir Path dir) throws Exception {
        try (RedisServer redis = RedisServer.start()) {
            Path config = dir.resolve("worker.yaml");
            Files.writeString(config, """
                    server: {port: 0, drain_timeout: 1s}
                    redis: {key_prefix: "crash:", visibility_timeout: 2s, max_deliveries: 5}
                    models:
                      flaky: ~
                      echo: ~
                      sim: {base_latency: 300ms, jitter: 0, max_batch_size: 4, min_workers: 1, max_workers: 1}
                    """);
            List<Process> workers = new ArrayList<>();
            try {
                for (int i = 0; i < 2; i++) {
                    workers.add(startWorker(dir, config, redis.url(), i));
                }
                for (int i = 0; i < 2; i++) {
                    Path log = dir.resolve("worker-" + i + ".log");
                    await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(100))
                            .until(() -> Files.readString(log).contains("Inferyx worker running"));
                }
                try (TestServer gateway = TestServer.builder()
                        .model("sim", new ModelSpec.Sim("test", new SimConfig(Duration.ofMillis(200), 64,
                                Duration.ZERO, 0, 0, 0)), 1_000, new BatchPolicy(4, Duration.ZERO),
                                new PoolConfig(1, 1, 10, Duration.ofSeconds(30)))
                        .redis(redis.url(), "crash:").role(Role.GATEWAY).start()) {
                    List<String> accepted = new ArrayList<>();
                    for (int i = 0; i < JOBS; i++) {
                        TestServer.Response r = gateway.post("/infer", "{\"input\": \"job " + i + "\"}");
                        assertThat(r.status()).as(r.body()).isEqualTo(202);
                        accepted.add(r.json().get("request_id").asText());
                    }
                    Map<String, String> status = new ConcurrentHashMap<>();
                    // Kill a worker once work is visibly in flight: some jobs done, others not yet.
                    await().atMost(Duration.ofSeconds(60)).until(() -> {
                        refresh(gateway, accepted, status);
                        return status.containsValue("done");
                    });
                    assertThat(status.values()).as("work left when the worker dies").contains("queued");

                    workers.getFirst().destroyForcibly(); // SIGKILL: no drain, its claimed batch stays pending
                    workers.getFirst().waitFor();

                    await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(250)).until(() -> {
                        refresh(gateway, accepted, status);
                        return status.values().stream().allMatch(s -> s.equals("done") || s.equals("failed")
                                || s.equals("expired"));
                    });
                    assertThat(status).hasSize(JOBS).doesNotContainValue("processing").doesNotContainValue("queued");
                    assertThat(status.values()).filteredOn("done"::equals).hasSizeGreaterThanOrEqualTo(JOBS - 4);
                }
            } finally {
                workers.forEach(Process::destroyForcibly);
            }
        }
    }

    private static Process startWorker(Path dir, Path config, String url, int n) throws Exception {
        String java = ProcessHandle.current().info().command().orElseThrow();
        return new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                "worker", "--config", config.toString(), "--redis", url)
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("worker-" + n + ".log").toFile())
                .start();
    }

    private static void refresh(TestServer gateway, List<String> ids, Map<String, String> status) {
        for (String id : ids) {
            String known = status.get(id);
            if (known != null && !known.equals("queued") && !known.equals("processing")) {
                continue; // terminal already
            }
            TestServer.Response r = gateway.get("/result/" + id);
            status.put(id, r.status() == 200 ? r.json().get("status").asText() : "http-" + r.status());
        }
    }
}
