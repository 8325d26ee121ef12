package dev.inferyx.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code inferyx serve} as a real process: it prints where it listens, and SIGTERM drains — a client waiting on
 * an accepted job still gets its result — before the process exits.
 */
class ServeProcessTest {

    private static final Pattern LISTENING = Pattern.compile("listening on (http://[^ ]+)");

    @Test
    void sigterm_drainsAcceptedJobsThenExits(@TempDir Path dir) throws Exception {
        Path config = dir.resolve("inferyx.yaml");
        Files.writeString(config, """
                server: {port: 0, drain_timeout: 20s}
                models:
                  flaky: ~
                  echo: ~
                  minilm: ~
                  sim: {base_latency: 1500ms, jitter: 0, min_workers: 1, max_workers: 1}
                """);
        String java = ProcessHandle.current().info().command().orElseThrow();
        Path log = dir.resolve("serve.log");
        Process process = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                Main.class.getName(), "serve", "--config", config.toString())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        try {
            String base = awaitListening(log);

            HttpClient client = HttpClient.newHttpClient();
            HttpRequest submit = HttpRequest.newBuilder(URI.create(base + "/infer?wait=30s"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"input\": \"accepted before SIGTERM\"}"))
                    .build();
            CompletableFuture<HttpResponse<String>> waiter =
                    client.sendAsync(submit, HttpResponse.BodyHandlers.ofString());
            awaitUnfinished(client, base);

            process.destroy(); // SIGTERM

            HttpResponse<String> answer = waiter.get(30, TimeUnit.SECONDS);
            assertThat(answer.statusCode()).isEqualTo(200);
            assertThat(answer.body()).contains("\"status\":\"done\"", "[sim] ACCEPTED BEFORE SIGTERM");
            assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("process exits after draining").isTrue();
            assertThat(Files.readString(log)).contains("shutdown requested: draining", "EmbeddedServer - stopped");
        } finally {
            process.destroyForcibly();
        }
    }

    @Test
    void sigterm_whileAModelIsStillLoading_waitsForTheLoadThenStopsCleanly(@TempDir Path dir) throws Exception {
        int port;
        try (java.net.ServerSocket free = new java.net.ServerSocket(0)) {
            port = free.getLocalPort();
        }
        Path config = dir.resolve("inferyx.yaml");
        // minilm (fp32, ~90 MB) takes seconds to load and warm up; the port opens before that, /health/ready says 503.
        Files.writeString(config, """
                server: {port: %d, drain_timeout: 10s}
                models: {flaky: ~, echo: ~, sim: ~}
                """.formatted(port));
        String java = ProcessHandle.current().info().command().orElseThrow();
        Path log = dir.resolve("serve.log");
        Process process = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                Main.class.getName(), "serve", "--config", config.toString())
                .directory(dir.toFile()) // a JVM crash would leave its hs_err_pid*.log here
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        try {
            HttpClient client = HttpClient.newHttpClient();
            URI live = URI.create("http://127.0.0.1:" + port + "/health/live");
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(20))
                    .ignoreExceptions()
                    .until(() -> client.send(HttpRequest.newBuilder(live).build(),
                            HttpResponse.BodyHandlers.discarding()).statusCode() == 200);

            process.destroy(); // SIGTERM, most likely while minilm is still loading

            assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("process exits").isTrue();
            try (var files = Files.list(dir)) {
                assertThat(files.map(f -> f.getFileName().toString())).noneMatch(n -> n.startsWith("hs_err"));
            }
            // 143 = 128 + SIGTERM: the JVM's own exit status after a clean shutdown on the signal.
            assertThat(process.exitValue()).as(Files.readString(log)).isIn(0, 143);
            assertThat(Files.readString(log)).contains("EmbeddedServer - stopped");
        } finally {
            process.destroyForcibly();
        }
    }

    private static String awaitListening(Path log) {
        String[] base = new String[1];
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                .until(() -> {
                    Matcher m = LISTENING.matcher(Files.readString(log));
                    return m.find() && (base[0] = m.group(1)) != null;
                });
        return base[0];
    }

    private static void awaitUnfinished(HttpClient client, String base) {
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> {
            String models = client.send(HttpRequest.newBuilder(URI.create(base + "/models")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            return models.contains("\"unfinished\":1");
        });
    }
}
