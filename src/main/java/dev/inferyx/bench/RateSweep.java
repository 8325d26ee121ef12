package dev.inferyx.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * An open-loop rate sweep {@code from:to:step} (req/s) and the rule that finds the saturation point. A step is
 * saturated when the achieved throughput falls below {@value #MIN_ACHIEVED_FRACTION} of its offered rate (the
 * realised Poisson schedule, so that the schedule's own randomness in a short step is not mistaken for the
 * server falling behind), when more
 * than {@value #MAX_ERROR_FRACTION} of its requests fail (refusals and drops included), or when its p99 exceeds
 * {@value #P99_BLOWUP_FACTOR} times the first step's p99 (and 50 ms). Immutable.
 */
public record RateSweep(double from, double to, double step) {

    static final double MIN_ACHIEVED_FRACTION = 0.95;
    static final double MAX_ERROR_FRACTION = 0.01;
    static final double P99_BLOWUP_FACTOR = 5;

    /** One measured step. {@code reason} says why it counts as saturated, or is {@code null}. */
    public record Step(double targetRate, RunStats stats, String reason) {
        public boolean saturated() {
            return reason != null;
        }
    }

    public RateSweep {
        if (!(from > 0) || !(to >= from) || !(step > 0)) {
            throw new IllegalArgumentException("sweep must be FROM:TO:STEP with 0 < FROM <= TO and STEP > 0, was "
                    + from + ":" + to + ":" + step);
        }
    }

    /** Parses {@code R1:R2:step}, e.g. {@code 50:400:50}. */
    public static RateSweep parse(String text) {
        String[] parts = text.split(":");
        if (parts.length != 3) {
            throw new IllegalArgumentException("sweep must be FROM:TO:STEP (req/s), was '" + text + "'");
        }
        try {
            return new RateSweep(Double.parseDouble(parts[0]), Double.parseDouble(parts[1]),
                    Double.parseDouble(parts[2]));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("sweep must be FROM:TO:STEP (req/s), was '" + text + "'", e);
        }
    }

    public List<Double> rates() {
        List<Double> rates = new ArrayList<>();
        for (double r = from; r <= to + 1e-9; r += step) {
            rates.add(r);
        }
        return rates;
    }

    /** Why a step at {@code target} with {@code stats} is saturated, given the first step's p99; null if it is not. */
    public static String saturation(double target, RunStats stats, double firstP99Ms) {
        if (stats.throughput() < MIN_ACHIEVED_FRACTION * stats.offeredRate()) {
            return String.format("achieved %.1f req/s < 95%% of the %.1f offered", stats.throughput(),
                    stats.offeredRate());
        }
        long total = stats.ok() + stats.errors();
        if (total > 0 && stats.errors() > MAX_ERROR_FRACTION * total) {
            return String.format("%d of %d requests failed", stats.errors(), total);
        }
        double p99 = stats.latencyMs(99);
        if (!Double.isNaN(firstP99Ms) && p99 > Math.max(50, P99_BLOWUP_FACTOR * firstP99Ms)) {
            return String.format("p99 %.1f ms > %.0fx the first step's %.1f ms", p99, P99_BLOWUP_FACTOR, firstP99Ms);
        }
        return null;
    }
}
