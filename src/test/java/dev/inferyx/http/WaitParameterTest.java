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
    void parse_absent_isNoWait() {
        assertThat(WaitParameter.parse(Optional.empty(), MAX)).isZero();
    }

    @Test
    void parse_garbageOrAboveMax_isInvalid() {
        assertThatThrownBy(() -> WaitParameter.parse(Optional.of("-1s"), MAX)).isInstanceOf(InvalidRequestException.class);
        assertThatThrownBy(() -> WaitParameter.parse(Optional.of("10h"), MAX)).isInstanceOf(InvalidRequestException.class);
        assertThatThrownBy(() -> WaitParameter.parse(Optional.of("61s"), MAX)).hasMessageContaining("at most 60s");
    }
}
