package dev.inferyx.retry;

import dev.inferyx.core.DurationFormat;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * How one model's failed jobs are retried. Immutable; the constructor names the bad value.
 *
 * @param maxAttempts  model runs a job may have in all (1 = never retry); default 4 = 1 + 3 retries
 * @param backoffBase  backoff before the first retry is drawn from [0, base); it doubles per attempt
 * @param backoffCap   the backoff ceiling
 * @param budgetRatio  retries may add at most this fraction of the first attempts in the budget's window, in
 *                     [0, 1] (see {@link RetryBudget})
 * @param budgetWindow the budget's sliding window: whole seconds in [1s, 1h]
 * @param budgetMinPerSecond retries per second of the window allowed whatever the traffic (>= 0, fractions
 *                     allowed), so a model with little traffic can still retry
 */
public record RetryPolicy(int maxAttempts, Duration backoffBase, Duration backoffCap, double budgetRatio,
                          Duration budgetWindow, double budgetMinPerSecond) {

    /** The budget's window unless configured: 10 seconds. */
    public static final Duration DEFAULT_BUDGET_WINDOW = Duration.ofSeconds(10);

    /** The budget's floor unless configured: 1 retry per second. */
    public static final double DEFAULT_BUDGET_MIN_PER_SECOND = 1;

    public static final RetryPolicy DEFAULT =
            new RetryPolicy(4, Duration.ofSeconds(2), Duration.ofSeconds(30), 0.2);

    /** With the default budget window ({@link #DEFAULT_BUDGET_WINDOW}) and floor. */
    public RetryPolicy(int maxAttempts, Duration backoffBase, Duration backoffCap, double budgetRatio) {
        this(maxAttempts, backoffBase, backoffCap, budgetRatio, DEFAULT_BUDGET_WINDOW,
                DEFAULT_BUDGET_MIN_PER_SECOND);
    }

    public RetryPolicy {
        Objects.requireNonNull(backoffBase, "retry_backoff_base");
        Objects.requireNonNull(backoffCap, "retry_backoff_cap");
        Objects.requireNonNull(budgetWindow, "retry_budget_window");
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("max_attempts must be >= 1, was " + maxAttempts);
        }
        if (backoffBase.isNegative()) {
            throw new IllegalArgumentException("retry_backoff_base must not be negative, was "
                    + DurationFormat.format(backoffBase));
        }
        if (backoffCap.compareTo(backoffBase) < 0) {
            throw new IllegalArgumentException("retry_backoff_cap must be >= retry_backoff_base ("
                    + DurationFormat.format(backoffBase)
                    + "), was " + DurationFormat.format(backoffCap));
        }
        RetryBudget.checkRatio(budgetRatio);
        RetryBudget.checkWindow(budgetWindow);
        RetryBudget.checkMinPerSecond(budgetMinPerSecond);
    }

    /**
     * The budget in words, for error messages: "at most 20% of the first attempts of the last 10s, plus 1 per
     * second".
     */
    public String describeBudget() {
        return "at most " + Math.round(budgetRatio * 100) + "% of the first attempts of the last "
                + budgetWindow.toSeconds() + "s, plus "
                + BigDecimal.valueOf(budgetMinPerSecond).stripTrailingZeros().toPlainString() + " per second";
    }

    /** Whether a job that has run {@code attempts} times may run again. */
    public boolean hasAttemptsLeft(int attempts) {
        return attempts < maxAttempts;
    }

    /**
     * The ceiling of the backoff after the {@code attempt}-th failed run (1-based):
     * {@code min(cap, base * 2^(attempt-1))}, saturating instead of overflowing.
     */
    public Duration backoffCeiling(int attempt) {
        if (attempt < 1) {
            throw new IllegalArgumentException("attempt must be >= 1, was " + attempt);
        }
        int shift = Math.min(attempt - 1, 62);
        long baseNanos = backoffBase.toNanos();
        long capNanos = backoffCap.toNanos();
        long ceiling = baseNanos > (capNanos >> shift) ? capNanos : baseNanos << shift;
        return Duration.ofNanos(Math.min(capNanos, ceiling));
    }

    /** Full jitter: uniform in [0, {@link #backoffCeiling}); zero when the ceiling is zero. */
    public Duration backoff(int attempt, RandomGenerator random) {
        long ceiling = backoffCeiling(attempt).toNanos();
        return ceiling == 0 ? Duration.ZERO : Duration.ofNanos(random.nextLong(ceiling));
    }
}
