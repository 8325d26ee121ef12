package dev.inferyx.retry;

import java.time.Duration;
import java.time.InstantSource;
import java.util.Objects;

/**
 * Caps one model's retries to {@code ratio} of its recent first attempts, plus {@code minPerSecond} so a model
 * with little traffic can still retry. "Recent" is a sliding window of whole seconds. When a failing model would
 * retry more than that, {@link #tryAcquire()} says no and the job fails fast instead of joining a retry storm.
 *
 * <p>Thread-safe (one small lock; called once per job of a batch, not per item of work).
 */
public final class RetryBudget {

    private final double ratio;
    private final int minPerSecond;
    private final InstantSource clock;
    private final int seconds;
    /** Ring of per-second counts; slot = epochSecond % seconds, valid while stamp[slot] == that second. */
    private final long[] stamp;
    private final int[] firsts;
    private final int[] retries;

    public RetryBudget(double ratio, int minPerSecond, Duration window, InstantSource clock) {
        Objects.requireNonNull(window, "window");
        this.clock = Objects.requireNonNull(clock, "clock");
        if (!(ratio >= 0 && ratio <= 1)) {
            throw new IllegalArgumentException("retry_budget_ratio must be in [0, 1], was " + ratio);
        }
        if (minPerSecond < 0) {
            throw new IllegalArgumentException("retry budget minimum per second must not be negative, was "
                    + minPerSecond);
        }
        if (window.getSeconds() < 1) {
            throw new IllegalArgumentException("retry budget window must be at least 1s, was " + window);
        }
        this.ratio = ratio;
        this.minPerSecond = minPerSecond;
        this.seconds = (int) Math.min(window.getSeconds(), 3600);
        this.stamp = new long[seconds];
        this.firsts = new int[seconds];
        this.retries = new int[seconds];
        java.util.Arrays.fill(stamp, Long.MIN_VALUE);
    }

    /** The defaults: 10 s window, 1 retry per second allowed whatever the traffic. */
    public static RetryBudget of(double ratio, InstantSource clock) {
        return new RetryBudget(ratio, 1, Duration.ofSeconds(10), clock);
    }

    /** Counts {@code n} jobs that ran for the first time. */
    public synchronized void recordFirstAttempts(int n) {
        firsts[slot()] += n;
    }

    /** Takes one retry from the budget; false (and nothing taken) when the budget is spent. */
    public synchronized boolean tryAcquire() {
        int now = slot();
        long firstSum = 0;
        long retrySum = 0;
        long current = stamp[now];
        for (int i = 0; i < seconds; i++) {
            if (stamp[i] > current - seconds) {
                firstSum += firsts[i];
                retrySum += retries[i];
            }
        }
        double allowed = ratio * firstSum + (double) minPerSecond * seconds;
        if (retrySum + 1 > allowed) {
            return false;
        }
        retries[now]++;
        return true;
    }

    /** The slot of the current second, cleared if it last held an older second. */
    private int slot() {
        long second = clock.instant().getEpochSecond();
        int slot = (int) Math.floorMod(second, (long) seconds);
        if (stamp[slot] != second) {
            stamp[slot] = second;
            firsts[slot] = 0;
            retries[slot] = 0;
        }
        return slot;
    }
}
