package dev.inferyx.queue;

import static dev.inferyx.testing.Jobs.job;
import static org.assertj.core.api.Assertions.assertThat;

import dev.inferyx.core.Job;
import dev.inferyx.core.JobError;
import dev.inferyx.core.JobId;
import dev.inferyx.core.JobStatus;
import dev.inferyx.core.Output;
import java.time.Duration;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The batch-finish part of the {@link JobQueue} contract: {@link JobQueue#finishAll} finishes each job exactly as
 * {@link JobQueue#finish} would, one outcome per entry in order, and one job's refusal never stops the others.
 * Every backend runs it through {@link JobQueueContract}.
 */
interface FinishAllContract extends QueueFixture {

    private List<Job> claimed(int n) throws InterruptedException {
        for (int i = 0; i < n; i++) {
            admitted("j" + i, 0);
        }
        List<Job> jobs = queue().claim(MODEL, n, NO_WAIT);
        assertThat(jobs).hasSize(n);
        return jobs;
    }

    private static FinishResult result(FinishOutcome outcome) {
        assertThat(outcome).isInstanceOf(FinishResult.class);
        return (FinishResult) outcome;
    }

    @Test
    default void finishAll_mixedCompletions_finishesEachInOrderAsFinishWould() throws Exception {
        List<Job> running = claimed(3);
        Job queued = admitted("q", 0);
        clock().advance(Duration.ofSeconds(1));
        JobError invalid = new JobError("invalid_input", "bad");

        List<FinishOutcome> outcomes = queue().finishAll(List.of(
                new Finish(running.get(0).id(), new Completion.Done(new Output.Text("A"))),
                new Finish(running.get(1).id(), new Completion.Failed(invalid, true)),
                new Finish(running.get(2).id(), new Completion.Expired()),
                new Finish(queued.id(), new Completion.Failed(new JobError("shutdown", "bye"), false))));

        assertThat(outcomes).extracting(FinishOutcome::id)
                .containsExactly(running.get(0).id(), running.get(1).id(), running.get(2).id(), queued.id());
        assertThat(outcomes).allSatisfy(o -> assertThat(result(o).transitioned()).isTrue());
        assertThat(outcomes).extracting(o -> result(o).job().status())
                .containsExactly(JobStatus.DONE, JobStatus.FAILED, JobStatus.EXPIRED, JobStatus.FAILED);
        Job done = result(outcomes.get(0)).job();
        assertThat(done.output()).contains(new Output.Text("A"));
        assertThat(done.attempts()).isEqualTo(1);
        assertThat(done.finishedAt()).contains(clock().instant());
        assertThat(result(outcomes.get(1)).job().error()).contains(invalid);
        assertThat(result(outcomes.get(3)).job().attempts()).as("a queued job never ran").isZero();
        for (FinishOutcome o : outcomes) {
            assertThat(queue().find(o.id())).contains(result(o).job());
        }
        assertThat(queue().stats(MODEL)).isEqualTo(QueueStats.EMPTY);
        assertThat(queue().claim(MODEL, 10, NO_WAIT)).isEmpty();
    }

    @Test
    default void finishAll_jobAlreadyTerminal_isLeftAsItWasAndTheRestFinish() throws Exception {
        List<Job> running = claimed(2);
        // Another party (a shutdown, or a worker that reclaimed the job) finished it first.
        Job first = queue().finishDone(running.get(0).id(), new Output.Text("theirs"));
        clock().advance(Duration.ofSeconds(1));

        List<FinishOutcome> outcomes = queue().finishAll(List.of(
                new Finish(running.get(0).id(), new Completion.Done(new Output.Text("mine"))),
                new Finish(running.get(1).id(), new Completion.Done(new Output.Text("B")))));

        assertThat(result(outcomes.get(0)).transitioned()).isFalse();
        assertThat(result(outcomes.get(0)).job()).isEqualTo(first);
        assertThat(queue().find(running.get(0).id())).contains(first);
        assertThat(result(outcomes.get(1)).transitioned()).isTrue();
        assertThat(queue().stats(MODEL).unfinished()).isZero();
    }

    @Test
    default void finishAll_unknownIdAndIllegalMove_areRefusedWithoutStoppingTheOthers() throws Exception {
        List<Job> running = claimed(1);
        Job queued = admitted("q", 0);
        JobId unknown = JobId.random();

        List<FinishOutcome> outcomes = queue().finishAll(List.of(
                new Finish(unknown, new Completion.Expired()),
                new Finish(queued.id(), new Completion.Done(new Output.Text("never ran"))),
                new Finish(running.getFirst().id(), new Completion.Done(new Output.Text("A")))));

        assertThat(outcomes.get(0)).isInstanceOfSatisfying(FinishOutcome.Refused.class, r -> {
            assertThat(r.id()).isEqualTo(unknown);
            assertThat(r.error()).isInstanceOf(NoSuchElementException.class);
        });
        assertThat(outcomes.get(1)).isInstanceOfSatisfying(FinishOutcome.Refused.class,
                r -> assertThat(r.error()).isInstanceOf(IllegalStateException.class));
        assertThat(result(outcomes.get(2)).job().status()).isEqualTo(JobStatus.DONE);
        assertThat(queue().find(queued.id())).as("a refused job is untouched: still queued, still holding its slot")
                .hasValueSatisfying(j -> assertThat(j.status()).isEqualTo(JobStatus.QUEUED));
        assertThat(queue().stats(MODEL)).isEqualTo(new QueueStats(1, 1));
        assertThat(claimOne().id()).isEqualTo(queued.id());
    }

    @Test
    default void finishAll_sameIdTwice_finishesItOnce() throws Exception {
        Job running = claimed(1).getFirst();

        List<FinishOutcome> outcomes = queue().finishAll(List.of(
                new Finish(running.id(), new Completion.Done(new Output.Text("A"))),
                new Finish(running.id(), new Completion.Failed(FLAKE, true))));

        assertThat(result(outcomes.get(0)).transitioned()).isTrue();
        assertThat(result(outcomes.get(1)).transitioned()).isFalse();
        assertThat(result(outcomes.get(1)).job()).isEqualTo(result(outcomes.get(0)).job());
        assertThat(queue().stats(MODEL).unfinished()).isZero();
    }

    @Test
    default void finishAll_releasesEverySlotAndWakesEveryWaiter() throws Exception {
        for (int i = 0; i < 3; i++) {
            queue().admit(job(MODEL, "j" + i, 0, clock().instant()), 3);
        }
        List<Job> running = queue().claim(MODEL, 3, NO_WAIT);
        List<CompletableFuture<Job>> waiting = running.stream().map(j -> queue().store().whenFinished(j.id()))
                .toList();

        queue().finishAll(running.stream()
                .map(j -> new Finish(j.id(), new Completion.Done(new Output.Text("x")))).toList());

        for (CompletableFuture<Job> w : waiting) {
            assertThat(w.get(10, TimeUnit.SECONDS).status()).isEqualTo(JobStatus.DONE);
        }
        for (int i = 0; i < 3; i++) {
            queue().admit(job(MODEL, "again" + i, 0, clock().instant()), 3);
        }
        assertThat(queue().stats(MODEL)).isEqualTo(new QueueStats(3, 3));
    }

    @Test
    default void finishAll_deadLettersOnlyTheDeadLetteredOnes() throws Exception {
        List<Job> running = claimed(2);

        queue().finishAll(List.of(
                new Finish(running.get(0).id(), new Completion.DeadLettered(FLAKE)),
                new Finish(running.get(1).id(), new Completion.Failed(FLAKE, true))));

        assertThat(queue().deadLetters().ids(Optional.empty())).containsExactly(running.get(0).id());
        assertThat(queue().deadLetters().find(running.get(0).id()))
                .hasValueSatisfying(j -> assertThat(j.error()).contains(FLAKE));
    }

    @Test
    default void finishAll_retryingJobAndHeldFollower_endAsTheirSingleFinishesWould() throws Exception {
        Job leader = claimed(1).getFirst();
        Job follower = job(MODEL, "j0", 0, clock().instant());
        queue().hold(follower);
        Job retried = admitted("r", 0);
        claimOne();
        queue().retry(retried.id(), FLAKE, clock().instant().plusSeconds(1));
        Job leaderDone = queue().finishDone(leader.id(), new Output.Text("J0"));

        List<FinishOutcome> outcomes = queue().finishAll(List.of(
                new Finish(follower.id(), new Completion.Shared(leaderDone)),
                new Finish(retried.id(), new Completion.Failed(new JobError("shutdown", "bye"), false))));

        assertThat(result(outcomes.get(0)).job().output()).contains(new Output.Text("J0"));
        assertThat(result(outcomes.get(1)).job().status()).isEqualTo(JobStatus.FAILED);
        clock().advance(Duration.ofSeconds(2));
        assertThat(queue().claim(MODEL, 10, NO_WAIT)).as("a finished retry never comes back").isEmpty();
        assertThat(queue().stats(MODEL)).isEqualTo(QueueStats.EMPTY);
    }

    @Test
    default void finishAll_emptyBatch_returnsNoOutcomes() {
        assertThat(queue().finishAll(List.of())).isEmpty();
    }
}
