package dev.inferyx.queue;

import dev.inferyx.core.Job;
import dev.inferyx.core.JobId;
import java.util.Objects;

/**
 * The outcome of one {@link JobQueue#finish} call.
 *
 * @param job          the record now held (terminal)
 * @param transitioned true when this call moved the job to its terminal state; false when the job was already
 *                     terminal and the call was an idempotent no-op (a shutdown race, a redelivery)
 */
public record FinishResult(Job job, boolean transitioned) implements FinishOutcome {
    public FinishResult {
        Objects.requireNonNull(job, "job");
        if (!job.status().isTerminal()) {
            throw new IllegalArgumentException("a finished job must be terminal, was " + job.status());
        }
    }

    @Override
    public JobId id() {
        return job.id();
    }
}
