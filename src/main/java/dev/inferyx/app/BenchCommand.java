package dev.inferyx.app;

import dev.inferyx.bench.BenchReport;
import dev.inferyx.bench.Benchmark;
import dev.inferyx.bench.InputMix;
import dev.inferyx.bench.Mode;
import dev.inferyx.bench.RateSchedule;
import dev.inferyx.bench.RateSweep;
import dev.inferyx.bench.ReportWriter;
import dev.inferyx.bench.SeedTrafficProfile;
import dev.inferyx.core.DurationFormat;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code inferyx bench}: a load generator and benchmark report against any running Inferyx. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Load-test a running Inferyx over /infer or the Open Inference Protocol (V2) and write a report "
                + "(JSON, Markdown, PNG charts).",
                "Open-loop latency is measured from each request's intended send time (no coordinated omission).",
                "Live progress goes to stderr once a second; the Markdown report goes to stdout."})
final class BenchCommand implements Callable<Integer> {

    @Option(names = "--url", defaultValue = "http://127.0.0.1:8080", description = "Server root (default ${DEFAULT-VALUE}).")
    URI url;

    @Option(names = "--model", defaultValue = "sim", description = "Model to call (default ${DEFAULT-VALUE}).")
    String model;

    @Option(names = "--key", description = "API key, sent as Authorization: Bearer.")
    String key;

    @Option(names = "--mode", defaultValue = "wait", description = "wait (POST /infer?wait=), poll (POST /infer, "
            + "then GET /result/{id}?wait=) or v2 (POST /v2/models/{model}/infer with a BYTES tensor 'text'); "
            + "default ${DEFAULT-VALUE}.")
    String mode;

    @Option(names = "--payload", paramLabel = "FILE", description = "With --mode v2: send this V2 infer request "
            + "body (JSON) for every request instead of a text tensor per generated input.")
    Path payload;

    static final class Shape {
        @Option(names = "--concurrency", paramLabel = "N", description = "Closed loop with N clients.")
        Integer concurrency;

        @Option(names = "--rate", paramLabel = "R", description = "Open loop: Poisson arrivals at R req/s.")
        Double rate;

        @Option(names = "--sweep", paramLabel = "R1:R2:STEP", description = "Open-loop rate sweep until saturation "
                + "(each step lasts --duration).")
        String sweep;

        @Option(names = "--profile", paramLabel = "seed", description = "seed: base 10-20 req/s with random "
                + "spikes of 30-50 req/s.")
        String profile;
    }

    @ArgGroup(exclusive = true, multiplicity = "0..1")
    Shape shape = new Shape();

    @Option(names = "--inputs", defaultValue = "unique", description = "unique, repeated or seed (70%% repeated, "
            + "20%% mutated, 10%% unique); default ${DEFAULT-VALUE}.")
    String inputs;

    @Option(names = "--duration", defaultValue = "30s", description = "Measured time (default ${DEFAULT-VALUE}).")
    String duration;

    @Option(names = "--warmup", defaultValue = "5s", description = "Unmeasured time first (default ${DEFAULT-VALUE}).")
    String warmup;

    @Option(names = "--max-in-flight", defaultValue = "1024", description = "Open-loop bound on outstanding "
            + "requests; arrivals past it count as dropped errors (default ${DEFAULT-VALUE}).")
    int maxInFlight;

    @Option(names = "--timeout", defaultValue = "60s", description = "Per-request bound, submit to result "
            + "(default ${DEFAULT-VALUE}).")
    String timeout;

    @Option(names = "--seed", defaultValue = "1", description = "Random seed for arrivals, inputs and the profile.")
    long seed;

    @Option(names = "--out", paramLabel = "DIR", description = "Report directory (default bench-results/<timestamp>).")
    Path out;

    @Option(names = "--max-error-rate", paramLabel = "FRACTION", defaultValue = "1", description = "Exit 1 when "
            + "more than this fraction of measured requests failed, e.g. 0.01 (default ${DEFAULT-VALUE}: errors "
            + "alone never fail the run). A run in which no request succeeded always exits 1.")
    double maxErrorRate;

