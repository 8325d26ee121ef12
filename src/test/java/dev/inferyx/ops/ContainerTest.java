package dev.inferyx.ops;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The Dockerfile and docker-compose.yml, checked without a Docker engine (none runs in CI): Compose's own
 * {@code docker-compose config} resolves the file, and the resolved model is checked for what makes the stack
 * connect (service names, never localhost) and stay safe (no secrets in the file or the image).
 */
class ContainerTest {

    private static final YAMLMapper YAML = new YAMLMapper();
    private static final Map<String, String> SECRETS = Map.of("INFERYX_API_KEYS", "ops:compose-test-secret",
            "GRAFANA_ADMIN_PASSWORD", "compose-test-password");

    private static JsonNode resolvedCompose(Tool compose) throws IOException {
        Tool.Run run = compose.run(Duration.ofSeconds(60), null, SECRETS,
                "--project-directory", Repo.root().toString(), "-f", Repo.path("docker-compose.yml").toString(),
                "config");
        assertThat(run.exitCode()).as("docker-compose config said:%n%s", run.output()).isZero();
        return YAML.readTree(run.output());
    }

    @Test
    void dockerComposeConfig_resolvesTheStackWithServicesAddressedByName() throws IOException {
        Tool compose = Tool.require("docker-compose", "docker-compose");
        JsonNode services = resolvedCompose(compose).path("services");

        List<String> names = new ArrayList<>();
        services.fieldNames().forEachRemaining(names::add);
        assertThat(names).containsExactlyInAnyOrder("redis", "gateway", "worker", "prometheus", "grafana");
        assertThat(services.toString()).doesNotContain("localhost", "127.0.0.1");

        assertThat(services.path("redis").path("command").toString()).contains("\"--appendonly\",\"yes\"");
        for (String role : List.of("gateway", "worker")) {
            JsonNode s = services.path(role);
            assertThat(s.path("command").get(0).asText()).isEqualTo(role);
            assertThat(s.path("environment").path("INFERYX_REDIS_URL").asText()).isEqualTo("redis://redis:6379");
            assertThat(s.path("environment").path("INFERYX_HOST").asText()).isEqualTo("0.0.0.0");
            assertThat(s.path("depends_on").path("redis").path("condition").asText()).isEqualTo("service_healthy");
        }
        assertThat(services.path("gateway").path("environment").path("INFERYX_PORT").asText()).isEqualTo("8080");
        assertThat(services.path("worker").path("environment").path("INFERYX_PORT").asText()).isEqualTo("9101");
        assertThat(services.path("worker").path("deploy").path("replicas").asInt()).isGreaterThanOrEqualTo(1);
        assertThat(services.path("worker").has("ports")).as("a scaled worker publishes no host port").isFalse();

        assertThat(services.path("prometheus").path("volumes").toString()).contains("deploy/prometheus");
        assertThat(services.path("grafana").path("volumes").toString())
                .contains("deploy/grafana/provisioning", "deploy/grafana/dashboards");
    }

    @Test
    void dockerComposeConfig_withoutApiKeys_refusesToStartAnOpenStack() {
        Tool compose = Tool.require("docker-compose", "docker-compose");

        Tool.Run run = compose.run(Duration.ofSeconds(60), null,
                Map.of("INFERYX_API_KEYS", "", "GRAFANA_ADMIN_PASSWORD", "x"),
                "--project-directory", Repo.root().toString(), "-f", Repo.path("docker-compose.yml").toString(),
                "config");

        assertThat(run.exitCode()).isNotZero();
        assertThat(run.output()).contains("set INFERYX_API_KEYS");
    }

    @Test
    void prometheusInCompose_scrapesTheServicesAndPortsComposeRuns() throws IOException {
        JsonNode scrape = YAML.readTree(Repo.path("deploy/prometheus/prometheus.yml").toFile()).path("scrape_configs");
        String text = scrape.toString();
        assertThat(text).contains("\"names\":[\"gateway\"]", "\"port\":8080", "\"names\":[\"worker\"]",
                "\"port\":9101").doesNotContain("localhost");
    }

    @Test
    void dockerfile_buildsInAJdkStageRunsOnAJreAsNonRootWithAHealthcheckAndNoSecrets() throws IOException {
        List<String> lines = Files.readAllLines(Repo.path("Dockerfile")).stream()
                .filter(l -> !l.isBlank() && !l.stripLeading().startsWith("#")).toList();
        List<String> from = lines.stream().filter(l -> l.startsWith("FROM ")).toList();
        String text = String.join("\n", lines);

        assertThat(from).hasSize(2);
        assertThat(from.get(0)).contains("maven:", "temurin-25").endsWith(" AS build");
        assertThat(from.get(1)).contains("temurin:25-jre");
        assertThat(text).contains("COPY --from=build").containsPattern("(?m)^USER 10001");
        assertThat(text).containsPattern("HEALTHCHECK [^\\n]*\\\\\\n\\s+CMD curl -fsS \"http://127.0.0.1:\\$\\{INFERYX_PORT}/health/live\"");
        assertThat(text).contains("ENTRYPOINT [\"java\", \"-jar\", \"/app/inferyx.jar\"]");
        assertThat(text).as("no secrets baked into the image")
                .doesNotContainPattern("(?i)(ENV|ARG)[^\\n]*(API_KEYS|ADMIN_KEYS|PASSWORD|SECRET|REDIS_URL)");
        assertThat(Files.readString(Repo.path(".dockerignore"))).contains("*", "!pom.xml", "!src/");
    }
}
