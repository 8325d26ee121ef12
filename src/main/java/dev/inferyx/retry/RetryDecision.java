package dev.inferyx.retry;

import java.time.Duration;
import java.util.Objects;

/** What to do with a job (or a whole batch) after a failed run. */
public sealed interface RetryDecision {

    /** Split the batch into halves and run each again at once; not a failed attempt of its jobs. */
    record Split() implements RetryDecision {
    }

    /** Run the job again after {@code delay}. */
    record RetryAfter(Duration delay) implements RetryDecision {
        public RetryAfter {
            Objects.requireNonNull(delay, "delay");
        }
    }

    /**
     * Fail the job for good. {@code reason} is {@code permanent} (retrying cannot help), {@code exhausted}
     * (no attempts left) or {@code retry_budget_exhausted}; {@code deadLetter} says whether it belongs in the
     * dead-letter queue (retryable failures do: a replay may succeed).
     */
    record GiveUp(String reason, boolean deadLetter) implements RetryDecision {
        public GiveUp {
            Objects.requireNonNull(reason, "reason");
        }
    }
}
