package dev.inferyx.queue;

import static dev.inferyx.testing.Jobs.job;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.inferyx.core.Job;
import dev.inferyx.core.JobError;
import dev.inferyx.core.JobId;
import dev.inferyx.core.JobStatus;
import dev.inferyx.core.Output;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Cache hits and coalesced followers, part of the {@link JobQueue} contract: {@code record} stores an already
 * finished job, {@code hold} a follower that is never claimed, and {@code Completion.Shared} ends a follower with
 * its leader's outcome. Every backend runs it through {@link JobQueueContract}.
 */
interface RecordAndHoldContract extends QueueFixture {

    @Test
    default void record_terminalJob_isReadableNeverClaimedAndTakesNoSlot() throws Exception {
        Job hit = Job.servedFromCache(JobId.random(), MODEL, new dev.inferyx.core.Input.Text("a"), "test", 0,
                clock().instant(), java.util.Optional.empty(), new Output.Text("A"));

        queue().record(hit);

        assertThat(queue().find(hit.id())).contains(hit);
        assertThat(queue().stats(MODEL)).isEqualTo(QueueStats.EMPTY);
        assertThat(queue().claim(MODEL, 10, NO_WAIT)).isEmpty();
        assertThat(queue().store().whenFinished(hit.id()).get(10, TimeUnit.SECONDS)).isEqualTo(hit);
    }

    @Test
    default void record_unfinishedJob_isRejected() {
        assertThatThrownBy(() -> queue().record(job(MODEL, "a", 0, clock().instant())))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("QUEUED");
    }

    @Test
    default void record_isDroppedByRetentionLikeAnyFinishedJob() {
        Job hit = Job.servedFromCache(JobId.random(), MODEL, new dev.inferyx.core.Input.Text("a"), "test", 0,
                clock().instant(), java.util.Optional.empty(), new Output.Text("A"));
        queue().record(hit);

        clock().advance(TTL);

        assertThat(queue().find(hit.id())).isEmpty();
    }

    @Test
    default void hold_storesQueuedFollowerThatIsNeverClaimedAndTakesNoSlot() throws Exception {
        Job follower = job(MODEL, "a", 0, clock().instant());

        queue().hold(follower);

        assertThat(queue().find(follower.id())).contains(follower);
        assertThat(queue().stats(MODEL)).isEqualTo(QueueStats.EMPTY);
        assertThat(queue().claim(MODEL, 10, NO_WAIT)).isEmpty();
    }

    @Test
    default void finishShared_heldFollower_takesTheLeadersOutcomeAndWakesWaiters() throws Exception {
        Job leader = admitted("a", 0);
        Job follower = job(MODEL, "a", 0, clock().instant());
        queue().hold(follower);
        CompletableFuture<Job> waiting = queue().store().whenFinished(follower.id());
        claimOne();
        Job leaderDone = queue().finishDone(leader.id(), new Output.Text("A"));

        FinishResult shared = queue().finish(follower.id(), new Completion.Shared(leaderDone));

        assertThat(shared.transitioned()).isTrue();
        assertThat(shared.job().status()).isEqualTo(JobStatus.DONE);
        assertThat(shared.job().output()).contains(new Output.Text("A"));
        assertThat(shared.job().id()).isEqualTo(follower.id());
        assertThat(waiting.get(10, TimeUnit.SECONDS)).isEqualTo(shared.job());
        assertThat(queue().stats(MODEL)).isEqualTo(QueueStats.EMPTY);
    }

    @Test
    default void finishShared_leaderFailed_followerFailsWithTheSameError() throws Exception {
        Job leader = admitted("a", 0);
        Job follower = job(MODEL, "a", 0, clock().instant());
        queue().hold(follower);
        claimOne();
        Job failed = queue().finishFailed(leader.id(), new JobError("model_error", "boom"), true);

        Job shared = queue().finish(follower.id(), new Completion.Shared(failed)).job();

        assertThat(shared.status()).isEqualTo(JobStatus.FAILED);
        assertThat(shared.error()).contains(new JobError("model_error", "boom"));
    }
}
