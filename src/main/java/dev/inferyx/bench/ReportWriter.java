package dev.inferyx.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * Writes a {@link BenchReport} to a directory as {@code report.json}, {@code report.md} and PNG charts
 * ({@code latency-over-time.png}; {@code latency-vs-throughput.png} for a sweep). Latencies are in milliseconds,
 * rates in requests per second. Stateless apart from its JSON mapper; thread-safe.
 */
public final class ReportWriter {

    private static final double[] PERCENTILES = {50, 90, 99, 99.9};
    private static final String[] PERCENTILE_NAMES = {"p50", "p90", "p99", "p99.9"};

    private final ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** Creates {@code dir} if needed and writes every file; returns the Markdown text. */
    public String write(BenchReport report, Path dir) throws IOException {
        Files.createDirectories(dir);
        mapper.writeValue(dir.resolve("report.json").toFile(), json(report));
        String md = markdown(report);
        Files.writeString(dir.resolve("report.md"), md);
        if (report.run() != null) {
            ReportCharts.latencyOverTime(report.run().timeline(), "Latency over time", dir.resolve("latency-over-time.png"));
        }
        if (!report.sweep().isEmpty()) {
            ReportCharts.latencyVsThroughput(report.sweep(), "Latency vs throughput",
                    dir.resolve("latency-vs-throughput.png"));
            ReportCharts.latencyOverTime(report.sweep().getLast().stats().timeline(),
                    "Latency over time, last step (" + fmt(report.sweep().getLast().targetRate()) + " req/s)",
                    dir.resolve("latency-over-time.png"));
        }
        return md;
    }

    ObjectNode json(BenchReport report) {
        ObjectNode root = mapper.createObjectNode();
        ObjectNode settings = root.putObject("settings");
        report.settings().forEach(settings::put);
        if (report.run() != null) {
            root.set("result", stats(report.run(), true));
        }
        if (!report.sweep().isEmpty()) {
            ArrayNode steps = root.putArray("sweep");
            for (RateSweep.Step s : report.sweep()) {
                ObjectNode step = stats(s.stats(), false);
                step.put("target_rps", s.targetRate());
                step.put("saturated", s.saturated());
                if (s.saturated()) {
                    step.put("saturation_reason", s.reason());
                }
                steps.add(step);
            }
        }
        if (report.server() != null) {
            ObjectNode server = root.putObject("server_metrics_delta");
            number(server, "mean_batch_size", report.server().meanBatchSize());
            server.put("batches", report.server().batches());
            report.server().requestsByOutcome().forEach(server.putObject("requests_by_outcome")::put);
            report.server().jobsByStatus().forEach(server.putObject("jobs_by_status")::put);
            number(server, "process_cpu_seconds", report.server().cpuSeconds());
        }
        if (report.loadGenerator() != null) {
            ObjectNode cpu = root.putObject("load_generator_cpu");
            number(cpu, "cpu_seconds", report.loadGenerator().cpuSeconds());
            number(cpu, "window_seconds", report.loadGenerator().seconds());
            number(cpu, "cores", report.loadGenerator().cores());
        }
        if (report.serverNote() != null) {
            root.put("server_metrics_note", report.serverNote());
        }
        return root;
    }

    private ObjectNode stats(RunStats s, boolean withTimeline) {
        ObjectNode n = mapper.createObjectNode();
        n.put("window_s", s.windowSeconds());
        number(n, "offered_rps", s.offeredRate());
        number(n, "throughput_rps", s.throughput());
        n.put("ok", s.ok());
        n.put("errors", s.errors());
        ObjectNode latency = n.putObject("latency_ms");
        for (int i = 0; i < PERCENTILES.length; i++) {
            number(latency, PERCENTILE_NAMES[i], s.latencyMs(PERCENTILES[i]));
        }
        number(latency, "max", s.maxMs());
        number(latency, "mean", s.meanMs());
        ObjectNode statuses = n.putObject("status_codes");
        s.statusCounts().forEach((k, v) -> statuses.put(String.valueOf(k), v));
        s.errorCounts().forEach(n.putObject("error_codes")::put);
        if (withTimeline) {
            ArrayNode timeline = n.putArray("timeline");
            for (RunRecorder.TimelinePoint p : s.timeline()) {
                ObjectNode t = timeline.addObject();
                t.put("t_s", p.atSeconds());
                number(t, "completed_rps", p.completedPerSecond());
                number(t, "p50_ms", p.p50Ms());
                number(t, "p99_ms", p.p99Ms());
                number(t, "max_ms", p.maxMs());
                t.put("errors", p.errors());
            }
        }
        return n;
    }

