package dev.inferyx.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SeedTrafficProfileTest {

    @Test
    void rates_areBaseTenToTwentyOrSpikesThirtyToFifty_andSpikesOccur() {
        SeedTrafficProfile profile = new SeedTrafficProfile(600, 5);
        int spikeSeconds = 0;
        for (int s = 0; s < 600; s++) {
            double rate = profile.ratePerSecond(s + 0.5);
            boolean base = rate >= 10 && rate <= 20;
            boolean spike = rate >= 30 && rate <= 50;
            assertThat(base || spike).as("rate %s at %d s", rate, s).isTrue();
            if (spike) {
                spikeSeconds++;
            }
        }
        // A spike starts with probability 0.05 per second and lasts 2-6 s: roughly 15% of the time.
        assertThat(spikeSeconds).isBetween(30, 250);
    }
}
