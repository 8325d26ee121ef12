package dev.inferyx.retry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.inferyx.metrics.Metrics;
import dev.inferyx.testing.FakeClock;
import java.time.Duration;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class RetrierTest {

    private final FakeClock clock = new FakeClock();

    private Retrier retrier(double ratio, int minPerSecond) {
        return new Retrier("sim", RetryPolicy.DEFAULT, new RetryBudget(ratio, minPerSecond, Duration.ofSeconds(10),
                clock), new SplittableRandom(7), Metrics.NOOP);
    }

    @Test
    void decide_transientWithAttemptsLeft_retriesWithinTheBackoffCeiling() {
        RetryDecision d = retrier(1, 1).decide(FailureKind.TRANSIENT, 1);
        assertThat(d).isInstanceOfSatisfying(RetryDecision.RetryAfter.class,
                r -> assertThat(r.delay()).isLessThan(Duration.ofSeconds(4)));
    }

    @Test
    void decide_lastAttemptFailed_givesUpToTheDeadLetterQueue() {
        assertThat(retrier(1, 1).decide(FailureKind.TRANSIENT, 3))
                .isEqualTo(new RetryDecision.GiveUp("exhausted", true));
    }

    @Test
    void decide_permanent_neverRetriesNorDeadLetters() {
        assertThat(retrier(1, 1).decide(FailureKind.PERMANENT, 0))
                .isEqualTo(new RetryDecision.GiveUp("permanent", false));
    }

    @Test
    void decide_budgetSpent_failsFastWithItsReason() {
        Retrier r = retrier(0, 0);
        assertThat(r.decide(FailureKind.TRANSIENT, 0))
                .isEqualTo(new RetryDecision.GiveUp("retry_budget_exhausted", true));
    }

    @Test
    void shouldSplit_onlyOutOfMemoryOnMoreThanOneJob() {
        Retrier r = retrier(1, 1);
        assertThat(r.shouldSplit(FailureKind.OUT_OF_MEMORY, 2)).isTrue();
        assertThat(r.shouldSplit(FailureKind.OUT_OF_MEMORY, 1)).isFalse();
        assertThat(r.shouldSplit(FailureKind.TRANSIENT, 8)).isFalse();
        assertThat(r.decide(FailureKind.OUT_OF_MEMORY, 0)).isInstanceOf(RetryDecision.RetryAfter.class);
    }
}
