package dev.inferyx.bench;

import java.util.Collections;
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

    public BenchReport {
        settings = Collections.unmodifiableMap(new LinkedHashMap<>(settings));
        sweep = List.copyOf(sweep);
    }
}
