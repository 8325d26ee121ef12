package dev.inferyx.bench;

import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * One run's measured window, immutable once built (the histogram is a private copy; do not mutate it).
 *
 * @param windowSeconds      length of the measured window
 * @param latencyMicros      latency of successful requests in microseconds (open loop: from the intended send time)
 * @param ok                 requests that ended {@code done}
 * @param errors             requests that ended otherwise (HTTP error, failed/expired job, I/O error, dropped)
 * @param offered            requests the load shape issued (or, open loop, dropped) with a start inside the window
 * @param completedInWindow  responses (any status but 0) that arrived inside the window: the numerator of
 *                           throughput
 * @param statusCounts       count per submit HTTP status (0 = no response)
 * @param errorCounts        count per error code
 * @param timeline           one point per progress interval (about a second)
 */
public record RunStats(double windowSeconds, Histogram latencyMicros, long ok, long errors, long offered,
                       long completedInWindow,
                       Map<Integer, Long> statusCounts, Map<String, Long> errorCounts,
                       List<RunRecorder.TimelinePoint> timeline) {

    /** Responses per second finished inside the window (successes and errors alike). */
    public double throughput() {
        return completedInWindow / windowSeconds;
    }

    /** Requests per second the load shape issued in the window (open loop: the realised Poisson schedule). */
    public double offeredRate() {
        return offered / windowSeconds;
    }

    /** Latency in milliseconds at {@code percentile} (0-100) of successful requests; NaN if none succeeded. */
    public double latencyMs(double percentile) {
        return latencyMicros.getTotalCount() == 0 ? Double.NaN
                : latencyMicros.getValueAtPercentile(percentile) / 1000.0;
    }

    public double maxMs() {
        return latencyMicros.getTotalCount() == 0 ? Double.NaN : latencyMicros.getMaxValue() / 1000.0;
    }

    public double meanMs() {
        return latencyMicros.getTotalCount() == 0 ? Double.NaN : latencyMicros.getMean() / 1000.0;
    }
}