    @Override
    public Integer call() throws InterruptedException {
        Benchmark.Plan plan;
        try {
            plan = plan();
        } catch (IllegalArgumentException e) {
            System.err.println("inferyx bench: " + e.getMessage());
            return 2;
        }
        BenchReport report = new Benchmark(plan, System.err::println).run();
        Path dir = out != null ? out : Path.of("bench-results",
                LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        try {
            String md = new ReportWriter().write(report, dir);
            System.out.println(md);
            System.err.println("report written to " + dir.toAbsolutePath());
        } catch (IOException e) {
            System.err.println("inferyx bench: cannot write the report to " + dir + ": " + e.getMessage());
            return 1;
        }
        return verdict(report.totals());
    }

    /**
     * Fails a script that runs the benchmark (exit 1) when it measured nothing, e.g. because the server was not
     * reachable, or when more requests failed than {@code --max-error-rate} allows. The report is written either way.
     */
    private int verdict(BenchReport.Totals totals) {
        if (totals.ok() == 0) {
            String hint = totals.errorCounts().keySet().stream().findFirst().filter("io_error"::equals).isPresent()
                    ? "; is a server running at " + url + "?" : "";
            System.err.println("inferyx bench: FAILED: no request succeeded, so nothing was measured ("
                    + describe(totals) + ")" + hint);
            return 1;
        }
        if (totals.errorRate() > maxErrorRate) {
            System.err.printf(Locale.ROOT, "inferyx bench: FAILED: %.2f%% of requests failed (%s), above "
                    + "--max-error-rate %s%n", 100 * totals.errorRate(), describe(totals), maxErrorRate);
            return 1;
        }
        return 0;
    }

    private static String describe(BenchReport.Totals totals) {
        if (totals.errors() == 0) {
            return "no request was sent";
        }
        StringBuilder text = new StringBuilder(totals.errors() + " of " + (totals.ok() + totals.errors())
                + " failed: ");
        totals.errorCounts().entrySet().stream().limit(3)
                .forEach(e -> text.append(e.getKey()).append(' ').append(e.getValue()).append(", "));
        text.setLength(text.length() - 2);
        if (totals.errorCounts().size() > 3) {
            text.append(", ...");
        }
        return text.toString();
    }

    private Benchmark.Plan plan() {
        Duration d = DurationFormat.parse(duration);
        if (!(maxErrorRate >= 0 && maxErrorRate <= 1)) {
            throw new IllegalArgumentException("--max-error-rate must be a fraction in [0, 1], was " + maxErrorRate);
        }
        Benchmark.Load load;
        if (shape.rate != null) {
            load = new Benchmark.Load.Open(RateSchedule.constant(shape.rate));
        } else if (shape.sweep != null) {
            load = new Benchmark.Load.Sweep(RateSweep.parse(shape.sweep));
        } else if (shape.profile != null) {
            if (!"seed".equals(shape.profile)) {
                throw new IllegalArgumentException("--profile must be seed, was '" + shape.profile + "'");
            }
            int seconds = (int) Math.max(1, DurationFormat.parse(warmup).plus(d).toSeconds() + 1);
            load = new Benchmark.Load.Open(new SeedTrafficProfile(seconds, seed));
        } else {
            int n = shape.concurrency == null ? 16 : shape.concurrency;
            if (n < 1) {
                throw new IllegalArgumentException("--concurrency must be >= 1, was " + n);
            }
            load = new Benchmark.Load.Closed(n);
        }
        Mode m = switch (mode.toLowerCase(Locale.ROOT)) {
            case "wait" -> Mode.WAIT;
            case "poll" -> Mode.POLL;
            case "v2" -> Mode.V2;
            default -> throw new IllegalArgumentException("--mode must be wait, poll or v2, was '" + mode + "'");
        };
        if (payload != null && m != Mode.V2) {
            throw new IllegalArgumentException("--payload needs --mode v2");
        }
        return new Benchmark.Plan(url, model, key, m, load, InputMix.parse(inputs), DurationFormat.parse(warmup), d,
                maxInFlight, DurationFormat.parse(timeout), seed, Optional.ofNullable(payload).map(this::read));
    }

    private byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new IllegalArgumentException("--payload: cannot read " + file + ": " + e.getMessage());
        }
    }
}
