package dev.inferyx.retry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.inferyx.testing.FakeClock;
import dev.inferyx.testing.RecordingMetrics;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class CircuitBreakerTest {

    private static final BreakerPolicy POLICY =
            new BreakerPolicy(0.5, Duration.ofSeconds(10), 4, Duration.ofSeconds(30), 2);

    private final FakeClock clock = new FakeClock();
    private final RecordingMetrics metrics = new RecordingMetrics();
    private final CircuitBreaker breaker = new CircuitBreaker("flaky", POLICY, clock, metrics);

    private void batches(int ok, int failed) {
        for (int i = 0; i < ok; i++) {
            breaker.onBatch(false);
        }
        for (int i = 0; i < failed; i++) {
            breaker.onBatch(true);
        }
    }

    @Test
    void closed_fewerThanMinCalls_staysClosedEvenIfAllFail() {
        batches(0, 3);
        assertThat(breaker.state().wireName()).isEqualTo("closed");
        assertThat(breaker.tryAdmit()).isEmpty();
    }

    @Test
    void closed_failureRateBelowThreshold_staysClosed() {
        batches(3, 2);
        batches(1, 0);
        assertThat(breaker.state().wireName()).isEqualTo("closed");
    }

    @Test
    void closed_mostBatchesFail_opensWithRemainingTime() {
        batches(2, 2);
        assertThat(breaker.state().wireName()).isEqualTo("open");
        clock.advance(Duration.ofSeconds(10));
        assertThat(breaker.tryAdmit()).contains(Duration.ofSeconds(20));
        assertThat(metrics.events()).containsExactly("breakerTransition flaky closed open");
    }

    @Test
    void closed_oldFailuresLeaveTheWindow() {
        batches(0, 3);
        clock.advance(Duration.ofSeconds(11));
        batches(1, 0);
        assertThat(breaker.state().wireName()).as("only one call in the window").isEqualTo("closed");
    }

    @Test
    void open_afterWait_isHalfOpen_andClosesAfterProbesSucceed() {
        batches(0, 4);
        clock.advance(Duration.ofSeconds(30));
        assertThat(breaker.tryAdmit()).isEmpty();
        assertThat(breaker.state().wireName()).isEqualTo("half_open");

        batches(1, 0);
        assertThat(breaker.state().wireName()).isEqualTo("half_open");
        batches(1, 0);
        assertThat(breaker.state().wireName()).isEqualTo("closed");
        assertThat(metrics.events()).containsExactly("breakerTransition flaky closed open",
                "breakerTransition flaky open half_open", "breakerTransition flaky half_open closed");
    }

    @Test
    void halfOpen_probeFails_reopensForAnotherWait() {
        batches(0, 4);
        clock.advance(Duration.ofSeconds(30));
        batches(1, 1);
        assertThat(breaker.tryAdmit()).contains(Duration.ofSeconds(30));
    }

    @Test
    void halfOpen_admitsOnlyAFewProbes_andMoreOnceOpenForPassesWithoutAVerdict() {
        batches(0, 4);
        clock.advance(Duration.ofSeconds(30));

        assertThat(breaker.tryAdmit()).isEmpty();
        assertThat(breaker.tryAdmit()).isEmpty();
        assertThat(breaker.tryAdmit()).as("2 probes taken").contains(Duration.ofSeconds(30));
        clock.advance(Duration.ofSeconds(10));
        assertThat(breaker.tryAdmit()).contains(Duration.ofSeconds(20));

        clock.advance(Duration.ofSeconds(20));
        assertThat(breaker.tryAdmit()).as("the probes never answered: probe again").isEmpty();
        assertThat(breaker.state().wireName()).isEqualTo("half_open");
    }

    @Test
    void closed_admitsEverything() {
        for (int i = 0; i < 100; i++) {
            assertThat(breaker.tryAdmit()).isEmpty();
        }
    }

    @Test
    void afterClosingAgain_windowStartsEmpty() {
        batches(0, 4);
        clock.advance(Duration.ofSeconds(30));
        batches(2, 0);
        batches(0, 3);
        assertThat(breaker.state().wireName()).as("3 calls < min 4").isEqualTo("closed");
    }

    @Test
    void policy_namesTheBadValue() {
        assertThatThrownBy(() -> new BreakerPolicy(0, Duration.ofSeconds(1), 1, Duration.ofSeconds(1), 1))
                .hasMessage("breaker_failure_rate must be in (0, 1], was 0.0");
        assertThatThrownBy(() -> new BreakerPolicy(0.5, Duration.ofMillis(10), 1, Duration.ofSeconds(1), 1))
                .hasMessageContaining("breaker_window");
        assertThatThrownBy(() -> new BreakerPolicy(0.5, Duration.ofMillis(1500), 1, Duration.ofSeconds(1), 1))
                .as("not silently cut to 1s")
                .hasMessage("breaker_window must be whole seconds in [1s, 1h], was 1.5s");
    }

    @Test
    void listener_hearsEveryWireChange_andAReopeningWithItsNewEnd() {
        java.util.List<String> heard = new java.util.ArrayList<>();
        CircuitBreaker told = new CircuitBreaker("flaky", POLICY, clock, metrics, (model, state) ->
                heard.add(model + " " + (state instanceof BreakerState.Open open ? "open until " + open.until()
                        : state.wireName())));
        java.time.Instant start = clock.instant();
        for (int i = 0; i < 4; i++) {
            told.onBatch(true);
        }
        clock.advance(POLICY.openFor());
        told.onBatch(true);
        clock.advance(POLICY.openFor());
        told.state();
        told.onBatch(false);
        told.onBatch(false);

        assertThat(heard).containsExactly(
                "flaky open until " + start.plus(POLICY.openFor()),
                "flaky open until " + start.plus(POLICY.openFor().multipliedBy(2)),
                "flaky half_open",
                "flaky closed");
    }
}
