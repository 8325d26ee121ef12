package dev.inferyx.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.inferyx.core.JobStatus;
import dev.inferyx.testing.FakeClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class InferenceStatisticsTest {

    private final FakeClock clock = new FakeClock(Instant.parse("2026-11-27T05:00:00Z"));
    private final InferenceStatistics stats = new InferenceStatistics(clock);

    @Test
    void snapshot_unseenModel_isAllZero() {
        InferenceStatistics.Snapshot s = stats.snapshot("sim");

        assertThat(s.inferenceCount()).isZero();
        assertThat(s.executionCount()).isZero();
        assertThat(s.lastInference()).isZero();
        assertThat(s.success()).isEqualTo(new InferenceStatistics.Tally(0, 0));
        assertThat(s.batches()).isEmpty();
    }

    @Test
    void batchCompleted_chargesEveryJobTheBatchTime_andCountsOneExecutionPerBatch() {
        stats.batchCompleted("sim", 3, Duration.ofMillis(2), null);
        clock.advance(Duration.ofSeconds(1));
        stats.batchCompleted("sim", 1, Duration.ofMillis(1), null);

        InferenceStatistics.Snapshot s = stats.snapshot("sim");
        assertThat(s.executionCount()).isEqualTo(2);
        assertThat(s.inferenceCount()).isEqualTo(4);
        assertThat(s.computeInfer()).isEqualTo(new InferenceStatistics.Tally(4, 3 * 2_000_000L + 1_000_000L));
        assertThat(s.lastInference()).isEqualTo(clock.instant().toEpochMilli());
        assertThat(s.batches()).containsExactly(
                new InferenceStatistics.BatchSize(1, new InferenceStatistics.Tally(1, 1_000_000L)),
                new InferenceStatistics.BatchSize(3, new InferenceStatistics.Tally(1, 2_000_000L)));
    }

    @Test
    void failedBatch_isNotAnExecutionNorInferences_butMovesLastInference() {
        stats.batchCompleted("sim", 4, Duration.ofMillis(5), "model_error");

        InferenceStatistics.Snapshot s = stats.snapshot("sim");
        assertThat(s.executionCount()).isZero();
        assertThat(s.inferenceCount()).isZero();
        assertThat(s.computeInfer().count()).isZero();
        assertThat(s.lastInference()).isEqualTo(clock.instant().toEpochMilli());
    }

    @Test
    void finishedJobs_splitIntoSuccessAndFail_withTheirDurations_andQueueWaitsAndCacheLookupsAreCounted() {
        stats.jobFinished("sim", JobStatus.DONE, Duration.ofMillis(3));
        stats.jobFinished("sim", JobStatus.FAILED, Duration.ofMillis(7));
        stats.jobFinished("sim", JobStatus.EXPIRED, Duration.ofMillis(1));
        stats.queueWait("sim", Duration.ofNanos(500));
        stats.cacheLookup("sim", true);
        stats.cacheLookup("sim", false);
        stats.cacheLookup("sim", false);
        stats.jobFinished("echo", JobStatus.DONE, Duration.ofMillis(1));

        InferenceStatistics.Snapshot s = stats.snapshot("sim");
        assertThat(s.success()).isEqualTo(new InferenceStatistics.Tally(1, 3_000_000L));
        assertThat(s.fail()).isEqualTo(new InferenceStatistics.Tally(2, 8_000_000L));
        assertThat(s.queue()).isEqualTo(new InferenceStatistics.Tally(1, 500));
        assertThat(s.cacheHits()).isEqualTo(1);
        assertThat(s.cacheMisses()).isEqualTo(2);
        assertThat(stats.snapshot("echo").success().count()).isEqualTo(1);
    }

    @Test
    void fanOut_deliversEveryEventToEachTarget() {
        InferenceStatistics other = new InferenceStatistics(clock);
        Metrics both = new FanOutMetrics(stats, other);

        both.batchCompleted("sim", 2, Duration.ofMillis(1), null);

        assertThat(stats.snapshot("sim").inferenceCount()).isEqualTo(2);
        assertThat(other.snapshot("sim").inferenceCount()).isEqualTo(2);
    }
}
