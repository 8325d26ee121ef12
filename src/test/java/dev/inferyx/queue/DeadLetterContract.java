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
 * The dead-letter part of the {@link JobQueue} contract: listing, paging, replay, purge, bounds and expiry. Every
 * backend runs it through {@link JobQueueContract}.
 */
interface DeadLetterContract extends QueueFixture {

    private Job deadLettered(String text) throws InterruptedException {
        admitted(text, 0);
        Job running = claimOne();
        return queue().finish(running.id(), new Completion.DeadLettered(FLAKE)).job();
    }

    @Test
    default void deadLettered_isFailedWithTheLastError_andListed() throws Exception {
        Job failed = deadLettered("a");

        assertThat(failed.status()).isEqualTo(JobStatus.FAILED);
        assertThat(failed.error()).contains(FLAKE);
        assertThat(queue().deadLetters().find(failed.id())).contains(failed);
        assertThat(queue().deadLetters().count(MODEL)).isEqualTo(1);
        assertThat(queue().stats(MODEL)).isEqualTo(QueueStats.EMPTY);
    }

    @Test
    default void ordinaryFailure_isNotDeadLettered() throws Exception {
        admitted("a", 0);
        Job running = claimOne();
        queue().finishFailed(running.id(), FLAKE, true);

        assertThat(queue().deadLetters().find(running.id())).isEmpty();
    }

    @Test
    default void deadLetters_list_paginatesOldestFirst_andFiltersByModel() throws Exception {
        Job a = deadLettered("a");
        Job other = job("echo", "x", 0, clock().instant());
        queue().admit(other, 10);
        queue().claim("echo", 1, NO_WAIT);
        queue().finish(other.id(), new Completion.DeadLettered(FLAKE));
        Job b = deadLettered("b");
        Job c = deadLettered("c");

        DeadLetterPage first = queue().deadLetters().list(java.util.Optional.of(MODEL), 2, java.util.Optional.empty());
        DeadLetterPage second = queue().deadLetters().list(java.util.Optional.of(MODEL), 2, first.next());

        assertThat(first.jobs()).extracting(Job::id).containsExactly(a.id(), b.id());
        assertThat(second.jobs()).extracting(Job::id).containsExactly(c.id());
        assertThat(second.next()).isEmpty();
        assertThat(queue().deadLetters().list(java.util.Optional.empty(), 10, java.util.Optional.empty()).jobs())
                .hasSize(4);
        assertThatThrownBy(() -> queue().deadLetters().list(java.util.Optional.empty(), 1,
                java.util.Optional.of("x!"))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    default void replay_queuesTheJobAgainWithFreshAttempts_andItCanSucceed() throws Exception {
        Job failed = deadLettered("a");

        Job replayed = queue().deadLetters().replay(failed.id());

        assertThat(replayed.status()).isEqualTo(JobStatus.QUEUED);
        assertThat(replayed.attempts()).isZero();
        assertThat(queue().deadLetters().find(failed.id())).isEmpty();
        assertThat(queue().stats(MODEL)).isEqualTo(new QueueStats(1, 1));
        Job again = claimOne();
        assertThat(queue().finishDone(again.id(), new Output.Text("ok")).status()).isEqualTo(JobStatus.DONE);
        assertThatThrownBy(() -> queue().deadLetters().replay(failed.id())).isInstanceOf(NoSuchElementException.class);
    }

    @Test
    default void replayAll_andPurge_actOnOneModelOrAll() throws Exception {
        deadLettered("a");
        deadLettered("b");
        Job other = job("echo", "x", 0, clock().instant());
        queue().admit(other, 10);
        queue().claim("echo", 1, NO_WAIT);
        queue().finish(other.id(), new Completion.DeadLettered(FLAKE));

        assertThat(queue().deadLetters().replayAll(java.util.Optional.of(MODEL))).isEqualTo(2);
        assertThat(queue().stats(MODEL).queued()).isEqualTo(2);
        assertThat(queue().deadLetters().purge(java.util.Optional.empty())).isEqualTo(1);
        assertThat(queue().deadLetters().count("echo")).isZero();
        assertThat(queue().find(other.id()).orElseThrow().status()).as("purge keeps the record").isEqualTo(JobStatus.FAILED);
    }

    @Test
    default void deadLetters_overTheMaximum_dropTheOldestFirst() throws Exception {
        JobQueue bounded = freshQueue(clock(), new RetentionPolicy(TTL, 1_000, 2));
        try {
            List<JobId> ids = new java.util.ArrayList<>();
            for (int i = 0; i < 3; i++) {
                Job j = job(MODEL, "j" + i, 0, clock().instant());
                bounded.admit(j, 10);
                bounded.claim(MODEL, 1, NO_WAIT);
                bounded.finish(j.id(), new Completion.DeadLettered(FLAKE));
                ids.add(j.id());
            }

            assertThat(bounded.deadLetters().list(java.util.Optional.empty(), 10, java.util.Optional.empty()).jobs())
                    .extracting(Job::id).containsExactly(ids.get(1), ids.get(2));
            assertThat(bounded.deadLetters().count(MODEL)).isEqualTo(2);
        } finally {
            bounded.close();
        }
    }

    @Test
    default void deadLetters_expireWithTheRetentionTtl() throws Exception {
        Job failed = deadLettered("a");

        clock().advance(TTL);

        assertThat(queue().deadLetters().find(failed.id())).isEmpty();
        assertThat(queue().deadLetters().count(MODEL)).isZero();
    }
}
