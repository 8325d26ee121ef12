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
import java.util.concurrent.atomic.AtomicLong;
import static org.awaitility.Awaitility.await;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Set;
import java.util.TreeSet;
import java.util.List;
import java.util.concurrent.ExecutionException;

/**
 * A real embedded Inferyx on a random loopback port, configured so that a little load makes every family of
 * metrics appear: {@code sim} with result reuse (cache hits), {@code flaky} failing most batches with fast retries
 * with a retry budget of about one retry a second (retries, exhausted budgets, dead letters, an opening breaker),
 * {@code tiny} with a bound of 1 (429 queue_full). Slow-ish sim batches make identical requests coalesce and the
 * pool scale up; {@link #load} ends by replaying the dead letters (the open loopback server's admin API).
 */
final class LiveInferyx implements AutoCloseable {

    private static final String CONFIG = """
            server: {port: 0, drain_timeout: 2s}
            models:
              minilm: ~
              sim: {preset: minilm-16, base_latency: 20ms, max_batch_size: 1, min_workers: 1, max_workers: 3,
                    jobs_per_worker: 1}
              flaky:
                base_latency: 1ms
                failure_rate: 0.7
                max_batch_size: 1
                max_attempts: 2
                retry_backoff_base: 1ms
                retry_backoff_cap: 2ms
                retry_budget_ratio: 0.0
                breaker_min_calls: 20
                breaker_open_for: 1s
              tiny: {type: sim, preset: seed, base_latency: 100ms, queue_capacity: 1, min_workers: 1,
                     max_workers: 1, cache: false}
            """;

    private final EmbeddedServer server;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final String base;
    private final AtomicLong loads = new AtomicLong();

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
        long call = loads.incrementAndGet();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Integer>> sent = new ArrayList<>();
            for (int i = 0; i < rounds; i++) {
                // Half repeat three inputs new to this call (coalesced while the first runs, cached after),
                // half are unique (queue up and make the pool scale).
                String n = i % 2 == 0 ? call + "-" + i % 3 : call + " unique " + i;
                sent.add(pool.submit(() -> post("sim", "hello " + n)));
                sent.add(pool.submit(() -> post("flaky", "x" + n)));
                sent.add(pool.submit(() -> post("tiny", "t")));
                sent.add(pool.submit(() -> post("nope", "n")));
            }
            for (Future<Integer> f : sent) {
                f.get();
            }
            send(HttpRequest.newBuilder(URI.create(base + "/admin/dead-letters/replay?model=flaky"))
                    .POST(HttpRequest.BodyPublishers.noBody()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while loading the server", e);
        } catch (ExecutionException e) {
            throw new AssertionError("a load request failed", e.getCause());
        } catch (IOException e) {
            throw new AssertionError("replaying the dead letters failed", e);
        }
    }

    /**
     * Loads the server in rounds until its scrape shows a sample of every named metric (at most 30 s): how much
     * load makes a retry budget run out or a pool scale depends on timing, so a fixed amount could flake.
     */
    String loadUntilExported(Collection<String> names) {
        Set<String> missing = new TreeSet<>(names);
        await("metrics " + missing + " exported").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ZERO)
                .until(() -> {
                    load(20);
                    String text = scrape();
                    missing.removeIf(n -> text.contains("\n" + n + "{") || text.contains("\n" + n + " "));
                    return missing.isEmpty();
                });
        return scrape();
    }

    private int post(String model, String input) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(base + "/infer?wait=5s"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(
                        "{\"model_id\": \"" + model + "\", \"input\": \"" + input + "\"}")));
    }

    private int send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return client.send(request.timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.discarding())
                .statusCode();
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
