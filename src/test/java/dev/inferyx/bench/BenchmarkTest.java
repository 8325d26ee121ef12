package dev.inferyx.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The whole bench path against a real (fake) HTTP server: load, report files, charts. */
class BenchmarkTest {

    @TempDir
    Path dir;

    private static Benchmark.Plan plan(FakeInferServer server, Benchmark.Load load, Duration duration) {
        return new Benchmark.Plan(server.uri(), "sim", null, Mode.WAIT, load, InputMix.SEED, Duration.ofMillis(200),
                duration, 256, Duration.ofSeconds(10), 1);
    }

    @Test
    void closedLoop_writesJsonMarkdownAndLatencyChart() throws Exception {
        List<String> log = new ArrayList<>();
        try (var server = FakeInferServer.withDelay(Duration.ofMillis(10))) {
            long started = System.nanoTime();
            BenchReport report = new Benchmark(plan(server, new Benchmark.Load.Closed(2), Duration.ofMillis(2500)),
                    log::add).run();
            double runSeconds = (System.nanoTime() - started) / 1e9;
            String md = new ReportWriter().write(report, dir);

            JsonNode json = new ObjectMapper().readTree(dir.resolve("report.json").toFile());
            assertThat(json.at("/result/latency_ms/p99").asDouble()).isGreaterThanOrEqualTo(10.0);
            assertThat(json.at("/result/status_codes/200").asLong()).isPositive();
            assertThat(json.at("/result/timeline").size()).isPositive();
            assertThat(json.at("/settings/load").asText()).isEqualTo("closed loop, 2 clients");
            // The fake server has no /metrics: the report says so instead of failing.
            assertThat(json.at("/server_metrics_note").asText()).contains("unavailable");
            // The load generator's own CPU, over the measured window (2.5 s after the 0.2 s warm-up). Bounds a busy
            // machine cannot break: the window leaves out the warm-up, so it is at least 0.2 s shorter than the
            // whole run however long that took; and it spans most of the 2.5 s (only a warm-up timer waking
            // 1.75 s late could shorten it to 0.75 s).
            assertThat(json.at("/load_generator_cpu/window_seconds").asDouble())
                    .isGreaterThan(0.75).isLessThanOrEqualTo(runSeconds - 0.2);
            assertThat(json.at("/load_generator_cpu/cpu_seconds").asDouble()).isPositive();
            assertThat(md).contains("## Result", "p99.9", "load generator's own CPU");
            assertThat(Files.size(dir.resolve("latency-over-time.png"))).isPositive();
            // The progress reporter ticks once a second: a 2.7 s run sees two, so only a
            // reporter 1.7 s late misses both.
            assertThat(log).anyMatch(l -> l.contains("req/s") && l.contains("in flight"));
        }
    }

    @Test
    void sweep_stopsAtTheFirstSaturatedStep() throws Exception {
        // On virtual time, with each request served on the scheduling thread, the server handles one request at
        // a time for 20 ms: it carries at most 50 req/s, so 10 is easy and 100 is not, exactly, on any machine.
        VirtualClock clock = new VirtualClock();
        RequestSender oneAtATime = input -> {
            clock.advanceTo(clock.nanoTime() + Duration.ofMillis(20).toNanos());
            return Outcome.ok(200);
        };
        LoadRunner runner = new LoadRunner(oneAtATime, new InputGenerator(InputMix.UNIQUE, 1), p -> { }, clock,
                DirectExecutorService::new);
        Benchmark.Plan plan = new Benchmark.Plan(URI.create("http://unused"), "sim", null, Mode.WAIT,
                new Benchmark.Load.Sweep(RateSweep.parse("10:190:90")), InputMix.UNIQUE, Duration.ofMillis(200),
                Duration.ofSeconds(20), 1024, Duration.ofSeconds(10), 1);

        List<RateSweep.Step> steps = new Benchmark(plan, l -> { }).sweep(runner, RateSweep.parse("10:190:90"));

        assertThat(steps).extracting(RateSweep.Step::targetRate).containsExactly(10.0, 100.0);
        assertThat(steps.get(0).reason()).isNull();
        assertThat(steps.get(1).reason()).startsWith("achieved");
    }

    @Test
    void sweep_chartsLatencyAgainstThroughput_andNamesTheSaturationPoint() throws Exception {
        // A server that handles one request at a time for 20 ms carries at most 50 req/s, so the sweep always
        // ends saturated at 100 req/s; a busy machine may call the 10 req/s step saturated already (its edges
        // lose a request or two), so which step that is is checked on virtual time above.
        try (var server = new FakeInferServer(Duration.ofMillis(20), -1, Duration.ZERO, 1)) {
            Benchmark.Plan p = new Benchmark.Plan(server.uri(), "sim", null, Mode.WAIT,
                    new Benchmark.Load.Sweep(RateSweep.parse("10:100:90")), InputMix.UNIQUE, Duration.ofMillis(200),
                    Duration.ofSeconds(2), 1024, Duration.ofSeconds(10), 1);
            BenchReport report = new Benchmark(p, l -> { }).run();
            new ReportWriter().write(report, dir);

            List<RateSweep.Step> steps = report.sweep();
            assertThat(steps).hasSizeBetween(1, 2);
            assertThat(steps.getLast().saturated()).isTrue();
            assertThat(Files.size(dir.resolve("latency-vs-throughput.png"))).isPositive();
            assertThat(Files.readString(dir.resolve("report.md")))
                    .contains("Saturation at " + ReportWriter.fmt(steps.getLast().targetRate()) + " req/s");
        }
    }
}
