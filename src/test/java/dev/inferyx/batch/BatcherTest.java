package dev.inferyx.batch;

import static dev.inferyx.testing.Jobs.job;
import static dev.inferyx.testing.Jobs.text;
import static dev.inferyx.testing.Jobs.withDeadline;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.inferyx.core.Job;
import dev.inferyx.core.JobStatus;
import dev.inferyx.queue.QueueStats;
import dev.inferyx.queue.RetentionPolicy;
import dev.inferyx.queue.memory.MemoryJobQueue;
import dev.inferyx.queue.memory.MemoryJobStore;
import dev.inferyx.testing.FakeClock;
import dev.inferyx.testing.RecordingMetrics;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The batcher against a real in-memory queue. The clock is fake and long delays are used on purpose: a batcher
 * that waited when it should cut would hang and hit the {@link Timeout}, so the tests fail instead of slowing.
 */
@Timeout(10)
class BatcherTest {

    private static final String MODEL = "sim";
    private static final Duration LONG = Duration.ofHours(1);

    private final FakeClock clock = new FakeClock();
    private final RecordingMetrics metrics = new RecordingMetrics();
    private final MemoryJobQueue queue =
            new MemoryJobQueue(new MemoryJobStore(RetentionPolicy.DEFAULT, clock), clock);

    private Batcher batcher(int maxSize, Duration delay) {
        return new Batcher(MODEL, new BatchPolicy(maxSize, delay), queue, clock, metrics);
    }

    private Job admit(String model, String text, int priority) {
        Job job = job(model, text, priority, clock.instant());
        queue.admit(job, 1_000);
        return job;
    }

    @Test
    void nextBatch_emptyQueue_returnsEmptyAfterIdleWait() throws Exception {
        assertThat(batcher(4, LONG).nextBatch(Duration.ofMillis(10))).isEmpty();
    }

    @Test
    void nextBatch_moreQueuedThanMax_cutsAtMaxSizeWithoutWaiting() throws Exception {
        for (int i = 0; i < 5; i++) {
            admit(MODEL, "j" + i, 0);
        }

        List<Job> batch = batcher(3, LONG).nextBatch(LONG);

        assertThat(batch).extracting(j -> text(j)).containsExactly("j0", "j1", "j2");
        assertThat(queue.stats(MODEL).queued()).isEqualTo(2);
    }

    @Test
    void nextBatch_oldestJobArrivedLongerThanDelayAgo_cutsImmediatelyWithoutFilling() throws Exception {
        queue.admit(job(MODEL, "old", 0, clock.instant().minus(LONG.multipliedBy(2))), 10);

        // Measured from when the batcher saw the job, this would wait an hour for more.
        List<Job> batch = batcher(10, LONG).nextBatch(Duration.ofSeconds(1));

        assertThat(batch).extracting(j -> text(j)).containsExactly("old");
    }

    @Test
    void nextBatch_jobArrivingWithinDelay_joinsTheBatch() throws Exception {
        admit(MODEL, "first", 0);
        CompletableFuture<List<Job>> forming = CompletableFuture.supplyAsync(() -> {
            try {
                return batcher(2, LONG).nextBatch(Duration.ofSeconds(5));
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        await().until(() -> queue.stats(MODEL).queued() == 0); // the first job was claimed

        admit(MODEL, "second", 0);

        assertThat(forming.get(10, TimeUnit.SECONDS)).extracting(j -> text(j)).containsExactly("first", "second");
    }

    @Test
    void nextBatch_zeroDelay_takesOnlyWhatIsQueuedNow() throws Exception {
        admit(MODEL, "a", 0);
        admit(MODEL, "b", 0);

        assertThat(batcher(10, Duration.ZERO).nextBatch(Duration.ofSeconds(1))).hasSize(2);
    }

    @Test
    void nextBatch_ordersByPriorityThenArrival() throws Exception {
        admit(MODEL, "low", 0);
        admit(MODEL, "high", 9);
        admit(MODEL, "low2", 0);
        admit(MODEL, "mid", 5);

        List<Job> batch = batcher(4, LONG).nextBatch(Duration.ofSeconds(1));

        assertThat(batch).extracting(j -> text(j)).containsExactly("high", "mid", "low", "low2");
    }

    @Test
    void nextBatch_expiredJob_isFinishedExpiredAndLeftOut() throws Exception {
        Job expired = withDeadline(MODEL, "late", clock.instant(), clock.instant().plusMillis(10));
        queue.admit(expired, 10);
        admit(MODEL, "fine", 0);
        clock.advance(Duration.ofMillis(10));

        List<Job> batch = batcher(2, Duration.ZERO).nextBatch(Duration.ofSeconds(1));

        assertThat(batch).extracting(j -> text(j)).containsExactly("fine");
        assertThat(queue.find(expired.id())).hasValueSatisfying(j -> assertThat(j.status()).isEqualTo(JobStatus.EXPIRED));
        assertThat(metrics.events()).containsExactly("jobSkipped sim deadline_expired");
        assertThat(queue.stats(MODEL)).isEqualTo(new QueueStats(0, 1));
    }

    @Test
    void nextBatch_onlyExpiredJobs_returnsEmpty() throws Exception {
        Job expired = withDeadline(MODEL, "late", clock.instant(), clock.instant());
        queue.admit(expired, 10);

        assertThat(batcher(2, LONG).nextBatch(Duration.ofSeconds(1))).isEmpty();
        assertThat(queue.stats(MODEL)).isEqualTo(QueueStats.EMPTY);
    }

    @Test
    void nextBatch_neverMixesModels() throws Exception {
        admit("other", "x", 9);
        admit(MODEL, "mine", 0);
        admit("other", "y", 9);

        List<Job> batch = batcher(10, Duration.ZERO).nextBatch(Duration.ofSeconds(1));

        assertThat(batch).extracting(Job::model).containsOnly(MODEL);
        assertThat(batch).hasSize(1);
        assertThat(queue.stats("other").queued()).isEqualTo(2);
    }

    @Test
    void nextBatch_interruptedWhileFilling_returnsClaimedJobsWithFlagSet() throws Exception {
        admit(MODEL, "first", 0);
        CompletableFuture<List<Job>> result = new CompletableFuture<>();
        Thread dispatcher = Thread.ofPlatform().start(() -> {
            try {
                List<Job> batch = batcher(10, LONG).nextBatch(Duration.ofSeconds(5));
                result.complete(Thread.currentThread().isInterrupted() ? batch : List.of());
            } catch (Throwable t) {
                result.completeExceptionally(t);
            }
        });
        await().until(() -> queue.stats(MODEL).queued() == 0 && dispatcher.getState() == Thread.State.TIMED_WAITING);

        dispatcher.interrupt();

        assertThat(result.get(10, TimeUnit.SECONDS)).extracting(j -> text(j)).containsExactly("first");
    }
}
