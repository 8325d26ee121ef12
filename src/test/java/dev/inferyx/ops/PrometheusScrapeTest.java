package dev.inferyx.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real Prometheus (the Debian package's binary) scrapes a real Inferyx every second; under load its query API
 * returns non-zero rates for Inferyx series, so our exposition is one Prometheus ingests, not just one we parse.
 */
class PrometheusScrapeTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void prometheus_scrapingALoadedServer_returnsNonZeroRatesAndRunsEveryDashboardQuery(@TempDir Path dir) throws Exception {
        Tool prometheus = Tool.require("prometheus", "prometheus");
        try (LiveInferyx inferyx = LiveInferyx.start()) {
            int port = freePort();
            Path config = dir.resolve("prometheus.yml");
            Files.writeString(config, """
                    global: {scrape_interval: 1s, evaluation_interval: 1s}
                    scrape_configs:
                      - job_name: inferyx-gateway
                        static_configs: [{targets: ["127.0.0.1:%d"]}]
                    """.formatted(inferyx.port()));
            Process process = new ProcessBuilder(prometheus.path().toString(), "--config.file=" + config,
                    "--storage.tsdb.path=" + dir.resolve("data"), "--web.listen-address=127.0.0.1:" + port,
                    "--log.level=warn")
                    .redirectErrorStream(true).redirectOutput(dir.resolve("prometheus.log").toFile()).start();
            AtomicBoolean loading = new AtomicBoolean(true);
            Thread load = Thread.ofVirtual().start(() -> {
                while (loading.get()) {
                    inferyx.load(5);
                }
            });
            try {
                String api = "http://127.0.0.1:" + port + "/api/v1/query?query=";
                await("Prometheus scraping Inferyx with non-zero rates").atMost(Duration.ofSeconds(25))
                        .pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                        .untilAsserted(() -> {
                            assertThat(process.isAlive()).as("prometheus is running: %s", log(dir)).isTrue();
                            assertThat(value(api, "up{job=\"inferyx-gateway\"}")).isEqualTo(1.0);
                            assertThat(value(api, "sum(rate(inferyx_requests_total{outcome=\"accepted\"}[5s]))"))
                                    .isGreaterThan(0);
                            assertThat(value(api, "sum(rate(inferyx_jobs_processed_total[5s]))")).isGreaterThan(0);
                            assertThat(value(api, "histogram_quantile(0.99, sum by (le) "
                                    + "(rate(inferyx_request_duration_seconds_bucket[5s])))")).isGreaterThan(0);
                        });
                // The dashboard's queries are valid PromQL for this Prometheus (DashboardTest checks their names).
                for (String expr : dashboardQueries()) {
                    String query = expr.replace("$model", ".*").replace("$__rate_interval", "5s");
                    JsonNode answer = JSON.readTree(get(api + URLEncoder.encode(query, StandardCharsets.UTF_8)));
                    assertThat(answer.path("status").asText()).as("%s -> %s", query, answer).isEqualTo("success");
                }
            } finally {
                loading.set(false);
                load.join(Duration.ofSeconds(30));
                process.destroy();
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor();
                }
            }
        }
    }

    /** The single value of an instant query; fails (for Awaitility to retry) while the result is empty. */
    private double value(String api, String query) throws IOException, InterruptedException {
        String body = get(api + URLEncoder.encode(query, StandardCharsets.UTF_8));
        JsonNode result = JSON.readTree(body).path("data").path("result");
        assertThat(result.size()).as("%s -> %s", query, body).isEqualTo(1);
        return Double.parseDouble(result.get(0).path("value").get(1).asText());
    }

    private String get(String url) throws IOException, InterruptedException {
        return client.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    private static List<String> dashboardQueries() throws IOException {
        List<String> exprs = new ArrayList<>();
        JSON.readTree(Repo.path("deploy/grafana/dashboards/inferyx.json").toFile()).path("panels")
                .forEach(p -> p.path("targets").forEach(t -> exprs.add(t.path("expr").asText())));
        assertThat(exprs).isNotEmpty();
        return exprs;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static String log(Path dir) {
        try {
            return Files.readString(dir.resolve("prometheus.log"));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }
}
