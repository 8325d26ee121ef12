package dev.inferyx.queue;

import dev.inferyx.core.Job;
import dev.inferyx.core.JobId;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Job records by id, kept for a retention period after they finish (then they are gone: a 404 to clients).
 * Thread-safe. Writes happen through {@link JobQueue}, which keeps records and queue consistent.
 */
public interface JobStore {

    /** The current record, if the job exists and has not been dropped by retention. */
    Optional<Job> find(JobId id);

    /**
     * Completes with the job's terminal record as soon as it finishes (at once if it already has). The caller
     * owns the returned future: it must cancel it if it stops waiting, so waiters are not leaked.
     * Completes exceptionally with {@link java.util.NoSuchElementException} for an unknown id.
     */
    CompletableFuture<Job> whenFinished(JobId id);

    /** Number of records currently held (finished ones included), for metrics and bounds. */
    int size();
}
