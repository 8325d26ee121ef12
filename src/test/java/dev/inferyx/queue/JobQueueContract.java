package dev.inferyx.queue;

import static dev.inferyx.testing.Jobs.job;
import static dev.inferyx.testing.Jobs.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.inferyx.core.Job;
import dev.inferyx.core.JobError;
import dev.inferyx.core.JobId;
import dev.inferyx.core.JobStatus;
import dev.inferyx.core.Output;
import dev.inferyx.core.QueueFullException;
import dev.inferyx.testing.FakeClock;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every behaviour a {@link JobQueue} backend must have. A backend's test class extends this and supplies
 * {@link #newQueue}; nothing here may depend on one backend's internals. The behaviours are split by concern:
 * admission, claiming, finishing, retention and stats here; batch finishing ({@link FinishAllContract}),
 * retries ({@link RetryContract}), dead letters ({@link DeadLetterContract}), waiting for results
 * ({@link WhenFinishedContract}) and cache hits and coalesced followers ({@link RecordAndHoldContract}) in the
 * interfaces this class implements, so every backend runs all of them.
 */
public abstract class JobQueueContract implements QueueFixture, FinishAllContract, RetryContract,
        DeadLetterContract, WhenFinishedContract, RecordAndHoldContract {

    protected final FakeClock clock = new FakeClock();
    protected JobQueue queue;
    private final ExecutorService executor = Executors.newCachedThreadPool();

    /** A fresh, empty backend that reads time from {@code clock}. */
    protected abstract JobQueue newQueue(InstantSource clock, RetentionPolicy retention);

    @BeforeEach
    void setUpQueue() {
        queue = newQueue(clock, new RetentionPolicy(TTL, 1_000));
    }

    @AfterEach
    void tearDownQueue() throws Exception {
        executor.shutdownNow();
        queue.close();
    }

    @Override
    public final JobQueue queue() {
        return queue;
    }

    @Override
    public final FakeClock clock() {
        return clock;
    }

    @Override
    public final JobQueue freshQueue(InstantSource clock, RetentionPolicy retention) {
        return newQueue(clock, retention);
    }

    // --- admission

    @Test
    void admit_underBound_storesQueuedJob() {
        Job job = admitted("a", 0);

        assertThat(queue.find(job.id())).hasValueSatisfying(j -> assertThat(j.status()).isEqualTo(JobStatus.QUEUED));
        assertThat(queue.stats(MODEL)).isEqualTo(new QueueStats(1, 1));
    }

    @Test
    void admit_atBound_throwsQueueFullAndStoresNothing() {
        queue.admit(job(MODEL, "a", 0, clock.instant()), 2);
        queue.admit(job(MODEL, "b", 0, clock.instant()), 2);
        Job rejected = job(MODEL, "c", 0, clock.instant());

        assertThatThrownBy(() -> queue.admit(rejected, 2))
                .isInstanceOfSatisfying(QueueFullException.class, e -> {
                    assertThat(e.bound()).isEqualTo(2);
                    assertThat(e.unfinished()).isEqualTo(2);
                    assertThat(e.model()).isEqualTo(MODEL);
                })
                .hasMessageContaining("2/2");
        assertThat(queue.find(rejected.id())).isEmpty();
        assertThat(queue.stats(MODEL)).isEqualTo(new QueueStats(2, 2));
    }

    @Test
    void admit_boundCountsClaimedJobsUntilTheyFinish() throws Exception {
        queue.admit(job(MODEL, "a", 0, clock.instant()), 1);
        Job claimed = claimOne();

        assertThat(queue.stats(MODEL)).isEqualTo(new QueueStats(0, 1));
        assertThatThrownBy(() -> queue.admit(job(MODEL, "b", 0, clock.instant()), 1))
                .isInstanceOf(QueueFullException.class);

        queue.finishDone(claimed.id(), new Output.Text("A"));
        queue.admit(job(MODEL, "b", 0, clock.instant()), 1);
        assertThat(queue.stats(MODEL)).isEqualTo(new QueueStats(1, 1));
    }

    @Test
    void admit_boundIsPerModel() {
        queue.admit(job(MODEL, "a", 0, clock.instant()), 1);

        queue.admit(job("other", "b", 0, clock.instant()), 1);

        assertThat(queue.stats("other")).isEqualTo(new QueueStats(1, 1));
    }

    @Test
    void admit_sameIdTwice_isRejectedAndKeepsTheFirst() {
        Job job = admitted("a", 0);

        assertThatThrownBy(() -> queue.admit(job, 100)).isInstanceOf(IllegalArgumentException.class);

        assertThat(queue.stats(MODEL)).isEqualTo(new QueueStats(1, 1));
    }

    // --- claiming

    @Test
    void claim_returnsHighestPriorityFirst() throws Exception {
        admitted("low", 0);
        admitted("high", 5);
        admitted("mid", 2);

        List<Job> claimed = queue.claim(MODEL, 10, NO_WAIT);

        assertThat(claimed).extracting(j -> text(j)).containsExactly("high", "mid", "low");
    }

    @Test
    void claim_samePriority_returnsInAdmissionOrder() throws Exception {
        for (int i = 0; i < 20; i++) {
            admitted("j" + i, 1);
        }

        List<Job> first = queue.claim(MODEL, 5, NO_WAIT);
        List<Job> rest = queue.claim(MODEL, 100, NO_WAIT);

        assertThat(first).extracting(j -> text(j)).containsExactly("j0", "j1", "j2", "j3", "j4");
        assertThat(rest).extracting(j -> text(j)).startsWith("j5", "j6").endsWith("j19").hasSize(15);
    }

    @Test
    void claim_returnsAtMostMaxAndMarksThemProcessing() throws Exception {
        for (int i = 0; i < 5; i++) {
            admitted("j" + i, 0);
        }

        List<Job> claimed = queue.claim(MODEL, 3, NO_WAIT);

        assertThat(claimed).hasSize(3).allSatisfy(j -> assertThat(j.status()).isEqualTo(JobStatus.PROCESSING));
        assertThat(queue.find(claimed.getFirst().id()))
                .hasValueSatisfying(j -> assertThat(j.status()).isEqualTo(JobStatus.PROCESSING));
        assertThat(queue.stats(MODEL)).isEqualTo(new QueueStats(2, 5));
    }

    @Test
    void claim_emptyQueue_returnsEmptyAfterMaxWait() throws Exception {
        assertThat(queue.claim(MODEL, 10, Duration.ofMillis(20))).isEmpty();
    }

    @Test
    void claim_jobAdmittedWhileWaiting_returnsItWithoutWaitingForMax() throws Exception {
        Future<List<Job>> waiting = executor.submit(() -> queue.claim(MODEL, 10, Duration.ofMinutes(5)));

        Job job = admitted("late", 0);

        // Far shorter than the claim's maxWait: only passes if the claim wakes up for the one job.
        assertThat(waiting.get(10, TimeUnit.SECONDS)).extracting(Job::id).containsExactly(job.id());
    }

    @Test
    void claim_onlyReturnsJobsOfItsModel() throws Exception {
        queue.admit(job("other", "x", 9, clock.instant()), 10);
        Job mine = admitted("mine", 0);

        assertThat(queue.claim(MODEL, 10, NO_WAIT)).extracting(Job::id).containsExactly(mine.id());
        assertThat(queue.stats("other").queued()).isEqualTo(1);
    }

    @Test
    void claim_interrupted_throwsInterruptedException() throws Exception {
        CompletableFuture<Throwable> outcome = new CompletableFuture<>();
        Thread claimer = Thread.ofPlatform().start(() -> {
            try {
                queue.claim(MODEL, 1, Duration.ofMinutes(5));
                outcome.complete(null);
            } catch (Throwable t) {
                outcome.complete(t);
            }
        });
        await().atMost(Duration.ofSeconds(10)).until(() -> claimer.getState() == Thread.State.TIMED_WAITING);

        claimer.interrupt();

        assertThat(outcome.get(10, TimeUnit.SECONDS)).isInstanceOf(InterruptedException.class);
    }

    // --- finishing

    @Test
    void finishDone_recordsOutputAndReleasesSlot() throws Exception {
        admitted("a", 0);
        Job claimed = claimOne();
        clock.advance(Duration.ofSeconds(1));

        Job done = queue.finishDone(claimed.id(), new Output.Text("A"));

        assertThat(done.status()).isEqualTo(JobStatus.DONE);
        assertThat(done.output()).contains(new Output.Text("A"));
        assertThat(done.finishedAt()).contains(clock.instant());
        assertThat(done.attempts()).isEqualTo(1);
        assertThat(queue.find(claimed.id())).contains(done);
        assertThat(queue.stats(MODEL)).isEqualTo(new QueueStats(0, 0));
    }

    @Test
    void finish_alreadyTerminal_isNoOpReturningExistingRecord() throws Exception {
        admitted("a", 0);
        Job claimed = claimOne();
        Job done = queue.finishDone(claimed.id(), new Output.Text("A"));
        clock.advance(Duration.ofSeconds(1));

        FinishResult again = queue.finish(claimed.id(), new Completion.Failed(new JobError("shutdown", "x"), false));

        assertThat(again.transitioned()).isFalse();
        assertThat(again.job()).isEqualTo(done);
        assertThat(queue.finishExpired(claimed.id())).isEqualTo(done);
        assertThat(queue.find(claimed.id())).contains(done);
        assertThat(queue.stats(MODEL).unfinished()).isZero();
    }

    @Test
    void finish_firstCall_reportsTransition() throws Exception {
        admitted("a", 0);
        Job claimed = claimOne();

        FinishResult result = queue.finish(claimed.id(), new Completion.Done(new Output.Text("A")));

        assertThat(result.transitioned()).isTrue();
        assertThat(result.job().status()).isEqualTo(JobStatus.DONE);
    }

    @Test
    void finish_unknownId_throwsNoSuchElement() {
        assertThatThrownBy(() -> queue.finishDone(JobId.random(), new Output.Text("x")))
                .isInstanceOf(NoSuchElementException.class);
    }

    @Test
    void finishFailed_queuedJob_removesItFromQueue() throws Exception {
        Job job = admitted("a", 0);

        Job failed = queue.finishFailed(job.id(), new JobError("shutdown", "server shut down"), false);

        assertThat(failed.status()).isEqualTo(JobStatus.FAILED);
        assertThat(failed.attempts()).isZero();
        assertThat(queue.stats(MODEL)).isEqualTo(new QueueStats(0, 0));
        assertThat(queue.claim(MODEL, 10, NO_WAIT)).isEmpty();
    }

    @Test
    void finishExpired_queuedJob_expiresItAndRemovesItFromQueue() throws Exception {
        Job job = admitted("a", 0);
        Job other = admitted("b", 0);

        assertThat(queue.finishExpired(job.id()).status()).isEqualTo(JobStatus.EXPIRED);

        assertThat(queue.claim(MODEL, 10, NO_WAIT)).extracting(Job::id).containsExactly(other.id());
    }

    @Test
    void finishDone_queuedJob_isIllegalMoveAndChangesNothing() {
        Job job = admitted("a", 0);

        assertThatThrownBy(() -> queue.finishDone(job.id(), new Output.Text("A")))
                .isInstanceOf(IllegalStateException.class);

        assertThat(queue.find(job.id())).hasValueSatisfying(j -> assertThat(j.status()).isEqualTo(JobStatus.QUEUED));
        assertThat(queue.stats(MODEL)).isEqualTo(new QueueStats(1, 1));
    }

    // --- retention

    @Test
    void retention_finishedJobDroppedAfterTtl() throws Exception {
        Job job = admitted("a", 0);
        queue.finishExpired(job.id());

        clock.advance(TTL.minusSeconds(1));
        assertThat(queue.find(job.id())).isPresent();

        clock.advance(Duration.ofSeconds(1));
        assertThat(queue.find(job.id())).isEmpty();
        assertThat(queue.store().size()).isZero();
    }

    @Test
    void retention_unfinishedJobsNeverDropped() throws Exception {
        admitted("a", 0);
        Job running = claimOne();
        Job queued = admitted("b", 0);
        Job finished = admitted("c", 0);
        queue.finishExpired(finished.id());

        clock.advance(TTL.multipliedBy(100));

        assertThat(queue.find(running.id())).isPresent();
        assertThat(queue.find(queued.id())).isPresent();
        assertThat(queue.find(finished.id())).isEmpty();
        assertThat(queue.store().size()).isEqualTo(2);
    }

    @Test
    void retention_overMaxFinishedJobs_dropsOldestFinishedFirst() throws Exception {
        queue = newQueue(clock, new RetentionPolicy(TTL, 2));
        Job unfinished = admitted("keep", 0);
        Job first = admitted("first", 0);
        Job second = admitted("second", 0);
        Job third = admitted("third", 0);

        queue.finishExpired(first.id());
        clock.advance(Duration.ofSeconds(1));
        queue.finishExpired(second.id());
        clock.advance(Duration.ofSeconds(1));
        queue.finishExpired(third.id());

        assertThat(queue.find(first.id())).isEmpty();
        assertThat(queue.find(second.id())).isPresent();
        assertThat(queue.find(third.id())).isPresent();
        assertThat(queue.find(unfinished.id())).isPresent();
        assertThat(queue.store().size()).isEqualTo(3);
    }

    @Test
    void finish_afterRecordDroppedByRetention_throwsNoSuchElement() {
        Job job = admitted("a", 0);
        queue.finishExpired(job.id());
        clock.advance(TTL);

        assertThatThrownBy(() -> queue.finishExpired(job.id())).isInstanceOf(NoSuchElementException.class);
    }

    // --- stats

    @Test
    void stats_unknownModel_isEmpty() {
        assertThat(queue.stats("never-seen")).isEqualTo(QueueStats.EMPTY);
    }

    @Test
    void stats_countsQueuedAndUnfinishedSeparately() throws Exception {
        for (int i = 0; i < 4; i++) {
            admitted("j" + i, 0);
        }
        List<Job> claimed = queue.claim(MODEL, 3, NO_WAIT);
        queue.finishDone(claimed.getFirst().id(), new Output.Text("x"));

        assertThat(queue.stats(MODEL)).isEqualTo(new QueueStats(1, 3));
    }
}
