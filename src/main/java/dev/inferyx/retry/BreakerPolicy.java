package dev.inferyx.retry;

import dev.inferyx.core.DurationFormat;
import java.time.Duration;
import java.util.Objects;

/**
 * When one model's circuit breaker opens and how it recovers. Immutable; the constructor names the bad value.
 *
 * @param failureRate    opens when at least this fraction of the batches in the window failed, in (0, 1]
 * @param window         the sliding window of recent batches, in whole seconds (>= 1s)
 * @param minCalls       ...and at least this many batches ran in it, so two failures in a quiet minute do not
 *                       open it
 * @param openFor        how long it stays open (submissions get 503 circuit_open) before probing
 * @param halfOpenProbes consecutive successful batches in half-open that close it again
 */
public record BreakerPolicy(double failureRate, Duration window, int minCalls, Duration openFor,
                            int halfOpenProbes) {

    public static final BreakerPolicy DEFAULT =
            new BreakerPolicy(0.5, Duration.ofSeconds(10), 20, Duration.ofSeconds(10), 3);

    public BreakerPolicy {
        Objects.requireNonNull(window, "breaker_window");
        Objects.requireNonNull(openFor, "breaker_open_for");
        if (!(failureRate > 0 && failureRate <= 1)) {
            throw new IllegalArgumentException("breaker_failure_rate must be in (0, 1], was " + failureRate);
        }
        if (window.getNano() != 0 || window.getSeconds() < 1 || window.getSeconds() > 3600) {
            // Whole seconds: the window counts per-second slots, and 1500ms silently becoming 1s would surprise.
            throw new IllegalArgumentException("breaker_window must be whole seconds in [1s, 1h], was "
                    + DurationFormat.format(window));
        }
        if (minCalls < 1) {
            throw new IllegalArgumentException("breaker_min_calls must be >= 1, was " + minCalls);
        }
        if (openFor.isNegative() || openFor.isZero()) {
            throw new IllegalArgumentException("breaker_open_for must be positive, was "
                    + DurationFormat.format(openFor));
        }
        if (halfOpenProbes < 1) {
            throw new IllegalArgumentException("breaker_half_open_probes must be >= 1, was " + halfOpenProbes);
        }
    }
}
