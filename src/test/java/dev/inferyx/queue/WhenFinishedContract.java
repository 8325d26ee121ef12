package dev.inferyx.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.inferyx.core.Job;
import dev.inferyx.core.JobId;
import dev.inferyx.core.JobStatus;
import dev.inferyx.core.Output;
import java.util.NoSuchElementException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Waiting for a result, part of the {@link JobQueue} contract: {@code store().whenFinished} completes when the job
 * finishes, at once if it already has, and fails for an unknown id. Every backend runs it through
 * {@link JobQueueContract}.
 */
interface WhenFinishedContract extends QueueFixture {

    @Test
    default void whenFinished_completesWhenJobFinishes() throws Exception {
        admitted("a", 0);
        Job claimed = claimOne();
        CompletableFuture<Job> result = queue().store().whenFinished(claimed.id());
        assertThat(result).isNotDone();

        queue().finishDone(claimed.id(), new Output.Text("A"));

        assertThat(result.get(10, TimeUnit.SECONDS).output()).contains(new Output.Text("A"));
    }

    @Test
    default void whenFinished_alreadyFinished_completesAtOnce() throws Exception {
        Job job = admitted("a", 0);
        queue().finishExpired(job.id());

        assertThat(queue().store().whenFinished(job.id()))
                .isCompletedWithValueMatching(j -> j.status() == JobStatus.EXPIRED);
    }

    @Test
    default void whenFinished_unknownId_failsWithNoSuchElement() {
        assertThatThrownBy(() -> queue().store().whenFinished(JobId.random()).get(10, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(NoSuchElementException.class);
    }
}
