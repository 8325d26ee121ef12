package dev.inferyx.ops;

import dev.inferyx.app.EmbeddedServer;
import dev.inferyx.config.ConfigLoader;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;

/**
 * A real embedded Inferyx on a random loopback port, configured so that a little load makes every family of
 * metrics appear: {@code sim} with result reuse (cache hits), {@code flaky} failing most batches with fast retries
 * and one retry (retries, dead letters, an opening breaker), {@code tiny} with a bound of 1 (429 queue_full).
 */
final class LiveInferyx implements AutoCloseable {

    private static final String CONFIG = """
            server: {port: 0, drain_timeout: 2s}
            models:
              minilm: ~
              sim: {preset: minilm-16, base_latency: 1ms}
              flaky:
                base_latency: 1ms
                failure_rate: 0.7
                max_attempts: 2
                retry_backoff_base: 1ms
                retry_backoff_cap: 2ms
                retry_budget_ratio: 1.0
                breaker_min_calls: 5
                breaker_open_for: 1s
              tiny: {type: sim, preset: seed, base_latency: 100ms, queue_capacity: 1, min_workers: 1,
                     max_workers: 1, cache: false}
            """;

    private final EmbeddedServer server;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final String base;

    private LiveInferyx(EmbeddedServer server) {
        this.server = server;
        this.base = "http://127.0.0.1:" + server.port();
    }

    static LiveInferyx start() {
        return new LiveInferyx(EmbeddedServer.start(ConfigLoader.fromYaml(CONFIG, Map.of()), InstantSource.system()));
    }

    int port() {
        return server.port();
    }

    String base() {
        return base;
    }

    /**
     * Sends {@code rounds} requests to each model from a few virtual threads and waits for them all: repeated sim
     * inputs (cache hits and coalescing), flaky failures and retries, concurrent tiny requests (429), an unknown
     * model (404).
     */
    void load(int rounds) {
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Integer>> sent = new ArrayList<>();
            for (int i = 0; i < rounds; i++) {
                String n = Integer.toString(i % 7);
                sent.add(pool.submit(() -> post("sim", "hello " + n)));
                sent.add(pool.submit(() -> post("flaky", "x" + n)));
                sent.add(pool.submit(() -> post("tiny", "t")));
                sent.add(pool.submit(() -> post("nope", "n")));
            }
            for (Future<Integer> f : sent) {
                f.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while loading the server", e);
        } catch (ExecutionException e) {
            throw new AssertionError("a load request failed", e.getCause());
        }
    }

    private int post(String model, String input) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/infer?wait=5s"))
                .timeout(Duration.ofSeconds(20)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(
                        "{\"model_id\": \"" + model + "\", \"input\": \"" + input + "\"}"))
                .build();
        return client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    /** The current {@code /metrics} text. */
    String scrape() {
        try {
            HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create(base + "/metrics"))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new AssertionError("GET /metrics answered " + r.statusCode() + ": " + r.body());
            }
            return r.body();
        } catch (IOException e) {
            throw new AssertionError("GET /metrics failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    @Override
    public void close() {
        server.close();
    }
}
