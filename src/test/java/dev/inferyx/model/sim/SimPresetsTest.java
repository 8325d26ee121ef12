package dev.inferyx.model.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class SimPresetsTest {

    @Test
    void named_bertBase128_isFlatTo64ThenSixtyMicrosPerItem() {
        SimConfig config = SimPresets.named("bert-base-128");

        assertThat(config).isEqualTo(new SimConfig(micros(4_500), 64, micros(60), 0.1, 0, 0));
    }

    @Test
    void named_everyPreset_hasNoFailuresAndNoOomBound() {
        assertThat(SimPresets.names()).containsExactly("bert-base-128", "minilm-16", "bert-base-16", "seed");
        for (String name : SimPresets.names()) {
            SimConfig config = SimPresets.named(name);
            assertThat(config.failureRate()).as(name).isZero();
            assertThat(config.oomAboveBatch()).as(name).isZero();
            assertThat(config.jitter()).as(name).isPositive();
        }
    }

    @Test
    void named_seed_spansTheSeedPrototypesTenToFifteenSeconds() {
        SimConfig seed = SimPresets.named("seed");

        assertThat(seed.baseLatency().multipliedBy(8).dividedBy(10)).isEqualTo(Duration.ofSeconds(10));
        assertThat(seed.baseLatency().multipliedBy(12).dividedBy(10)).isEqualTo(Duration.ofSeconds(15));
        assertThat(seed.jitter()).isEqualTo(0.2);
    }

    @Test
    void named_unknownName_failsNamingItAndListingValidNames() {
        assertThatThrownBy(() -> SimPresets.named("gpt-9"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown sim preset 'gpt-9' (known: bert-base-128, minilm-16, bert-base-16, seed)");
    }

    @Test
    void named_default_exists() {
        assertThat(SimPresets.named(SimPresets.DEFAULT)).isNotNull();
    }

    private static Duration micros(long micros) {
        return Duration.ofNanos(micros * 1_000);
    }
}
