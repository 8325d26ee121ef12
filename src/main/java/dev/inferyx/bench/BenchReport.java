package dev.inferyx.bench;

import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything one {@code inferyx bench} invocation measured. Immutable.
 *
 * @param settings   what was run (url, model, mode, load shape, inputs, durations), in display order
 * @param run        the single run's figures; {@code null} for a sweep
 * @param sweep      the sweep's steps in order (empty unless a sweep ran); the last may be the saturated one
 * @param server     the server's own figures from {@code /metrics}, or {@code null} if it could not be scraped
 * @param serverNote why {@code server} is missing, or a caveat; may be {@code null}
 * @param loadGenerator CPU time this load generator's own process used over the same window as {@code server}
 *                   (from the end of warm-up to the end of the run), since on a machine it shares with the server
 *                   that CPU is taken from the server; {@code null} when the window is unknown
 */
public record BenchReport(Map<String, String> settings, RunStats run, List<RateSweep.Step> sweep,
                          ServerFigures server, String serverNote, CpuWindow loadGenerator) {

    /** CPU seconds a process used over a window of {@code seconds} of wall time. */
    public record CpuWindow(double cpuSeconds, double seconds) {

        /** Cores used on average: CPU seconds per second of the window. */
        public double cores() {
            return seconds > 0 ? cpuSeconds / seconds : Double.NaN;
        }
    }

    /**
     * Measured requests summed over the run or every sweep step (warm-up excluded).
     *
     * @param errorCounts count per error code, most frequent first
     */
    public record Totals(long ok, long errors, Map<String, Long> errorCounts) {

        /** Fraction of measured requests that failed; 0 when none was measured. */
        public double errorRate() {
            long all = ok + errors;
            return all == 0 ? 0 : (double) errors / all;
        }
    }

    public BenchReport {
        settings = Collections.unmodifiableMap(new LinkedHashMap<>(settings));
        sweep = List.copyOf(sweep);
    }

    public Totals totals() {
        List<RunStats> measured = run != null ? List.of(run) : sweep.stream().map(RateSweep.Step::stats).toList();
        long ok = 0;
        long errors = 0;
        Map<String, Long> counts = new HashMap<>();
        for (RunStats stats : measured) {
            ok += stats.ok();
            errors += stats.errors();
            stats.errorCounts().forEach((code, n) -> counts.merge(code, n, Long::sum));
        }
        Map<String, Long> byFrequency = new LinkedHashMap<>();
        counts.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()
                        .thenComparing(Map.Entry.<String, Long>comparingByKey()))
                .forEach(e -> byFrequency.put(e.getKey(), e.getValue()));
        return new Totals(ok, errors, Collections.unmodifiableMap(byFrequency));
    }
}
