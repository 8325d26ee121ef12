package dev.inferyx.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.inferyx.batch.BatchPolicy;
import dev.inferyx.config.ModelSpec;
import dev.inferyx.worker.PoolConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** Admission is bounded on all unfinished work, so a flood gets 429s that say the bound and the depth. */
class BackpressureTest {

    @Test
    void flood_beyondUnfinishedBound_gets429WithRetryAfter() throws Exception {
        int capacity = 5;
        try (TestServer server = TestServer.builder()
                // All 40 must arrive while the first batch runs, or its end frees slots for more than `capacity`;
                // the run costs nothing to lengthen, since closing does not wait for it (drain timeout zero).
                .model("slow", new ModelSpec.Sim("test", TestServer.slowSim(Duration.ofSeconds(30))), capacity,
                        new BatchPolicy(64, Duration.ZERO), new PoolConfig(1, 1, 10, Duration.ofSeconds(30)))
                .drainTimeout(Duration.ZERO)
                .start()) {
            List<TestServer.Response> responses = new ArrayList<>();
            try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
                List<Future<TestServer.Response>> futures = new ArrayList<>();
                for (int i = 0; i < 40; i++) {
                    futures.add(pool.submit(() -> server.post("/infer", "{\"input\": \"a\", \"model_id\": \"slow\"}")));
                }
                for (Future<TestServer.Response> f : futures) {
                    responses.add(f.get());
                }
            }

            // Jobs already claimed into a running batch still count, so exactly `capacity` are admitted.
            assertThat(responses).filteredOn(r -> r.status() == 202).hasSize(capacity);
            List<TestServer.Response> rejected = responses.stream().filter(r -> r.status() == 429).toList();
            assertThat(rejected).hasSize(40 - capacity);
            TestServer.Response one = rejected.getFirst();
            assertThat(one.header("Retry-After")).isPresent();
            JsonNode error = one.json().get("error");
            assertThat(error.get("code").asText()).isEqualTo("queue_full");
            assertThat(error.get("message").asText()).contains("slow", capacity + "/" + capacity);
            assertThat(server.metric("inferyx_requests_total", "model=\"slow\"", "outcome=\"queue_full\""))
                    .isEqualTo(40 - capacity);
        }
    }
}
