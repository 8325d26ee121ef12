package dev.inferyx.bench;

import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * What the server's own {@code /metrics} say happened during a run, for one model: the difference between a
 * scrape before and one after. Counters only grow, so the difference is the run's share (other clients' traffic
 * on the same server is included, which the report says).
 *
 * @param meanBatchSize      delta {@code inferyx_batch_size_sum} / delta {@code _count}; NaN when no batch ran
 * @param batches            delta {@code inferyx_batch_size_count}
 * @param requestsByOutcome  delta {@code inferyx_requests_total} by {@code outcome} (accepted, queue_full, ...)
 * @param jobsByStatus       delta {@code inferyx_jobs_finished_total} by {@code status} (done, failed, expired)
 * @param cpuSeconds         delta {@code process_cpu_seconds_total}: CPU time the whole server process used (every
 *                           model, HTTP, JIT compiler, GC); NaN when the server does not export it
 */
public record ServerFigures(double meanBatchSize, double batches, Map<String, Double> requestsByOutcome,
                            Map<String, Double> jobsByStatus, double cpuSeconds) {

    private static final String PROCESS_CPU = "process_cpu_seconds_total";

    public static ServerFigures delta(PrometheusText before, PrometheusText after, String model) {
        Predicate<Map<String, String>> ofModel = l -> model.equals(l.get("model"));
        double sum = after.sum("inferyx_batch_size_sum", ofModel) - before.sum("inferyx_batch_size_sum", ofModel);
        double count = after.sum("inferyx_batch_size_count", ofModel)
                - before.sum("inferyx_batch_size_count", ofModel);
        return new ServerFigures(count > 0 ? sum / count : Double.NaN, count,
                deltaBy(before, after, "inferyx_requests_total", "outcome", ofModel),
                deltaBy(before, after, "inferyx_jobs_finished_total", "status", ofModel),
                exported(before, PROCESS_CPU) && exported(after, PROCESS_CPU)
                        ? after.sum(PROCESS_CPU, l -> true) - before.sum(PROCESS_CPU, l -> true) : Double.NaN);
    }

    private static boolean exported(PrometheusText text, String name) {
        return !text.sumBy(name, "", l -> true).isEmpty();
    }

    private static Map<String, Double> deltaBy(PrometheusText before, PrometheusText after, String name, String by,
                                               Predicate<Map<String, String>> labels) {
        Map<String, Double> out = new TreeMap<>(after.sumBy(name, by, labels));
        before.sumBy(name, by, labels).forEach((k, v) -> out.merge(k, -v, Double::sum));
        out.values().removeIf(v -> v == 0);
        return out;
    }
}
