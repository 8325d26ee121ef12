package dev.inferyx.ops;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Grafana dashboard reads only series that exist: every metric name in its queries is exported by a real
 * server under load (histograms through their _bucket/_sum/_count series) or defined by a recording rule.
 */
class DashboardTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final YAMLMapper YAML = new YAMLMapper();
    /** Series Prometheus itself adds to every scrape. */
    private static final Set<String> SCRAPE_SERIES = Set.of("up", "scrape_duration_seconds", "scrape_samples_scraped");

    private static JsonNode dashboard;
    private static Set<String> exported;

    @BeforeAll
    static void scrapeALoadedServer() throws IOException {
        dashboard = JSON.readTree(Repo.path("deploy/grafana/dashboards/inferyx.json").toFile());
        // Every inferyx_* metric the dashboard reads: load until the server has exported each one, or 30 s pass
        // (then the assertion below names what never appeared).
        Set<String> wanted = new TreeSet<>();
        queries().values().forEach(names -> names.stream().filter(n -> n.startsWith("inferyx_")).forEach(wanted::add));
        try (LiveInferyx server = LiveInferyx.start()) {
            String text;
            try {
                text = server.loadUntilExported(wanted);
            } catch (org.awaitility.core.ConditionTimeoutException e) {
                text = server.scrape();
            }
            exported = exportedNames(text);
        }
    }

    @Test
    void everyMetricTheDashboardQueries_isExportedOrRecorded() throws IOException {
        Set<String> known = new TreeSet<>(exported);
        known.addAll(recordingRules());
        known.addAll(SCRAPE_SERIES);
        Map<String, Set<String>> used = queries();

        assertThat(used).as("the dashboard has queries").hasSizeGreaterThan(10);
        Map<String, Set<String>> unknown = new LinkedHashMap<>();
        used.forEach((where, names) -> {
            Set<String> missing = new TreeSet<>(names);
            missing.removeAll(known);
            if (!missing.isEmpty()) {
                unknown.put(where, missing);
            }
        });
        assertThat(unknown).as("queries reading metrics the server does not export (exported: %s)", exported)
                .isEmpty();
    }

    @Test
    void everyPanel_usesThePinnedProvisionedDatasource() throws IOException {
        JsonNode datasource = YAML.readTree(Repo.path("deploy/grafana/provisioning/datasources/prometheus.yml")
                .toFile()).path("datasources").get(0);
        String uid = datasource.path("uid").asText();
        assertThat(uid).isEqualTo("inferyx-prometheus");
        assertThat(datasource.path("url").asText()).isEqualTo("http://prometheus:9090");

        for (JsonNode panel : dashboard.path("panels")) {
            if (!panel.path("type").asText().equals("row")) {
                assertThat(panel.path("datasource").path("uid").asText()).as(panel.path("title").asText())
                        .isEqualTo(uid);
                panel.path("targets").forEach(t -> assertThat(t.path("datasource").path("uid").asText())
                        .as(panel.path("title").asText()).isEqualTo(uid));
            }
        }
    }

    @Test
    void panels_coverEverySignalTheIssueAsksFor() {
        List<String> titles = new ArrayList<>();
        dashboard.path("panels").forEach(p -> titles.add(p.path("title").asText().toLowerCase()));
        String all = String.join(" | ", titles);
        assertThat(all).contains("request rate", "throughput", "p50 / p95 / p99", "queue depth vs bound",
                "workers: total vs busy", "batch size distribution", "retries", "dead-letter", "cache hit ratio",
                "429 / 503", "circuit breaker");
        String exprs = String.join("\n", queries().keySet());
        assertThat(exprs).contains("histogram_quantile(0.5,", "histogram_quantile(0.95,", "histogram_quantile(0.99,");
    }

    /** Every query of the dashboard (panel targets and template variables), keyed by the query text. */
    private static Map<String, Set<String>> queries() {
        Map<String, Set<String>> out = new LinkedHashMap<>();
        List<JsonNode> panels = new ArrayList<>();
        dashboard.path("panels").forEach(p -> {
            panels.add(p);
            p.path("panels").forEach(panels::add);
        });
        for (JsonNode panel : panels) {
            for (JsonNode target : panel.path("targets")) {
                String expr = target.path("expr").asText();
                out.put(expr, PromQl.metricNames(expr));
            }
        }
        for (JsonNode variable : dashboard.path("templating").path("list")) {
            JsonNode query = variable.path("query");
            String expr = query.isTextual() ? query.asText() : query.path("query").asText();
            out.put(expr, PromQl.metricNames(expr));
        }
        return out;
    }

    /** Sample names and declared families; a histogram family is exported through its three series. */
    private static Set<String> exportedNames(String text) {
        Set<String> names = new TreeSet<>();
        for (String line : text.split("\n")) {
            if (line.startsWith("# TYPE ")) {
                String[] parts = line.split(" ");
                names.add(parts[2]);
                if (parts[3].equals("histogram")) {
                    names.addAll(List.of(parts[2] + "_bucket", parts[2] + "_sum", parts[2] + "_count"));
                }
            } else if (!line.isBlank() && !line.startsWith("#")) {
                names.add(line.split("[{ ]", 2)[0]);
            }
        }
        return names;
    }

    private static Set<String> recordingRules() throws IOException {
        Set<String> names = new TreeSet<>();
        try (Stream<Path> files = Files.list(Repo.path("deploy/prometheus/rules"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yml")).toList()) {
                for (JsonNode group : YAML.readTree(file.toFile()).path("groups")) {
                    group.path("rules").forEach(r -> {
                        if (r.hasNonNull("record")) {
                            names.add(r.path("record").asText());
                        }
                    });
                }
            }
        }
        return names;
    }
}
