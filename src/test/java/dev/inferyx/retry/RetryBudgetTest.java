package dev.inferyx.retry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.inferyx.testing.FakeClock;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

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

    @Test
    void tryAcquire_longerWindow_remembersFirstAttemptsForThatLong() {
        RetryBudget readEarly = new RetryBudget(0.5, 0, Duration.ofSeconds(30), clock);
        RetryBudget readLate = new RetryBudget(0.5, 0, Duration.ofSeconds(30), clock);
        readEarly.recordFirstAttempts(20);
        readLate.recordFirstAttempts(20);

        clock.advance(Duration.ofSeconds(29));
        assertThat(acquire(readEarly, 20)).as("29 s later the 20 firsts still count: 10 retries").isEqualTo(10);

        clock.advance(Duration.ofSeconds(1));
        assertThat(acquire(readLate, 20)).as("30 s later they left the window").isZero();
    }

    @Test
    void tryAcquire_floorScalesWithTheWindow_andMayBeAFraction() {
        RetryBudget budget = new RetryBudget(0, 0.5, Duration.ofSeconds(4), clock);

        assertThat(acquire(budget, 10)).as("0.5/s * 4 s with no traffic").isEqualTo(2);

        clock.advance(Duration.ofSeconds(4));
        assertThat(acquire(budget, 10)).as("the spent retries left the window").isEqualTo(2);
    }

    @Test
    void of_takesRatioWindowAndFloorFromThePolicy() {
        RetryPolicy policy = new RetryPolicy(4, Duration.ZERO, Duration.ZERO, 0.5, Duration.ofSeconds(3), 2);
        RetryBudget budget = RetryBudget.of(policy, clock);
        budget.recordFirstAttempts(4);

        assertThat(acquire(budget, 20)).as("0.5 * 4 + 2/s * 3 s").isEqualTo(8);

        clock.advance(Duration.ofSeconds(2));
        assertThat(acquire(budget, 20)).as("still inside the 3 s window").isZero();

        clock.advance(Duration.ofSeconds(1));
        assertThat(acquire(budget, 20)).as("the first second left the window: the floor alone").isEqualTo(6);
    }

    @Test
    void of_defaultPolicy_keepsTenSecondsAndOnePerSecond() {
        RetryBudget budget = RetryBudget.of(RetryPolicy.DEFAULT, clock);

        assertThat(acquire(budget, 50)).as("no traffic: 1/s * 10 s").isEqualTo(10);
    }

    @ParameterizedTest
    @CsvSource({"PT0S, 0s", "PT0.5S, 500ms", "PT1.5S, 1.5s", "PT1H0.001S, 3600.001s", "PT1H1S, 3601s"})
    void constructor_windowNotWholeSecondsInOneSecondToOneHour_isRefusedNamingTheKey(String window, String written) {
        assertThatThrownBy(() -> new RetryBudget(0.2, 1, Duration.parse(window), clock))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("retry_budget_window must be whole seconds in [1s, 1h], was " + written);
    }

    @Test
    void constructor_windowOfOneSecondOrOneHour_isAccepted() {
        new RetryBudget(0.2, 1, Duration.ofSeconds(1), clock);
        RetryBudget hour = new RetryBudget(0.5, 0, Duration.ofHours(1), clock);
        hour.recordFirstAttempts(2);
        clock.advance(Duration.ofMinutes(59));

        assertThat(acquire(hour, 5)).as("an hour-long window still holds the firsts of 59 minutes ago")
                .isEqualTo(1);
    }

    @ParameterizedTest
    @ValueSource(doubles = {-1, -0.001, Double.NaN, Double.POSITIVE_INFINITY})
    void constructor_floorNegativeOrNotFinite_isRefusedNamingTheKey(double floor) {
        assertThatThrownBy(() -> new RetryBudget(0.2, floor, Duration.ofSeconds(10), clock))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("retry_budget_min_per_second must be a finite number >= 0, was " + floor);
    }
}
