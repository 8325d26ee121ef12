package dev.inferyx.retry;

import dev.inferyx.core.DurationFormat;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Arrays;
import java.util.Objects;

/**
 * Caps one model's retries to {@code ratio} of its recent first attempts, plus {@code minPerSecond} for every
 * second of the window so a model with little traffic can still retry. "Recent" is a sliding window of whole
 * seconds. When a failing model would retry more than that, {@link #tryAcquire()} says no and the job fails fast
 * instead of joining a retry storm.
 *
 * <p>One budget counts what one process sees: in distributed mode each worker process keeps its own, of the first
 * attempts it ran and the retries it granted. Nothing is shared, so a fleet of N workers allows N times the floor
 * (the ratio part, taken of each worker's own traffic, adds up to about the ratio of the fleet's), and a worker
 * whose budget is spent refuses even while another's has room.
 *
 * <p>Thread-safe (one small lock; called once per job of a batch, not per item of work).
 */
public final class RetryBudget {

    /** The longest window: one bucket per second is kept, so this bounds the memory of one budget. */
    static final Duration MAX_WINDOW = Duration.ofHours(1);

    private final double ratio;
    private final double minPerSecond;
    private final InstantSource clock;
    private final int seconds;
    /** Ring of per-second counts; slot = epochSecond % seconds, valid while stamp[slot] == that second. */
    private final long[] stamp;
    private final int[] firsts;
    private final int[] retries;

    /**
     * @param ratio        retries may add at most this fraction of the first attempts in the window, in [0, 1]
     * @param minPerSecond retries allowed per second of the window whatever the traffic, >= 0
     * @param window       the sliding window, whole seconds in [1s, 1h]
     * @throws IllegalArgumentException naming the config key of the bad value
     */
    public RetryBudget(double ratio, double minPerSecond, Duration window, InstantSource clock) {
        Objects.requireNonNull(window, "window");
        this.clock = Objects.requireNonNull(clock, "clock");
        checkRatio(ratio);
        checkMinPerSecond(minPerSecond);
        checkWindow(window);
        this.ratio = ratio;
        this.minPerSecond = minPerSecond;
        this.seconds = (int) window.getSeconds();
        this.stamp = new long[seconds];
        this.firsts = new int[seconds];
        this.retries = new int[seconds];
        Arrays.fill(stamp, Long.MIN_VALUE);
    }

    /** The budget {@code policy} describes: its ratio, window and floor. */
    public static RetryBudget of(RetryPolicy policy, InstantSource clock) {
        return new RetryBudget(policy.budgetRatio(), policy.budgetMinPerSecond(), policy.budgetWindow(), clock);
    }

    static void checkRatio(double ratio) {
        if (!(ratio >= 0 && ratio <= 1)) {
            throw new IllegalArgumentException("retry_budget_ratio must be in [0, 1], was " + ratio);
        }
    }

    static void checkMinPerSecond(double minPerSecond) {
        if (!(minPerSecond >= 0 && Double.isFinite(minPerSecond))) {
            throw new IllegalArgumentException("retry_budget_min_per_second must be a finite number >= 0, was "
                    + minPerSecond);
        }
    }

    /** Whole seconds, because the window is counted in one-second buckets: 1.5s would silently mean 1s. */
    static void checkWindow(Duration window) {
        if (window.getNano() != 0 || window.getSeconds() < 1 || window.compareTo(MAX_WINDOW) > 0) {
            throw new IllegalArgumentException("retry_budget_window must be whole seconds in [1s, 1h], was "
                    + DurationFormat.format(window));
        }
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
        double allowed = ratio * firstSum + minPerSecond * seconds;
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
