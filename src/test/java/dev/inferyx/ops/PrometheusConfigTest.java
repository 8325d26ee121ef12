package dev.inferyx.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
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
    void promtool_testRules_alertsFireOnTheirSymptomsOnly() {
        Tool promtool = Tool.require("promtool", "prometheus");

        Tool.Run run = promtool.run(TIMEOUT, "test", "rules",
                Repo.path("deploy/prometheus/tests/alerts.test.yml").toString());

        assertThat(run.exitCode()).as(run.output()).isZero();
    }
}
