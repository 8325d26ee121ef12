package dev.inferyx.queue;

import dev.inferyx.core.Job;
import dev.inferyx.core.JobError;
import dev.inferyx.core.JobId;
import dev.inferyx.core.Output;
import dev.inferyx.core.QueueFullException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;

/**
 * The per-model work queue, with admission bounded on all unfinished work.
 *
 * <p>A job is <em>unfinished</em> from {@link #admit} until one of the {@code finish*} methods records a terminal
 * state: queued, being batched and running all count against the bound. Each method is one atomic step, so
 * no job is ever half-admitted or half-finished (the in-memory backend uses locks, the Redis backend Lua).
 *
 * <p>Implementations are thread-safe. The store behind the queue is readable through {@link JobStore}.
 */
public interface JobQueue extends AutoCloseable {

    /**
     * Atomically checks the model's bound, stores the job (status QUEUED) and enqueues it.
     *
     * @param bound the most unfinished jobs the model may hold
     * @throws QueueFullException when {@code bound} unfinished jobs are already held; nothing is stored
     */
    void admit(Job job, int bound) throws QueueFullException;

    /**
     * Stores a job that is already terminal (a request answered from the result cache): readable and retained
     * like any finished job, never queued, and it takes no admission slot.
     *
     * @throws IllegalArgumentException when the job is not terminal or its id is already held
     */
    void record(Job finished);

    /**
     * Stores a QUEUED job that is never claimed and takes no admission slot: a coalesced follower, which waits for
     * an identical job's outcome and is then finished with {@link Completion.Shared}. Its bound is the caller's.
     *
     * @throws IllegalArgumentException when the job is not QUEUED or its id is already held
     */
    void hold(Job follower);

    /**
     * Claims up to {@code max} queued jobs of {@code model}, highest priority first, then oldest first,
     * marking them PROCESSING. Waits at most {@code maxWait} for the first one; returns as soon as at least
     * one is available (never waits to fill {@code max}). Returns an empty list when none arrived in time.
     */
    List<Job> claim(String model, int max, Duration maxWait) throws InterruptedException;

    /**
     * Moves a job to a terminal state, in one atomic step, and says whether this call did it. Releases the
     * job's admission slot and wakes anyone waiting for it. On an already-terminal job it is a no-op that returns
     * the existing record with {@code transitioned == false}, so racing finishers (a worker and a shutdown, a
     * redelivered message) are harmless and exactly one of them sees {@code true}.
     *
     * @throws java.util.NoSuchElementException for an unknown id
     * @throws IllegalStateException when the state machine forbids the move (e.g. DONE from QUEUED)
     */
    FinishResult finish(JobId id, Completion completion);

    /**
     * Finishes every job of a batch as {@link #finish} would, in order, and returns one outcome per entry in the
     * same order. Each job moves in its own atomic step with {@code finish}'s semantics: an already-terminal job is
     * an idempotent no-op ({@code transitioned == false}; a job finished meanwhile by a shutdown, or by another
     * worker that reclaimed it, is not overwritten), and a job {@code finish} would throw for is {@link
     * FinishOutcome.Refused} without stopping the others. The same id twice is finished once; the second entry
     * sees the first's record.
     *
     * <p>Backends make this cheaper than a loop over {@code finish} (the Redis backend runs the whole batch as one
     * script call: one round trip and one finish announcement per batch). The default loops over {@code finish}.
     *
     * @throws dev.inferyx.core.UnavailableException when the backend cannot be reached; any subset of the batch
     *                                               may then have been finished (each finish is idempotent)
     */
    default List<FinishOutcome> finishAll(List<Finish> finishes) {
        Objects.requireNonNull(finishes, "finishes");
        List<FinishOutcome> outcomes = new ArrayList<>(finishes.size());
        for (Finish f : finishes) {
            try {
                outcomes.add(finish(f.id(), f.completion()));
            } catch (NoSuchElementException | IllegalStateException e) {
                outcomes.add(new FinishOutcome.Refused(f.id(), e));
            }
        }
        return outcomes;
    }

    /** Records a result: DONE. */
    default Job finishDone(JobId id, Output output) {
        return finish(id, new Completion.Done(output)).job();
    }

    /** Records a failure: FAILED. {@code ran} says whether the model ran it (counted as an attempt). */
    default Job finishFailed(JobId id, JobError error, boolean ran) {
        return finish(id, new Completion.Failed(error, ran)).job();
    }

    /** Records that the job's deadline passed before it ran: EXPIRED. */
    default Job finishExpired(JobId id) {
        return finish(id, new Completion.Expired()).job();
    }

    /**
     * Moves a PROCESSING job to RETRYING in one atomic step: attempts + 1, {@code error} kept as its last error,
     * and {@code nextAttemptAt} set. It stays unfinished (keeps its admission slot). At {@code nextAttemptAt} — or
     * at its deadline, if that comes first, so it expires on time instead of waiting out its backoff — it is QUEUED
     * again and {@link #claim} sees it; an expired one is then finished EXPIRED by the batcher like any queued job.
     * Due retries are kept in time order (no scan of all retrying jobs).
     *
     * <p>On an already-terminal job (a shutdown won the race) it is a no-op that returns the terminal record.
     *
     * @return the record now held: non-terminal (RETRYING, or QUEUED when already due) iff this call moved it
     * @throws java.util.NoSuchElementException for an unknown id
     * @throws IllegalStateException when the job is not PROCESSING (and not terminal)
     */
    Job retry(JobId id, JobError error, java.time.Instant nextAttemptAt);

    /** Makes every RETRYING job of {@code model} due now (QUEUED); used by shutdown to fail them with the rest. */
    void requeueRetrying(String model);

    /** Jobs that failed for good after retryable failures; see {@link Completion.DeadLettered}. */
    DeadLetterQueue deadLetters();

    /** Queue depth and unfinished count for one model (zeros for a model never seen). */
    QueueStats stats(String model);

    /** The job store this queue writes to. */
    JobStore store();

    /** Looks a job up by id; a convenience for {@code store().find(id)}. */
    default Optional<Job> find(JobId id) {
        return store().find(id);
    }

    @Override
    default void close() {
    }
}
