package dev.inferyx.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.inferyx.batch.BatchPolicy;
import dev.inferyx.config.ModelSpec;
import dev.inferyx.worker.PoolConfig;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The real minilm model behind a real server: text in over {@code /infer}, 384 numbers out. */
class MiniLmApiTest {

    private static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.builder()
                .model("minilm", new ModelSpec.MiniLm(false, 1), 100, new BatchPolicy(32, Duration.ofMillis(2)),
                        new PoolConfig(1, 2, 10, Duration.ofSeconds(30)))
                .start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void infer_withWait_answersAUnitLengthEmbeddingOf384Numbers() {
        TestServer.Response r = server.post("/infer?wait=30s",
                "{\"input\": \"A man is playing a guitar.\", \"model_id\": \"minilm\"}");

        assertThat(r.status()).isEqualTo(200);
        JsonNode result = r.json().get("result");
        assertThat(result.isArray()).isTrue();
        assertThat(result).hasSize(384);
        double squares = 0;
        for (JsonNode value : result) {
            assertThat(value.isNumber()).isTrue();
            squares += value.doubleValue() * value.doubleValue();
        }
        assertThat(Math.sqrt(squares)).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-4));
    }
}
