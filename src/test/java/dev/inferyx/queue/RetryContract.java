package dev.inferyx.queue;

import static dev.inferyx.testing.Jobs.job;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.inferyx.core.Job;
import dev.inferyx.core.JobError;
import dev.inferyx.core.JobId;
import dev.inferyx.core.JobStatus;
import dev.inferyx.core.Output;
import dev.inferyx.core.QueueFullException;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.NoSuchElementException;
import org.junit.jupiter.api.Test;

/**
 * The retry part of the {@link JobQueue} contract: RETRYING, due times, deadlines, requeueing. Every backend runs
 * it through {@link JobQueueContract}.
 */
interface RetryContract extends QueueFixture {

    @Test
    default void retry_movesRunningJobToRetrying_keepingItsSlotAndCountingTheAttempt() throws Exception {
        admitted("a", 0);
        Job running = claimOne();
        java.time.Instant at = clock().instant().plusSeconds(2);

        Job retrying = queue().retry(running.id(), FLAKE, at);

        assertThat(retrying.status()).isEqualTo(JobStatus.RETRYING);
        assertThat(retrying.attempts()).isEqualTo(1);
        assertThat(retrying.nextAttemptAt()).contains(at);
        assertThat(retrying.error()).contains(FLAKE);
        assertThat(queue().find(running.id())).contains(retrying);
        assertThat(queue().stats(MODEL)).isEqualTo(new QueueStats(0, 1));
        assertThatThrownBy(() -> queue().admit(job(MODEL, "b", 0, clock().instant()), 1))
                .isInstanceOf(QueueFullException.class);
    }

    @Test
    default void retry_notDueYet_isNotClaimable_thenDue_isQueuedAgain() throws Exception {
        admitted("a", 0);
        Job running = claimOne();
        queue().retry(running.id(), FLAKE, clock().instant().plusSeconds(2));

        assertThat(queue().claim(MODEL, 1, NO_WAIT)).isEmpty();
        clock().advance(Duration.ofSeconds(2));

        Job again = claimOne();
        assertThat(again.id()).isEqualTo(running.id());
        assertThat(again.attempts()).isEqualTo(1);
        assertThat(again.nextAttemptAt()).isEmpty();
    }

    @Test
    default void retry_dueRetriesComeBackInDueOrder() throws Exception {
        admitted("a", 0);
        admitted("b", 0);
        List<Job> running = queue().claim(MODEL, 2, NO_WAIT);
        queue().retry(running.get(0).id(), FLAKE, clock().instant().plusSeconds(5));
        queue().retry(running.get(1).id(), FLAKE, clock().instant().plusSeconds(3));

        clock().advance(Duration.ofSeconds(4));
        assertThat(queue().claim(MODEL, 2, NO_WAIT)).extracting(Job::id).containsExactly(running.get(1).id());
        clock().advance(Duration.ofSeconds(1));
        assertThat(queue().claim(MODEL, 2, NO_WAIT)).extracting(Job::id).containsExactly(running.get(0).id());
    }

    @Test
    default void retry_dueInRealTime_wakesAWaitingClaimer() throws Exception {
        JobQueue real = freshQueue(InstantSource.system(), new RetentionPolicy(TTL, 1_000));
        try {
            Job job = job(MODEL, "a", 0, InstantSource.system().instant());
            real.admit(job, 10);
            real.claim(MODEL, 1, NO_WAIT);
            real.retry(job.id(), FLAKE, InstantSource.system().instant().plusMillis(50));

            List<Job> claimed = real.claim(MODEL, 1, Duration.ofSeconds(10));

            assertThat(claimed).extracting(Job::id).containsExactly(job.id());
        } finally {
            real.close();
        }
    }

    @Test
    default void retry_deadlineBeforeNextAttempt_isDueAtItsDeadline() throws Exception {
        Job job = dev.inferyx.testing.Jobs.withDeadline(MODEL, "a", clock().instant(), clock().instant().plusSeconds(3));
        queue().admit(job, 10);
        claimOne();
        queue().retry(job.id(), FLAKE, clock().instant().plusSeconds(30));

        clock().advance(Duration.ofSeconds(3));
        Job due = claimOne();

        assertThat(due.isExpiredAt(clock().instant())).as("handed back to be expired, not run").isTrue();
        assertThat(queue().finishExpired(due.id()).status()).isEqualTo(JobStatus.EXPIRED);
        assertThat(queue().stats(MODEL)).isEqualTo(QueueStats.EMPTY);
    }

    @Test
    default void retry_onFinishedJob_isANoOp() throws Exception {
        admitted("a", 0);
        Job running = claimOne();
        queue().finishFailed(running.id(), FLAKE, true);

        Job after = queue().retry(running.id(), FLAKE, clock().instant());

        assertThat(after.status()).isEqualTo(JobStatus.FAILED);
    }

    @Test
    default void finish_retryingJob_endsItAndItNeverComesBack() throws Exception {
        admitted("a", 0);
        Job running = claimOne();
        queue().retry(running.id(), FLAKE, clock().instant().plusSeconds(1));

        queue().finishFailed(running.id(), new JobError("shutdown", "bye"), false);
        clock().advance(Duration.ofSeconds(2));

        assertThat(queue().claim(MODEL, 1, NO_WAIT)).isEmpty();
        assertThat(queue().stats(MODEL)).isEqualTo(QueueStats.EMPTY);
    }

    @Test
    default void requeueRetrying_makesEveryRetryDueNow() throws Exception {
        admitted("a", 0);
        Job running = claimOne();
        queue().retry(running.id(), FLAKE, clock().instant().plusSeconds(60));

        queue().requeueRetrying(MODEL);

        assertThat(claimOne().id()).isEqualTo(running.id());
    }
}
