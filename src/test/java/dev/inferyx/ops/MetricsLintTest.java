package dev.inferyx.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What a real server exports under load passes Prometheus' own linter. */
class MetricsLintTest {

    @Test
    void promtoolCheckMetrics_onALiveScrapeUnderLoad_reportsNoProblem() {
        Tool promtool = Tool.require("promtool", "prometheus");
        String text;
        try (LiveInferyx server = LiveInferyx.start()) {
            text = server.loadUntilExported(List.of("inferyx_requests_total", "inferyx_retries_total",
                    "inferyx_dead_letters_replayed_total", "inferyx_coalesced_requests_total"));
        }
        // Guard against linting an empty or partial scrape: the load must have produced each metric family.
        assertThat(text).contains("inferyx_requests_total{", "inferyx_request_duration_seconds_bucket{",
                "inferyx_batch_size_bucket{", "inferyx_retries_total{", "inferyx_cache_requests_total{",
                "jvm_memory_used_bytes", "process_cpu_seconds_total");

        Tool.Run run = promtool.run(Duration.ofSeconds(30), text, Map.of(), "check", "metrics");

        assertThat(run.exitCode()).as("promtool check metrics said:%n%s", run.output()).isZero();
        assertThat(run.output()).as("lint findings").isBlank();
    }
}