    private static void number(ObjectNode n, String field, double value) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            n.putNull(field);
        } else {
            n.put(field, value);
        }
    }

    static String markdown(BenchReport report) {
        StringBuilder md = new StringBuilder("# inferyx bench\n\n| setting | value |\n|---|---|\n");
        report.settings().forEach((k, v) -> md.append("| ").append(k).append(" | `").append(v).append("` |\n"));
        if (report.run() != null) {
            RunStats s = report.run();
            md.append("\n## Result\n\n| throughput (req/s) | offered (req/s) | ok | errors | p50 | p90 | p99 | p99.9 | max |\n")
                    .append("|---|---|---|---|---|---|---|---|---|\n")
                    .append(row(s)).append("\n\nLatencies in ms, successful requests only.\n");
            breakdowns(md, s);
        }
        if (!report.sweep().isEmpty()) {
            md.append("\n## Rate sweep\n\n| target (req/s) | throughput (req/s) | offered (req/s) | ok | errors | p50 | p90 | p99 | p99.9 | max | saturated |\n")
                    .append("|---|---|---|---|---|---|---|---|---|---|---|\n");
            RateSweep.Step lastGood = null;
            RateSweep.Step firstBad = null;
            for (RateSweep.Step step : report.sweep()) {
                md.append("| ").append(fmt(step.targetRate())).append(" ").append(row(step.stats()))
                        .append(" ").append(step.saturated() ? step.reason() : "no").append(" |\n");
                if (!step.saturated() && firstBad == null) {
                    lastGood = step;
                }
                if (step.saturated() && firstBad == null) {
                    firstBad = step;
                }
            }
            md.append('\n').append(firstBad == null
                    ? "Not saturated up to the highest rate tried.\n"
                    : "Saturation at " + fmt(firstBad.targetRate()) + " req/s (" + firstBad.reason() + ")"
                            + (lastGood == null ? "; no rate tried was sustainable.\n"
                            : "; highest sustainable rate tried: " + fmt(lastGood.targetRate()) + " req/s.\n"));
            breakdowns(md, report.sweep().getLast().stats());
        }
        if (report.server() != null) {
            ServerFigures f = report.server();
            md.append("\n## Server metrics (delta of /metrics over the run)\n\n")
                    .append("- mean batch size: ").append(fmt(f.meanBatchSize())).append(" over ")
                    .append(fmt(f.batches())).append(" batches\n")
                    .append("- requests by outcome: ").append(counts(f.requestsByOutcome())).append('\n')
                    .append("- jobs by status: ").append(counts(f.jobsByStatus())).append('\n');
            if (!Double.isNaN(f.cpuSeconds())) {
                md.append("- server process CPU: ").append(fmt(f.cpuSeconds())).append(" s");
                if (report.loadGenerator() != null) {
                    md.append(" (").append(fmt(f.cpuSeconds() / report.loadGenerator().seconds())).append(" cores)");
                }
                md.append('\n');
            }
        }
        if (report.loadGenerator() != null) {
            md.append("- this load generator's own CPU over the same window: ")
                    .append(fmt(report.loadGenerator().cpuSeconds())).append(" s (")
                    .append(fmt(report.loadGenerator().cores())).append(" cores), taken from the server when both ")
                    .append("share a machine\n");
        }
        if (report.serverNote() != null) {
            md.append("\n").append(report.serverNote()).append('\n');
        }
        return md.toString();
    }

    private static String row(RunStats s) {
        StringBuilder r = new StringBuilder("| ").append(fmt(s.throughput())).append(" | ").append(fmt(s.offeredRate()))
                .append(" | ").append(s.ok()).append(" | ").append(s.errors());
        for (double p : PERCENTILES) {
            r.append(" | ").append(fmt(s.latencyMs(p)));
        }
        return r.append(" | ").append(fmt(s.maxMs())).append(" |").toString();
    }

    private static void breakdowns(StringBuilder md, RunStats s) {
        md.append("\nStatus codes (of the submit; 0 = no response): ").append(counts(s.statusCounts())).append('\n');
        md.append("\nError codes: ").append(s.errorCounts().isEmpty() ? "none" : counts(s.errorCounts())).append('\n');
    }

    private static String counts(Map<?, ? extends Number> counts) {
        if (counts.isEmpty()) {
            return "none";
        }
        StringBuilder sb = new StringBuilder();
        counts.forEach((k, v) -> sb.append(sb.isEmpty() ? "" : ", ").append('`').append(k).append("` ")
                .append(fmt(v.doubleValue())));
        return sb.toString();
    }

    static String fmt(double v) {
        if (Double.isNaN(v)) {
            return "n/a";
        }
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return String.valueOf((long) v);
        }
        return String.format(Locale.ROOT, Math.abs(v) >= 100 ? "%.1f" : "%.2f", v);
    }
}
