package dev.inferyx.queue;

import dev.inferyx.core.JobId;
import java.util.Objects;

/**
 * One job's part of {@link JobQueue#finishAll}: which job, and how it ends. Immutable.
 *
 * @param id         the job to finish
 * @param completion how it ends
 */
public record Finish(JobId id, Completion completion) {
    public Finish {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(completion, "completion");
    }
}
