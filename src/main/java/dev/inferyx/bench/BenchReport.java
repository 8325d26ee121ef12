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
 */
public record BenchReport(Map<String, String> settings, RunStats run, List<RateSweep.Step> sweep,
                          ServerFigures server, String serverNote) {

    public BenchReport {
        settings = Collections.unmodifiableMap(new LinkedHashMap<>(settings));
        sweep = List.copyOf(sweep);
    }
}
