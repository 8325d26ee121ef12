package dev.inferyx.bench;

import dev.inferyx.app.EmbeddedServer;
import dev.inferyx.config.ConfigLoader;
import dev.inferyx.config.InferyxConfig;
import dev.inferyx.config.ModelConfig;
import dev.inferyx.service.CachePolicy;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The closing-note measurement of issue 3: the seed's input mix — 70% repeated from a small pool, 20% mutated
 * pool inputs, 10% unique — against a real embedded server on the bundled {@code sim} model, once with result
 * reuse (cache + coalescing) on and once off, in the same run. Closed loop: each client sends
 * {@code POST /infer?wait=30s} and the next request when the answer comes.
 *
 * <p>Run with {@code bench/reuse.sh [SECONDS] [CLIENTS] [PRESET]}. Not a test: it measures, it asserts nothing.
 */
public final class ReuseBenchmark {

    private static final int POOL = 50;

    private ReuseBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        int clients = args.length > 1 ? Integer.parseInt(args[1]) : 64;
        String preset = args.length > 2 ? args[2] : "bert-base-128";
        // Server lifecycle logs would bury the table; warnings and errors still show.
        java.util.logging.Logger root = java.util.logging.Logger.getLogger("");
        root.setLevel(java.util.logging.Level.WARNING);
        for (var handler : root.getHandlers()) {
            handler.setLevel(java.util.logging.Level.WARNING);
        }
        System.out.printf("reuse benchmark: sim preset %s, %d clients, %d s per run after a 2 s warm-up%n",
                preset, clients, seconds);
        System.out.printf("mix: 70%% repeated from a pool of %d, 20%% mutated, 10%% unique%n", POOL);
        System.out.printf("%-8s %10s %10s %10s %10s %10s %12s%n", "reuse", "req/s", "p50 ms", "p99 ms", "errors",
                "model runs", "cache hits");
        for (boolean reuse : new boolean[] {false, true}) {
            Result r = run(reuse, preset, seconds, clients);
            System.out.printf("%-8s %10.0f %10.2f %10.2f %10d %10.0f %12.0f%n", reuse ? "on" : "off",
                    r.throughput(), r.p50Millis(), r.p99Millis(), r.errors(), r.modelRuns(), r.cacheHits());
        }
    }

    record Result(double throughput, double p50Millis, double p99Millis, long errors, double modelRuns,
                  double cacheHits) {
    }

    private static InferyxConfig config(boolean reuse, String preset) {
        InferyxConfig defaults = ConfigLoader.fromYaml(
                "server: {port: 0}\nmodels: {echo: ~, flaky: ~, minilm: ~, sim: {preset: " + preset + "}}\n", Map.of());
        Map<String, ModelConfig> models = new LinkedHashMap<>();
        ModelConfig sim = defaults.models().get("sim");
        models.put("sim", new ModelConfig(sim.name(), sim.aliases(), sim.spec(), sim.admission(), sim.batching(),
                sim.pool(), sim.retry(), sim.breaker(), new CachePolicy(reuse, sim.cache().version())));
        return new InferyxConfig(defaults.http(), defaults.apiKeys(), defaults.adminKeys(), defaults.drainTimeout(),
                defaults.retention(), models, defaults.reuse(), defaults.rateLimits(), defaults.idempotency());
    }

    private static Result run(boolean reuse, String preset, int seconds, int clients) throws Exception {
        try (EmbeddedServer server = EmbeddedServer.start(config(reuse, preset), InstantSource.system())) {
            String base = "http://127.0.0.1:" + server.port();
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(30)).build();
            load(http, base, clients, Duration.ofSeconds(2), new ConcurrentLinkedQueue<>(), new AtomicLong(), 1);
            double runsBefore = metric(http, base, "inferyx_jobs_processed_total");
            double hitsBefore = metric(http, base, "inferyx_cache_requests_total{model=\"sim\",result=\"hit\"}");
            ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
            AtomicLong errors = new AtomicLong();
            long start = System.nanoTime();
            load(http, base, clients, Duration.ofSeconds(seconds), latencies, errors, 2);
            double elapsed = (System.nanoTime() - start) / 1e9;
            long[] sorted = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
            return new Result(sorted.length / elapsed, percentile(sorted, 0.50), percentile(sorted, 0.99),
                    errors.get(), metric(http, base, "inferyx_jobs_processed_total") - runsBefore,
                    metric(http, base, "inferyx_cache_requests_total{model=\"sim\",result=\"hit\"}") - hitsBefore);
        }
    }

    /** {@code clients} closed-loop clients for {@code length}; seed separates warm-up inputs from measured ones. */
    private static void load(HttpClient http, String base, int clients, Duration length,
                             ConcurrentLinkedQueue<Long> latencies, AtomicLong errors, long seed) throws Exception {
        long end = System.nanoTime() + length.toNanos();
        AtomicLong uniques = new AtomicLong();
        try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<java.util.concurrent.Future<?>> running = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                SplittableRandom random = new SplittableRandom(seed * 1_000 + c);
                running.add(pool.submit(() -> {
                    while (System.nanoTime() < end) {
                        String input = nextInput(random, seed, uniques);
                        HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/infer?wait=30s"))
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString(
                                        "{\"input\": \"" + input + "\", \"model_id\": \"sim\"}"))
                                .build();
                        long t0 = System.nanoTime();
                        try {
                            HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
                            if (r.statusCode() == 200) {
                                latencies.add(System.nanoTime() - t0);
                            } else {
                                errors.incrementAndGet();
                            }
                        } catch (java.io.IOException e) {
                            errors.incrementAndGet();
                        }
                    }
                    return null;
                }));
            }
            for (var f : running) {
                f.get();
            }
        }
    }

    /** The seed's mix: 70% one of {@value #POOL} pool inputs, 20% a pool input with a random edit, 10% unique. */
    static String nextInput(SplittableRandom random, long seed, AtomicLong uniques) {
        int roll = random.nextInt(100);
        String pooled = "pooled sentence number " + random.nextInt(POOL);
        if (roll < 70) {
            return pooled;
        }
        if (roll < 90) {
            return pooled + " edit " + random.nextInt(1_000_000);
        }
        return "unique input " + seed + "-" + uniques.incrementAndGet();
    }

    private static double percentile(long[] sorted, double q) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int i = (int) Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1);
        return sorted[Math.max(0, i)] / 1e6;
    }

    private static double metric(HttpClient http, String base, String series) throws Exception {
        String text = http.send(HttpRequest.newBuilder(URI.create(base + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        String prefix = series.contains("{") ? series.substring(0, series.length() - 1) : series;
        return Arrays.stream(text.split("\n"))
                .filter(l -> !l.startsWith("#") && l.startsWith(prefix))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
                .sum();
    }
}
