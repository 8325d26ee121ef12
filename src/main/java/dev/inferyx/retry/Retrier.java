package dev.inferyx.retry;

import dev.inferyx.metrics.Metrics;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * One model's retry decisions: applies its {@link RetryPolicy} and {@link RetryBudget} to a failure.
 * Thread-safe when the random generator is (use a splittable or thread-local one in production).
 */
public final class Retrier {

    private final String model;
    private final RetryPolicy policy;
    private final RetryBudget budget;
    private final RandomGenerator random;
    private final Metrics metrics;

    public Retrier(String model, RetryPolicy policy, RetryBudget budget, RandomGenerator random, Metrics metrics) {
        this.model = Objects.requireNonNull(model, "model");
        this.policy = Objects.requireNonNull(policy, "policy");
        this.budget = Objects.requireNonNull(budget, "budget");
        this.random = Objects.requireNonNull(random, "random");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
    }

    public RetryPolicy policy() {
        return policy;
    }

    /** Counts the jobs of a batch about to run; those never run before feed the budget. */
    public void beforeRun(int firstAttempts) {
        if (firstAttempts > 0) {
            budget.recordFirstAttempts(firstAttempts);
        }
    }

    /** Whether a failed batch of {@code batchSize} should be split rather than failed job by job. */
    public boolean shouldSplit(FailureKind kind, int batchSize) {
        return kind == FailureKind.OUT_OF_MEMORY && batchSize > 1;
    }

    /**
     * The decision for one job of a failed batch, given how many times it had run before this run
     * ({@code priorAttempts}). An out-of-memory failure of a batch of one is an ordinary retryable failure.
     */
    public RetryDecision decide(FailureKind kind, int priorAttempts) {
        if (kind == FailureKind.PERMANENT) {
            return new RetryDecision.GiveUp("permanent", false);
        }
        int attempts = priorAttempts + 1;
        if (!policy.hasAttemptsLeft(attempts)) {
            metrics.jobExhausted(model);
            return new RetryDecision.GiveUp("exhausted", true);
        }
        if (!budget.tryAcquire()) {
            metrics.retryBudgetExhausted(model);
            return new RetryDecision.GiveUp("retry_budget_exhausted", true);
        }
        return new RetryDecision.RetryAfter(policy.backoff(attempts, random));
    }
}
