package dev.inferyx.ops;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.inferyx.config.ConfigLoader;
import dev.inferyx.config.InferyxConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every manifest under deploy/k8s, parsed (multi-document YAML) and cross-checked: the wiring a typo breaks
 * silently in a cluster (a selector that matches nothing, a probe on the wrong port, a grace period shorter than
 * the drain) fails here instead.
 */
class KubernetesManifestsTest {

    private static final ObjectMapper YAML = new YAMLMapper();
    private static final String IMAGE = "ghcr.io/inferyx/inferyx:";

    private static List<JsonNode> docs;

    @BeforeAll
    static void parseEveryManifest() throws IOException {
        docs = new ArrayList<>();
        try (Stream<Path> files = Files.list(Repo.path("deploy/k8s"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
                try (var parser = new YAMLFactory().createParser(file.toFile())) {
                    YAML.readValues(parser, JsonNode.class).readAll().stream()
                            .filter(d -> d != null && !d.isEmpty())
                            .forEach(docs::add);
                }
            }
        }
    }

    private static JsonNode one(String kind, String name) {
        List<JsonNode> found = docs.stream().filter(d -> d.path("kind").asText().equals(kind)
                && d.path("metadata").path("name").asText().equals(name)).toList();
        assertThat(found).as("%s/%s", kind, name).hasSize(1);
        return found.getFirst();
    }

    private static List<JsonNode> all(String kind) {
        return docs.stream().filter(d -> d.path("kind").asText().equals(kind)).toList();
    }

    private static Map<String, String> map(JsonNode node) {
        Map<String, String> out = new HashMap<>();
        node.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asText()));
        return out;
    }

    private static JsonNode container(JsonNode deployment) {
        JsonNode containers = deployment.path("spec").path("template").path("spec").path("containers");
        assertThat(containers.size()).isEqualTo(1);
        return containers.get(0);
    }

    /** The inferyx.yaml of the ConfigMap, loaded by the server's own loader: it must be a valid configuration. */
    private static InferyxConfig servedConfig() {
        String yaml = one("ConfigMap", "inferyx-config").path("data").path("inferyx.yaml").asText();
        return ConfigLoader.fromYaml(yaml, Map.of());
    }

    @Test
    void everyDocument_hasAKindANameAndTheInferyxNamespace() {
        assertThat(docs).hasSizeGreaterThanOrEqualTo(10);
        for (JsonNode d : docs) {
            assertThat(d.path("apiVersion").asText()).as(d.toString()).isNotBlank();
            assertThat(d.path("metadata").path("name").asText()).as(d.toString()).isNotBlank();
            if (!d.path("kind").asText().equals("Namespace")) {
                assertThat(d.path("metadata").path("namespace").asText()).as(d.toString()).isEqualTo("inferyx");
            }
        }
    }

    @Test
    void deployments_runOnePinnedImageWithTheirRoleAndMatchTheirOwnPodLabels() {
        Map<String, String> roles = Map.of("inferyx-gateway", "gateway", "inferyx-worker", "worker");
        assertThat(all("Deployment")).extracting(d -> d.path("metadata").path("name").asText())
                .containsExactlyInAnyOrderElementsOf(roles.keySet());
        roles.forEach((name, role) -> {
            JsonNode d = one("Deployment", name);
            JsonNode c = container(d);
            assertThat(c.path("image").asText()).startsWith(IMAGE).doesNotEndWith(":latest");
            assertThat(c.path("args").get(0).asText()).isEqualTo(role);
            Map<String, String> podLabels = map(d.path("spec").path("template").path("metadata").path("labels"));
            Map<String, String> selector = map(d.path("spec").path("selector").path("matchLabels"));
            assertThat(podLabels).containsAllEntriesOf(selector).containsEntry("app.kubernetes.io/component", role);
            assertThat(d.path("spec").path("template").path("spec").path("securityContext").path("runAsNonRoot")
                    .asBoolean()).isTrue();
        });
    }

    @Test
    void probes_hitTheHealthRoutesOnTheContainerPortTheServerListensOn() {
        for (JsonNode d : all("Deployment")) {
            JsonNode c = container(d);
            int port = c.path("ports").get(0).path("containerPort").asInt();
            String envPort = envValue(c, "INFERYX_PORT");
            assertThat(envPort).as("INFERYX_PORT of %s", d.path("metadata").path("name")).isEqualTo(port + "");
            assertThat(envValue(c, "INFERYX_HOST")).isEqualTo("0.0.0.0");
            assertThat(c.path("readinessProbe").path("httpGet").path("path").asText()).isEqualTo("/health/ready");
            assertThat(c.path("livenessProbe").path("httpGet").path("path").asText()).isEqualTo("/health/live");
            for (String probe : List.of("readinessProbe", "livenessProbe", "startupProbe")) {
                assertThat(c.path(probe).path("httpGet").path("port").asInt()).as(probe).isEqualTo(port);
            }
            JsonNode annotations = d.path("spec").path("template").path("metadata").path("annotations");
            assertThat(annotations.path("prometheus.io/port").asText()).isEqualTo(port + "");
        }
    }

    @Test
    void gracePeriod_outlastsPreStopPlusTheConfiguredDrainTimeout() {
        Duration drain = servedConfig().drainTimeout();
        assertThat(drain).isEqualTo(Duration.ofSeconds(30));
        for (JsonNode d : all("Deployment")) {
            JsonNode pod = d.path("spec").path("template").path("spec");
            JsonNode preStop = container(d).path("lifecycle").path("preStop").path("exec").path("command");
            long preStopSeconds = preStop.size() == 2 && preStop.get(0).asText().equals("sleep")
                    ? preStop.get(1).asLong() : 0;
            assertThat(pod.path("terminationGracePeriodSeconds").asLong())
                    .as("grace period of %s", d.path("metadata").path("name"))
                    .isGreaterThan(preStopSeconds + drain.toSeconds());
        }
    }

    @Test
    void gatewayService_selectsGatewayPodsOnlyAndTargetsTheirPort() {
        JsonNode service = one("Service", "inferyx-gateway");
        JsonNode gateway = one("Deployment", "inferyx-gateway");
        Map<String, String> selector = map(service.path("spec").path("selector"));
        assertThat(map(gateway.path("spec").path("template").path("metadata").path("labels")))
                .containsAllEntriesOf(selector);
        assertThat(map(one("Deployment", "inferyx-worker").path("spec").path("template").path("metadata")
                .path("labels")).entrySet().containsAll(selector.entrySet()))
                .as("the API Service must not route to workers").isFalse();
        assertThat(service.path("spec").path("ports").get(0).path("targetPort").asInt())
                .isEqualTo(container(gateway).path("ports").get(0).path("containerPort").asInt());
    }

    @Test
    void autoscalersAndDisruptionBudgets_pointAtTheRightDeployments() {
        JsonNode hpa = one("HorizontalPodAutoscaler", "inferyx-gateway");
        assertThat(hpa.path("spec").path("scaleTargetRef").path("name").asText()).isEqualTo("inferyx-gateway");
        assertThat(hpa.path("spec").path("minReplicas").asInt()).isGreaterThanOrEqualTo(2);

        JsonNode scaled = one("ScaledObject", "inferyx-worker");
        assertThat(scaled.path("spec").path("scaleTargetRef").path("name").asText()).isEqualTo("inferyx-worker");
        assertThat(scaled.path("spec").path("minReplicaCount").asInt()).isGreaterThanOrEqualTo(1);

        for (String role : List.of("gateway", "worker")) {
            JsonNode pdb = one("PodDisruptionBudget", "inferyx-" + role);
            assertThat(map(one("Deployment", "inferyx-" + role).path("spec").path("template").path("metadata")
                    .path("labels"))).containsAllEntriesOf(map(pdb.path("spec").path("selector").path("matchLabels")));
        }
    }

    @Test
    void kedaTriggers_readEveryServedModelsBacklogOverAllBands_fromTheGatewayService() {
        JsonNode scaled = one("ScaledObject", "inferyx-worker");
        JsonNode service = one("Service", "inferyx-gateway");
        String models = "http://inferyx-gateway." + service.path("metadata").path("namespace").asText() + ".svc:"
                + service.path("spec").path("ports").get(0).path("port").asInt() + "/models";
        Set<String> watched = new TreeSet<>();
        for (JsonNode trigger : scaled.path("spec").path("triggers")) {
            // Not redis-streams: it watches one band's stream, and errors while that stream is absent.
            assertThat(trigger.path("type").asText()).isEqualTo("metrics-api");
            JsonNode meta = trigger.path("metadata");
            assertThat(meta.path("url").asText()).isEqualTo(models);
            assertThat(meta.path("format").asText()).isEqualTo("json");
            assertThat(meta.path("authMode").asText()).isEqualTo("bearer");
            assertThat(Integer.parseInt(meta.path("targetValue").asText())).isPositive();
            var location = java.util.regex.Pattern.compile("models\\.#\\(name==\"([a-z0-9-]+)\"\\)\\.queue\\.queued")
                    .matcher(meta.path("valueLocation").asText());
            assertThat(location.matches()).as(meta.path("valueLocation").asText()).isTrue();
            watched.add(location.group(1));
            one("TriggerAuthentication", trigger.path("authenticationRef").path("name").asText());
        }
        assertThat(watched).isEqualTo(new TreeSet<>(servedConfig().models().keySet()));
    }

    @Test
    void kedaToken_isTheSecretOfAnApiKeyTheGatewaysAccept() {
        JsonNode data = one("Secret", "inferyx").path("stringData");
        String tokenKey = one("TriggerAuthentication", "inferyx-api").path("spec").path("secretTargetRef").get(0)
                .path("key").asText();
        String token = data.path(tokenKey).asText();

        assertThat(token).isNotEmpty();
        assertThat(List.of(data.path("INFERYX_API_KEYS").asText().split(",")))
                .anySatisfy(entry -> assertThat(entry.substring(entry.indexOf(':') + 1)).isEqualTo(token));
    }

    @Test
    void configAndSecrets_comeFromTheConfigMapAndSecretTheManifestsDefine() {
        JsonNode secret = one("Secret", "inferyx");
        Set<String> secretKeys = new TreeSet<>();
        secret.path("stringData").fieldNames().forEachRemaining(secretKeys::add);
        for (JsonNode d : all("Deployment")) {
            JsonNode c = container(d);
            assertThat(envValue(c, "INFERYX_CONFIG")).isEqualTo("/etc/inferyx/inferyx.yaml");
            assertThat(c.path("volumeMounts").toString()).contains("\"mountPath\":\"/etc/inferyx\"");
            assertThat(d.path("spec").path("template").path("spec").path("volumes").toString())
                    .contains("\"name\":\"inferyx-config\"");
            Set<String> fromSecret = new TreeSet<>();
            for (JsonNode env : c.path("env")) {
                JsonNode ref = env.path("valueFrom").path("secretKeyRef");
                if (!ref.isMissingNode()) {
                    assertThat(ref.path("name").asText()).isEqualTo("inferyx");
                    fromSecret.add(ref.path("key").asText());
                } else {
                    assertThat(env.path("name").asText()).as("a secret as a plain env value")
                            .doesNotContain("KEYS", "REDIS_URL", "PASSWORD");
                }
            }
            assertThat(fromSecret).contains("INFERYX_API_KEYS", "INFERYX_REDIS_URL");
            assertThat(secretKeys).containsAll(fromSecret);
        }
        one("TriggerAuthentication", "inferyx-api").path("spec").path("secretTargetRef")
                .forEach(ref -> assertThat(secretKeys).contains(ref.path("key").asText()));
    }

    private static String envValue(JsonNode container, String name) {
        for (JsonNode env : container.path("env")) {
            if (env.path("name").asText().equals(name)) {
                return env.path("value").asText();
            }
        }
        throw new AssertionError("no env " + name + " in " + container.path("name"));
    }
}
