package dev.inferyx.model.sim;

import dev.inferyx.core.DurationFormat;
import java.time.Duration;
import java.util.Objects;

/**
 * The simulated GPU model's behaviour. Latency per batch has the shape a real GPU shows: flat at
 * {@code baseLatency} up to {@code saturationBatch} items, then growing by {@code perItemLatency} for each
 * extra item; multiplied by a random factor in [1 - jitter, 1 + jitter].
 *
 * @param failureRate   probability in [0, 1] that a whole batch fails (a retryable model error)
 * @param oomAboveBatch batches larger than this fail with an out-of-memory error; 0 disables
 */
public record SimConfig(Duration baseLatency, int saturationBatch, Duration perItemLatency, double jitter,
                        double failureRate, int oomAboveBatch) {

    public SimConfig {
        Objects.requireNonNull(baseLatency, "base_latency");
        Objects.requireNonNull(perItemLatency, "per_item_latency");
        if (baseLatency.isNegative()) {
            throw new IllegalArgumentException("base_latency must not be negative, was "
                    + DurationFormat.format(baseLatency));
        }
        if (perItemLatency.isNegative()) {
            throw new IllegalArgumentException("per_item_latency must not be negative, was "
                    + DurationFormat.format(perItemLatency));
        }
        if (saturationBatch < 1) {
            throw new IllegalArgumentException("saturation_batch must be >= 1, was " + saturationBatch);
        }
        if (!(jitter >= 0 && jitter < 1)) {
            throw new IllegalArgumentException("jitter must be in [0, 1), was " + jitter);
        }
        if (!(failureRate >= 0 && failureRate <= 1)) {
            throw new IllegalArgumentException("failure_rate must be in [0, 1], was " + failureRate);
        }
        if (oomAboveBatch < 0) {
            throw new IllegalArgumentException("oom_above_batch must be >= 0 (0 disables), was " + oomAboveBatch);
        }
    }
}
