package dev.inferyx.retry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {

    private final RetryPolicy policy = RetryPolicy.DEFAULT;

    @Test
    void backoffCeiling_doublesFromBaseAndStopsAtCap() {
        assertThat(policy.backoffCeiling(1)).isEqualTo(Duration.ofSeconds(2));
        assertThat(policy.backoffCeiling(2)).isEqualTo(Duration.ofSeconds(4));
        assertThat(policy.backoffCeiling(3)).isEqualTo(Duration.ofSeconds(8));
        assertThat(policy.backoffCeiling(4)).isEqualTo(Duration.ofSeconds(16));
        assertThat(policy.backoffCeiling(5)).isEqualTo(Duration.ofSeconds(30));
        assertThat(policy.backoffCeiling(200)).as("no overflow").isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void backoff_fullJitter_staysInZeroToCeilingAndSpreads() {
        SplittableRandom random = new SplittableRandom(42);
        for (int attempt = 1; attempt <= 8; attempt++) {
            Duration ceiling = policy.backoffCeiling(attempt);
            Duration min = ceiling;
            Duration max = Duration.ZERO;
            for (int i = 0; i < 1000; i++) {
                Duration d = policy.backoff(attempt, random);
                assertThat(d).isGreaterThanOrEqualTo(Duration.ZERO).isLessThan(ceiling);
                min = d.compareTo(min) < 0 ? d : min;
                max = d.compareTo(max) > 0 ? d : max;
            }
            assertThat(min).as("jitter reaches the low end").isLessThan(ceiling.dividedBy(10));
            assertThat(max).as("jitter reaches the high end").isGreaterThan(ceiling.multipliedBy(9).dividedBy(10));
        }
    }

    @Test
    void backoff_zeroBase_isZero() {
        RetryPolicy none = new RetryPolicy(3, Duration.ZERO, Duration.ZERO, 0.2);
        assertThat(none.backoff(3, new SplittableRandom(1))).isZero();
    }

    @Test
    void hasAttemptsLeft_defaultAllowsFourRuns() {
        assertThat(policy.hasAttemptsLeft(3)).isTrue();
        assertThat(policy.hasAttemptsLeft(4)).isFalse();
    }

    @Test
    void constructor_namesTheBadValue() {
        assertThatThrownBy(() -> new RetryPolicy(0, Duration.ZERO, Duration.ZERO, 0.2))
                .hasMessage("max_attempts must be >= 1, was 0");
        assertThatThrownBy(() -> new RetryPolicy(2, Duration.ofSeconds(5), Duration.ofSeconds(1), 0.2))
                .hasMessage("retry_backoff_cap must be >= retry_backoff_base (5s), was 1s");
        assertThatThrownBy(() -> new RetryPolicy(2, Duration.ZERO, Duration.ZERO, 1.5))
                .hasMessage("retry_budget_ratio must be in [0, 1], was 1.5");
        assertThatThrownBy(() -> new RetryPolicy(2, Duration.ZERO, Duration.ZERO, 0.2, Duration.ofMillis(2500), 1))
                .hasMessage("retry_budget_window must be whole seconds in [1s, 1h], was 2.5s");
        assertThatThrownBy(() -> new RetryPolicy(2, Duration.ZERO, Duration.ZERO, 0.2, Duration.ofSeconds(10), -2))
                .hasMessage("retry_budget_min_per_second must be a finite number >= 0, was -2.0");
    }

    @Test
    void constructor_withoutBudgetWindowAndFloor_keepsTenSecondsAndOnePerSecond() {
        RetryPolicy policy = new RetryPolicy(2, Duration.ZERO, Duration.ZERO, 0.2);

        assertThat(policy.budgetWindow()).isEqualTo(Duration.ofSeconds(10));
        assertThat(policy.budgetMinPerSecond()).isEqualTo(1.0);
        assertThat(RetryPolicy.DEFAULT.budgetWindow()).isEqualTo(Duration.ofSeconds(10));
        assertThat(RetryPolicy.DEFAULT.budgetMinPerSecond()).isEqualTo(1.0);
    }

    @Test
    void describeBudget_namesRatioWindowAndFloor() {
        assertThat(RetryPolicy.DEFAULT.describeBudget())
                .isEqualTo("at most 20% of the first attempts of the last 10s, plus 1 per second");
        assertThat(new RetryPolicy(2, Duration.ZERO, Duration.ZERO, 0, Duration.ofMinutes(1), 0.25).describeBudget())
                .isEqualTo("at most 0% of the first attempts of the last 60s, plus 0.25 per second");
    }
}
