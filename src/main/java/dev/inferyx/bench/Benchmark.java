package dev.inferyx.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * One {@code inferyx bench} invocation: scrapes the server's {@code /metrics}, drives the chosen load shape,
 * scrapes again, and assembles a {@link BenchReport}. Not thread-safe; use one instance per run.
 */
public final class Benchmark {

    /** The load shape: exactly one of closed loop, fixed-rate open loop, a sweep, or the seed profile. */
    public sealed interface Load {
        record Closed(int concurrency) implements Load {}
        record Open(RateSchedule schedule) implements Load {}
        record Sweep(RateSweep sweep) implements Load {}
    }

    /**
     * What to run.
     *
     * @param maxInFlight open-loop bound on outstanding requests (>= 1); arrivals beyond it are dropped as errors
     * @param seed        seeds the arrival schedule, the input mix and the seed profile
     * @param payload     with {@link Mode#V2}: a whole infer request body sent as is for every request (the input
     *                    mix is then not used); empty sends each generated input as a text tensor
     */
    public record Plan(URI url, String model, String key, Mode mode, Load load, InputMix inputs, Duration warmup,
                       Duration duration, int maxInFlight, Duration requestTimeout, long seed,
                       java.util.Optional<byte[]> payload) {
        public Plan {
            if (maxInFlight < 1) {
                throw new IllegalArgumentException("max in-flight must be >= 1, was " + maxInFlight);
            }
            java.util.Objects.requireNonNull(payload, "payload");
            if (payload.isPresent() && mode != Mode.V2) {
                throw new IllegalArgumentException("a payload file needs the v2 mode, was " + mode);
            }
        }

        /** Text inputs from the mix, no payload file. */
        public Plan(URI url, String model, String key, Mode mode, Load load, InputMix inputs, Duration warmup,
                    Duration duration, int maxInFlight, Duration requestTimeout, long seed) {
            this(url, model, key, mode, load, inputs, warmup, duration, maxInFlight, requestTimeout, seed,
                    java.util.Optional.empty());
        }
    }

    private final Plan plan;
    private final Consumer<String> log;

    /** @param log receives one line per second of live progress, and notes (intended for stderr) */
    public Benchmark(Plan plan, Consumer<String> log) {
        this.plan = plan;
        this.log = log;
    }

    public BenchReport run() throws InterruptedException {
        // The server's counters are read when warm-up ends, so its figures cover the measured window only.
        java.util.concurrent.CompletableFuture<PrometheusText> warmedUp = new java.util.concurrent.CompletableFuture<>();
        long[] windowStart = new long[2]; // {wall nanos, own CPU nanos} at warm-up end, written before warmedUp completes
        Thread.ofVirtual().name("bench-metrics-at-warmup-end").start(() -> {
            try {
                Thread.sleep(plan.warmup());
                windowStart[0] = System.nanoTime();
                windowStart[1] = ownCpuNanos();
                warmedUp.complete(scrape());
            } catch (InterruptedException e) {
                warmedUp.complete(null);
            }
        });
        RunStats single = null;
        List<RateSweep.Step> steps = new ArrayList<>();
        try (RequestSender client = plan.mode() == Mode.V2
                ? new V2Client(plan.url(), plan.model(), plan.key(), plan.requestTimeout(), plan.payload())
                : new InferClient(plan.url(), plan.model(), plan.key(), plan.mode(), plan.requestTimeout())) {
            LoadRunner runner = new LoadRunner(client, new InputGenerator(plan.inputs(), plan.seed()), this::progress);
            switch (plan.load()) {
                case Load.Closed c -> single = runner.closedLoop(c.concurrency(), plan.warmup(), plan.duration());
                case Load.Open o -> single = runner.openLoop(o.schedule(), plan.warmup(), plan.duration(),
                        plan.maxInFlight(), plan.seed());
                case Load.Sweep s -> steps = sweep(runner, s.sweep());
            }
        }
        long windowEnd = System.nanoTime();
        long cpuEnd = ownCpuNanos();
        PrometheusText after = scrape();
        PrometheusText before;
        try {
            before = warmedUp.get();
        } catch (java.util.concurrent.ExecutionException e) {
            before = null;
        }
        BenchReport.CpuWindow loadGenerator = windowStart[0] == 0 || cpuEnd < 0 ? null
                : new BenchReport.CpuWindow((cpuEnd - windowStart[1]) / 1e9, (windowEnd - windowStart[0]) / 1e9);
        ServerFigures server = before != null && after != null
                ? ServerFigures.delta(before, after, plan.model()) : null;
        String note = server == null ? "Server metrics unavailable: GET " + plan.url() + "/metrics failed."
                : "Server metrics count every client of the server during the run, not only this benchmark.";
        return new BenchReport(settings(), single, steps, server, note, loadGenerator);
    }

