package dev.inferyx.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.inferyx.core.InvalidRequestException;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class WaitParameterTest {

    private static final Duration MAX = Duration.ofSeconds(60);

    @Test
    void parse_unitsAndBareSeconds() {
        assertThat(WaitParameter.parse(Optional.of("500ms"), MAX)).isEqualTo(Duration.ofMillis(500));
        assertThat(WaitParameter.parse(Optional.of("10s"), MAX)).isEqualTo(Duration.ofSeconds(10));
        assertThat(WaitParameter.parse(Optional.of("1m"), MAX)).isEqualTo(Duration.ofMinutes(1));
        assertThat(WaitParameter.parse(Optional.of("7"), MAX)).isEqualTo(Duration.ofSeconds(7));
    }

    @Test
    void parse_acceptsEveryFormTheConfigAccepts() {
        Duration hours = Duration.ofHours(2);
        assertThat(WaitParameter.parse(Optional.of("1h"), hours)).isEqualTo(Duration.ofHours(1));
        assertThat(WaitParameter.parse(Optional.of("1.5s"), MAX)).isEqualTo(Duration.ofMillis(1500));
        assertThat(WaitParameter.parse(Optional.of("0.5m"), MAX)).isEqualTo(Duration.ofSeconds(30));
        assertThat(WaitParameter.parse(Optional.of("250us"), MAX)).isEqualTo(Duration.ofNanos(250_000));
        assertThat(WaitParameter.parse(Optional.of("2.5"), MAX)).isEqualTo(Duration.ofMillis(2500));
    }

    @Test
    void parse_aboveASubSecondMax_statesTheMaxAsWritten() {
        assertThatThrownBy(() -> WaitParameter.parse(Optional.of("1s"), Duration.ofMillis(500)))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessage("wait must be at most 500ms, was '1s'");
        assertThatThrownBy(() -> WaitParameter.parse(Optional.of("2s"), Duration.ofMillis(1500)))
                .hasMessage("wait must be at most 1.5s, was '2s'");
    }

    @Test
    void parse_absent_isNoWait() {
        assertThat(WaitParameter.parse(Optional.empty(), MAX)).isZero();
    }

    @Test
    void parse_garbageOrAboveMax_isInvalid() {
        assertThatThrownBy(() -> WaitParameter.parse(Optional.of("-1s"), MAX)).isInstanceOf(InvalidRequestException.class);
        assertThatThrownBy(() -> WaitParameter.parse(Optional.of("soon"), MAX))
                .hasMessage("wait must be a duration like 10s, 500ms, 1.5s or 2m, was 'soon'");
        assertThatThrownBy(() -> WaitParameter.parse(Optional.of("10h"), MAX)).isInstanceOf(InvalidRequestException.class);
        assertThatThrownBy(() -> WaitParameter.parse(Optional.of("61s"), MAX)).hasMessageContaining("at most 1m");
    }
}
