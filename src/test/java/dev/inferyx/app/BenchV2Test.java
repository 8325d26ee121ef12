package dev.inferyx.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.inferyx.bench.BenchReport;
import dev.inferyx.bench.Benchmark;
import dev.inferyx.bench.InputMix;
import dev.inferyx.bench.Mode;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code inferyx bench --mode v2} against a real server: text tensors from the input mix, or a fixed body. */
class BenchV2Test {

    private static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.builder().withKeys().sim("sim", TestServer.instantSim(), 1000).echo("echo", 1000).start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static Benchmark.Plan plan(String model, Optional<String> payload) {
        return new Benchmark.Plan(URI.create(server.base()), model, TestServer.ALICE_KEY, Mode.V2,
                new Benchmark.Load.Closed(4), InputMix.SEED, Duration.ofMillis(200), Duration.ofSeconds(1), 64,
                Duration.ofSeconds(10), 1, payload.map(p -> p.getBytes(StandardCharsets.UTF_8)));
    }

    private static long inferences(String model) {
        return server.get("/v2/models/" + model + "/stats", "Authorization", TestServer.bearer(TestServer.ALICE_KEY))
                .json().at("/model_stats/0/inference_stats/success/count").asLong();
    }

    @Test
    void v2Mode_sendsEachInputAsATextTensor_andTheServerRunsThem() throws Exception {
        long before = inferences("sim");

        BenchReport report = new Benchmark(plan("sim", Optional.empty()), line -> { }).run();

        assertThat(report.run().ok()).isPositive();
        assertThat(report.run().errors()).isZero();
        assertThat(report.settings()).containsEntry("mode", "v2");
        // A job is counted just after its client is answered, so the count may trail the answers briefly.
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(inferences("sim") - before).isGreaterThanOrEqualTo(report.run().ok()));
    }

    @Test
    void v2Mode_withPayload_sendsThatBodyAsIs() throws Exception {
        String body = "{\"inputs\": [{\"name\": \"fp32\", \"datatype\": \"FP32\", \"shape\": [1, 3], "
                + "\"data\": [1, 2, 3]}]}";

        BenchReport report = new Benchmark(plan("echo", Optional.of(body)), line -> { }).run();

        assertThat(report.run().ok()).isPositive();
        assertThat(report.run().errors()).isZero();
        assertThat(report.settings().get("inputs")).contains("fixed V2 request body");
    }

    @Test
    void v2Mode_refusedRequests_countAsErrorsByStatus() throws Exception {
        String wrongDatatype = "{\"inputs\": [{\"name\": \"fp32\", \"datatype\": \"INT32\", \"shape\": [1, 1], "
                + "\"data\": [1]}]}";

        BenchReport report = new Benchmark(plan("echo", Optional.of(wrongDatatype)), line -> { }).run();

        assertThat(report.run().ok()).isZero();
        assertThat(report.run().errorCounts()).containsOnlyKeys("http_400");
    }
}
