package dev.inferyx.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DurationFormatTest {

    @ParameterizedTest(name = "{0} = {1} ns")
    @CsvSource({
        "0ms, 0", "250us, 250000", "5ms, 5000000", "0.06ms, 60000", "4.5ms, 4500000", "10s, 10000000000",
        "2m, 120000000000", "1h, 3600000000000", "1d, 86400000000000", "7ns, 7", "10S, 10000000000"})
    void parse_numberAndUnit_givesExactDuration(String text, long nanos) {
        assertThat(DurationFormat.parse(text)).isEqualTo(Duration.ofNanos(nanos));
    }

    @ParameterizedTest
    @ValueSource(strings = {"5", "0", "1.5"})
    void parse_bareNumber_failsSayingItHasNoUnit(String text) {
        assertThatThrownBy(() -> DurationFormat.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("expected a duration like 250ms, 10s, 2m or 1h, was \"" + text
                        + "\" (a bare number has no unit)");
    }

    @ParameterizedTest
    @ValueSource(strings = {"-5ms", "5 ms", "5sec", "ms", "", "PT5S", "1h30m"})
    void parse_malformed_failsNamingTheText(String text) {
        assertThatThrownBy(() -> DurationFormat.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("was \"" + text + "\"");
    }

    @ParameterizedTest
    @ValueSource(strings = {"0.5ns", "999999d"})
    void parse_fractionOfNanosecondOrOverflow_fails(String text) {
        assertThatThrownBy(() -> DurationFormat.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(text);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"5ms", "250us", "10s", "2m", "1h", "1d", "0s", "7ns", "90s", "1.5s", "1.25ms", "61.001s",
        "1.000000001s", "500ms", "90m", "25h"})
    void format_thenParse_roundTrips(String text) {
        assertThat(DurationFormat.format(DurationFormat.parse(text))).isEqualTo(text);
    }

    /** Messages quote durations back to operators, so they read as the config is written, never as PT1.5S. */
    @ParameterizedTest(name = "{0} is written {1}")
    @CsvSource({"1500ms, 1.5s", "0.5s, 500ms", "120s, 2m", "0.06ms, 60us", "1500us, 1.5ms", "3600s, 1h",
        "0ms, 0s", "1.50s, 1.5s"})
    void format_writesTheLargestUnitAtLeastOne(String parsed, String written) {
        assertThat(DurationFormat.format(DurationFormat.parse(parsed))).isEqualTo(written);
    }

    @Test
    void format_negativeOrBeyondNanosRange_stillReadable() {
        assertThat(DurationFormat.format(Duration.ofMillis(-1500))).isEqualTo("-1.5s");
        assertThat(DurationFormat.format(Duration.ofDays(200_000))).isEqualTo("200000d");
    }
}
