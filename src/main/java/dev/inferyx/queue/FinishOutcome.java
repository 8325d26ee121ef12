package dev.inferyx.queue;

import dev.inferyx.core.JobId;
import java.util.NoSuchElementException;
import java.util.Objects;

/**
 * What {@link JobQueue#finishAll} did with one job: a {@link FinishResult} (finished by this call, or already
 * terminal and left as it was), or {@link Refused} when {@link JobQueue#finish} would have thrown for it.
 */
public sealed interface FinishOutcome permits FinishResult, FinishOutcome.Refused {

    /** The job this outcome is about. */
    JobId id();

    /**
     * The job could not be finished and nothing was written for it.
     *
     * @param error {@link NoSuchElementException} for an unknown id, {@link IllegalStateException} when the state
     *              machine forbids the move (e.g. DONE from QUEUED): what {@link JobQueue#finish} would throw
     */
    record Refused(JobId id, RuntimeException error) implements FinishOutcome {
        public Refused {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(error, "error");
            if (!(error instanceof NoSuchElementException || error instanceof IllegalStateException)) {
                throw new IllegalArgumentException("a refusal is NoSuchElementException or IllegalStateException, was "
                        + error.getClass().getName());
            }
        }
    }
}
