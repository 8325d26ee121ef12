package dev.inferyx.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.inferyx.testing.FakeClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class BatchCutTest {

    private final FakeClock clock = new FakeClock();
    private final BatchPolicy policy = new BatchPolicy(4, Duration.ofMillis(100));

    @Test
    void cutAt_isOldestArrivalPlusDelay() {
        BatchCut cut = BatchCut.of(policy, clock.instant());

        assertThat(cut.cutAt()).isEqualTo(clock.instant().plusMillis(100));
    }

    @Test
    void remainingWait_shrinksAsTheClockMovesAndBottomsOutAtZero() {
        BatchCut cut = BatchCut.of(policy, clock.instant());

        assertThat(cut.remainingWait(clock.instant())).isEqualTo(Duration.ofMillis(100));
        assertThat(cut.remainingWait(clock.advance(Duration.ofMillis(60)))).isEqualTo(Duration.ofMillis(40));
        assertThat(cut.isDue(clock.instant())).isFalse();
        assertThat(cut.remainingWait(clock.advance(Duration.ofMillis(500)))).isEqualTo(Duration.ZERO);
        assertThat(cut.isDue(clock.instant())).isTrue();
    }

    @Test
    void remainingWait_oldestArrivedLongAgo_isZeroAtOnce() {
        BatchCut cut = BatchCut.of(policy, clock.instant().minusSeconds(5));

        assertThat(cut.remainingWait(clock.instant())).isEqualTo(Duration.ZERO);
        assertThat(cut.isDue(clock.instant())).isTrue();
    }

    @Test
    void withArrival_olderJob_pullsCutEarlier_newerJob_doesNot() {
        Instant start = clock.instant();
        BatchCut cut = BatchCut.of(policy, start);

        assertThat(cut.withArrival(start.plusMillis(50)).cutAt()).isEqualTo(start.plusMillis(100));
        assertThat(cut.withArrival(start.minusMillis(30)).cutAt()).isEqualTo(start.plusMillis(70));
    }

    @Test
    void isFullAndRoom_followMaxSize() {
        BatchCut cut = BatchCut.of(policy, clock.instant());

        assertThat(cut.isFull(3)).isFalse();
        assertThat(cut.room(3)).isEqualTo(1);
        assertThat(cut.isFull(4)).isTrue();
        assertThat(cut.room(4)).isZero();
    }

    @Test
    void zeroDelay_isDueImmediately() {
        BatchCut cut = BatchCut.of(new BatchPolicy(4, Duration.ZERO), clock.instant());

        assertThat(cut.isDue(clock.instant())).isTrue();
        assertThat(cut.remainingWait(clock.instant())).isZero();
    }

    @Test
    void constructor_rejectsBadValuesNamingThem() {
        assertThatThrownBy(() -> new BatchCut(0, Duration.ZERO, clock.instant())).hasMessageContaining("was 0");
        assertThatThrownBy(() -> new BatchCut(1, Duration.ofMillis(-1), clock.instant()))
                .hasMessage("maxDelay must not be negative, was -1ms");
    }
}
