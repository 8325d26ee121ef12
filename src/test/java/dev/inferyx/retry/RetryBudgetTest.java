package dev.inferyx.retry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.inferyx.testing.FakeClock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RetryBudgetTest {

    private final FakeClock clock = new FakeClock();

    private static int acquire(RetryBudget budget, int tries) {
        int granted = 0;
        for (int i = 0; i < tries; i++) {
            if (budget.tryAcquire()) {
                granted++;
            }
        }
        return granted;
    }

    @Test
    void tryAcquire_allowsRatioOfFirstAttemptsThenRefuses() {
        RetryBudget budget = new RetryBudget(0.2, 0, Duration.ofSeconds(10), clock);
        budget.recordFirstAttempts(100);

        assertThat(acquire(budget, 50)).isEqualTo(20);
        assertThat(budget.tryAcquire()).isFalse();
    }

    @Test
    void tryAcquire_lowTraffic_stillGetsTheMinimumPerSecond() {
        RetryBudget budget = new RetryBudget(0.2, 1, Duration.ofSeconds(10), clock);
        budget.recordFirstAttempts(1);

        assertThat(acquire(budget, 50)).as("0.2 * 1 + 1/s * 10 s").isEqualTo(10);
    }

    @Test
    void tryAcquire_refillsAsTheWindowSlides() {
        RetryBudget budget = new RetryBudget(0.5, 0, Duration.ofSeconds(10), clock);
        budget.recordFirstAttempts(10);
        assertThat(acquire(budget, 10)).isEqualTo(5);

        clock.advance(Duration.ofSeconds(5));
        budget.recordFirstAttempts(10);
        assertThat(acquire(budget, 10)).as("10 + 10 firsts allow 10; 5 taken").isEqualTo(5);

        clock.advance(Duration.ofSeconds(6));
        assertThat(acquire(budget, 10)).as("the first second left the window: 10 firsts allow 5, 5 held")
                .isZero();

        clock.advance(Duration.ofSeconds(10));
        budget.recordFirstAttempts(4);
        assertThat(acquire(budget, 10)).as("everything old left the window").isEqualTo(2);
    }

    @Test
    void tryAcquire_zeroRatioAndNoMinimum_neverRetries() {
        RetryBudget budget = new RetryBudget(0, 0, Duration.ofSeconds(1), clock);
        budget.recordFirstAttempts(1000);
        assertThat(budget.tryAcquire()).isFalse();
    }
}
