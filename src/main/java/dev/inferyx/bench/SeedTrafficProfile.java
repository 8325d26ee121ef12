package dev.inferyx.bench;

import java.util.Random;

/**
 * The seed prototype's traffic: a base rate between 10 and 20 req/s, redrawn every {@value #BASE_PERIOD_S} s, with
 * random spikes of 30 to 50 req/s lasting 2 to 6 s (on average one spike starts every ~20 s). The whole
 * timeline is drawn up front from a seed, so two runs with the same seed send the same shape. Immutable.
 */
public final class SeedTrafficProfile implements RateSchedule {

    static final int BASE_PERIOD_S = 10;
    private static final double SPIKE_START_PROBABILITY_PER_S = 0.05;

    private final double[] ratePerSecond;
    private final long seed;

    /** Draws a timeline of {@code seconds} (>= 1) seconds; beyond it the schedule repeats. */
    public SeedTrafficProfile(int seconds, long seed) {
        if (seconds < 1) {
            throw new IllegalArgumentException("profile length must be >= 1 s, was " + seconds);
        }
        this.seed = seed;
        Random random = new Random(seed);
        ratePerSecond = new double[seconds];
        double base = 0;
        int spikeLeft = 0;
        double spikeRate = 0;
        for (int s = 0; s < seconds; s++) {
            if (s % BASE_PERIOD_S == 0) {
                base = 10 + random.nextDouble() * 10;
            }
            if (spikeLeft == 0 && random.nextDouble() < SPIKE_START_PROBABILITY_PER_S) {
                spikeLeft = 2 + random.nextInt(5);
                spikeRate = 30 + random.nextDouble() * 20;
            }
            if (spikeLeft > 0) {
                ratePerSecond[s] = spikeRate;
                spikeLeft--;
            } else {
                ratePerSecond[s] = base;
            }
        }
    }

    @Override
    public double ratePerSecond(double elapsedSeconds) {
        int s = (int) Math.floor(Math.max(0, elapsedSeconds));
        return ratePerSecond[s % ratePerSecond.length];
    }

    @Override
    public String describe() {
        return "seed profile (base 10-20 req/s, spikes 30-50 req/s, seed " + seed + ")";
    }
}