    /** CPU time of this whole process (every thread, JIT and GC included) in nanoseconds, or -1 if unknown. */
    private static long ownCpuNanos() {
        return java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                instanceof com.sun.management.OperatingSystemMXBean os ? os.getProcessCpuTime() : -1;
    }

    /** Runs {@code sweep}'s steps on {@code runner} until one is saturated (package-private for tests). */
    List<RateSweep.Step> sweep(LoadRunner runner, RateSweep sweep) throws InterruptedException {
        List<RateSweep.Step> steps = new ArrayList<>();
        double firstP99 = Double.NaN;
        boolean first = true;
        for (double rate : sweep.rates()) {
            log.accept(String.format("sweep: %.1f req/s for %ss", rate, plan.duration().toSeconds()));
            // Warm up once, at the first (lowest) rate; later steps start from an already warm server.
            RunStats stats = runner.openLoop(RateSchedule.constant(rate), first ? plan.warmup() : Duration.ZERO,
                    plan.duration(), plan.maxInFlight(), plan.seed() + steps.size());
            if (first) {
                firstP99 = stats.latencyMs(99);
                first = false;
            }
            String reason = RateSweep.saturation(rate, stats, firstP99);
            steps.add(new RateSweep.Step(rate, stats, reason));
            if (reason != null) {
                log.accept("sweep: saturated at " + rate + " req/s: " + reason);
                break;
            }
        }
        return steps;
    }

    private void progress(RunRecorder.Progress p) {
        log.accept(String.format("%s %7.1f req/s  in flight %4d  errors %6d  p99 %s ms",
                p.warmingUp() ? "[warmup]" : "[bench] ", p.completedPerSecond(), p.inFlight(), p.errors(),
                Double.isNaN(p.p99Ms()) ? "n/a" : String.format("%.2f", p.p99Ms())));
    }

    private Map<String, String> settings() {
        Map<String, String> s = new LinkedHashMap<>();
        s.put("url", plan.url().toString());
        s.put("model", plan.model());
        s.put("mode", plan.mode().name().toLowerCase());
        s.put("load", switch (plan.load()) {
            case Load.Closed c -> "closed loop, " + c.concurrency() + " clients";
            case Load.Open o -> "open loop (Poisson), " + o.schedule().describe();
            case Load.Sweep w -> "open-loop sweep " + w.sweep().from() + ":" + w.sweep().to() + ":"
                    + w.sweep().step() + " req/s";
        });
        s.put("inputs", plan.payload().map(p -> "fixed V2 request body (" + p.length + " bytes)")
                .orElse(plan.inputs().name().toLowerCase()));
        s.put("warmup", plan.warmup().toString());
        s.put("duration", plan.duration() + (plan.load() instanceof Load.Sweep ? " per step" : ""));
        s.put("max_in_flight", String.valueOf(plan.maxInFlight()));
        s.put("request_timeout", plan.requestTimeout().toString());
        s.put("seed", String.valueOf(plan.seed()));
        s.put("api_key", plan.key() == null ? "none" : "set");
        return s;
    }

    private PrometheusText scrape() throws InterruptedException {
        try (HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build()) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(LoadHttp.root(plan.url()) + "/metrics"))
                    .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                log.accept("metrics: GET /metrics answered " + r.statusCode() + "; server figures left out");
                return null;
            }
            return PrometheusText.parse(r.body());
        } catch (IOException | IllegalArgumentException e) {
            log.accept("metrics: GET /metrics failed (" + e + "); server figures left out");
            return null;
        }
    }
}
