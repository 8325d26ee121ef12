package dev.inferyx.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.inferyx.worker.Autoscaler.Decision;
import dev.inferyx.worker.Autoscaler.IdleWorker;
import dev.inferyx.worker.Autoscaler.Snapshot;
import dev.inferyx.testing.FakeClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class AutoscalerTest {

    private static final Duration IDLE_TIMEOUT = Duration.ofSeconds(30);

    private final FakeClock clock = new FakeClock();
    // min 2, max 6, scale up while 10+ queued jobs per worker
    private final Autoscaler autoscaler = new Autoscaler(new PoolConfig(2, 6, 10, IDLE_TIMEOUT));

    private Instant ago(Duration d) {
        return clock.instant().minus(d);
    }

    @Test
    void decide_backlog_addsWorkersToReachTarget() {
        // 35 queued / 10 per worker -> 4 workers
        Decision d = autoscaler.decide(new Snapshot(2, 2, 35, List.of()), clock.instant());

        assertThat(d).isEqualTo(new Decision(2, List.of()));
    }

    @Test
    void decide_hugeBacklog_neverAboveMax() {
        Decision d = autoscaler.decide(new Snapshot(5, 5, 10_000, List.of()), clock.instant());

        assertThat(d.add()).isEqualTo(1);
    }

    @Test
    void decide_atMaxWithBacklog_addsNothing() {
        assertThat(autoscaler.decide(new Snapshot(6, 6, 10_000, List.of()), clock.instant())).isEqualTo(Decision.NONE);
    }

    @Test
    void decide_fewerThanJobsPerWorkerQueuedPerWorker_addsNothing() {
        // 29 queued over 3 workers: under 10 each
        assertThat(autoscaler.decide(new Snapshot(3, 3, 29, List.of()), clock.instant())).isEqualTo(Decision.NONE);
    }

    @Test
    void decide_exactlyJobsPerWorkerQueuedPerWorker_addsOne() {
        // 30 queued over 3 workers = 10 each: "at least jobsPerWorker" still scales up
        assertThat(autoscaler.decide(new Snapshot(3, 3, 30, List.of()), clock.instant()).add()).isEqualTo(1);
    }

    @Test
    void decide_belowMin_addsUpToMin() {
        assertThat(autoscaler.decide(new Snapshot(0, 0, 0, List.of()), clock.instant()).add()).isEqualTo(2);
    }

    @Test
    void decide_idleLongerThanTimeout_retiresOldestIdleFirstDownToMin() {
        Snapshot pool = new Snapshot(5, 0, 0, List.of(
                new IdleWorker(1, ago(Duration.ofSeconds(40))),
                new IdleWorker(2, ago(Duration.ofSeconds(90))),
                new IdleWorker(3, ago(Duration.ofSeconds(60))),
                new IdleWorker(4, ago(Duration.ofSeconds(31))),
                new IdleWorker(5, ago(Duration.ofSeconds(35)))));

        Decision d = autoscaler.decide(pool, clock.instant());

        assertThat(d).isEqualTo(new Decision(0, List.of(2, 3, 1)));
    }

    @Test
    void decide_idleButNotYetTimedOut_retiresNobody() {
        Snapshot pool = new Snapshot(4, 0, 0, List.of(
                new IdleWorker(1, ago(Duration.ofSeconds(29))),
                new IdleWorker(2, ago(Duration.ofSeconds(1))),
                new IdleWorker(3, clock.instant()),
                new IdleWorker(4, ago(IDLE_TIMEOUT.minusMillis(1)))));

        assertThat(autoscaler.decide(pool, clock.instant())).isEqualTo(Decision.NONE);
    }

    @Test
    void decide_idleExactlyTimeout_retires() {
        Snapshot pool = new Snapshot(3, 0, 0, List.of(new IdleWorker(7, ago(IDLE_TIMEOUT))));

        assertThat(autoscaler.decide(pool, clock.instant()).retire()).containsExactly(7);
    }

    @Test
    void decide_atMin_neverRetiresEvenWhenIdleForever() {
        Snapshot pool = new Snapshot(2, 0, 0, List.of(
                new IdleWorker(1, ago(Duration.ofDays(1))),
                new IdleWorker(2, ago(Duration.ofDays(1)))));

        assertThat(autoscaler.decide(pool, clock.instant())).isEqualTo(Decision.NONE);
    }

    @Test
    void decide_surplusWorkersAllBusy_retiresNobody() {
        // 6 live, 4 busy, 2 idle but fresh: busy ones are not candidates however long they run
        Snapshot pool = new Snapshot(6, 4, 0, List.of(
                new IdleWorker(5, clock.instant()),
                new IdleWorker(6, clock.instant())));
        clock.advance(IDLE_TIMEOUT.minusSeconds(1));

        assertThat(autoscaler.decide(pool, clock.instant())).isEqualTo(Decision.NONE);
    }

    @Test
    void decide_onlyIdleWorkersAreRetiredWhileOthersAreBusy() {
        Snapshot pool = new Snapshot(6, 4, 0, List.of(
                new IdleWorker(5, ago(Duration.ofMinutes(5))),
                new IdleWorker(6, ago(Duration.ofMinutes(1)))));

        assertThat(autoscaler.decide(pool, clock.instant()).retire()).containsExactly(5, 6);
    }

    @Test
    void decide_backlogKeepsIdleWorkersThatTheTargetNeeds() {
        // 35 queued -> target 4; 5 live -> only one may go even though three timed out
        Snapshot pool = new Snapshot(5, 2, 35, List.of(
                new IdleWorker(1, ago(Duration.ofMinutes(3))),
                new IdleWorker(2, ago(Duration.ofMinutes(2))),
                new IdleWorker(3, ago(Duration.ofMinutes(1)))));

        assertThat(autoscaler.decide(pool, clock.instant()).retire()).containsExactly(1);
    }

    @Test
    void snapshot_moreBusyAndIdleThanLive_isRejected() {
        assertThatThrownBy(() -> new Snapshot(1, 1, 0, List.of(new IdleWorker(1, clock.instant()))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("exceed live workers (1)");
    }
}
