package dev.inferyx.ops;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** deploy/prometheus is what Prometheus itself accepts, and its alerts fire when (and only when) they should. */
class PrometheusConfigTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @Test
    void promtool_checkConfig_acceptsTheScrapeConfigAndItsRuleFiles() {
        Tool promtool = Tool.require("promtool", "prometheus");

        Tool.Run run = promtool.run(TIMEOUT, "check", "config", Repo.path("deploy/prometheus/prometheus.yml").toString());

        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(run.output()).contains("SUCCESS: 1 rule files found");
    }

    @Test
    void promtool_checkRules_acceptsEveryRecordingRuleAndAlert() {
        Tool promtool = Tool.require("promtool", "prometheus");

        Tool.Run run = promtool.run(TIMEOUT, "check", "rules",
                Repo.path("deploy/prometheus/rules/inferyx.yml").toString());

        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(run.output()).contains("SUCCESS");
    }

    @Test
    void everyAlert_hasASeverityAndARunbookSectionInTheOperationsGuide() throws IOException {
        JsonNode groups = new YAMLMapper().readTree(Repo.path("deploy/prometheus/rules/inferyx.yml").toFile())
                .path("groups");
        String guide = Files.readString(Repo.path("docs/operations.md"));
        List<String> alerts = new ArrayList<>();
        for (JsonNode group : groups) {
            for (JsonNode rule : group.path("rules")) {
                if (rule.hasNonNull("alert")) {
                    String name = rule.path("alert").asText();
                    alerts.add(name);
                    assertThat(rule.path("labels").path("severity").asText()).as(name).isIn("warning", "critical");
                    assertThat(rule.path("annotations").path("runbook_url").asText()).as(name)
                            .endsWith("docs/operations.md#" + name.toLowerCase());
                    assertThat(guide).as("runbook for " + name).contains("\n### " + name + "\n");
                }
            }
        }
        assertThat(alerts).containsExactlyInAnyOrder("InferyxQueueNearBound", "InferyxHighFailureRate",
                "InferyxDeadLettersGrowing", "InferyxHighP99Latency", "InferyxNoLiveWorkers", "InferyxBreakerOpen");
    }

    @Test
    void promtool_testRules_alertsFireOnTheirSymptomsOnly() {
        Tool promtool = Tool.require("promtool", "prometheus");

        Tool.Run run = promtool.run(TIMEOUT, "test", "rules",
                Repo.path("deploy/prometheus/tests/alerts.test.yml").toString());

        assertThat(run.exitCode()).as(run.output()).isZero();
    }
}
