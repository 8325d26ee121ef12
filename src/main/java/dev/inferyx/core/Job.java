package dev.inferyx.core;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One accepted inference request and everything known about it. Immutable: each step of the lifecycle
 * produces a new value through the {@code with*} methods, which enforce the {@link JobStatus} state machine.
 *
 * @param owner     who submitted it (an API key's name, or {@code "anonymous"} on an open server); only
 *                  the same owner may read it
 * @param priority  higher runs first; 0 is normal
 * @param deadline  when the job stops being worth running (covers queue time and run time); empty = none
 * @param attempts  how many times a model has run it
 * @param nextAttemptAt while RETRYING: when it goes back to the queue
 * @param cached    DONE with a result served from the result cache (the model did not run for it)
 */
public record Job(
        JobId id,
        String model,
        Input input,
        String owner,
        int priority,
        Instant createdAt,
        Optional<Instant> deadline,
        JobStatus status,
        int attempts,
        Optional<Output> output,
        Optional<JobError> error,
        Optional<Instant> finishedAt,
        Optional<Instant> nextAttemptAt,
        boolean cached) {

    public Job {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(input, "input");
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(deadline, "deadline");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(output, "output");
        Objects.requireNonNull(error, "error");
        Objects.requireNonNull(finishedAt, "finishedAt");
        Objects.requireNonNull(nextAttemptAt, "nextAttemptAt");
        if (attempts < 0) {
            throw new IllegalArgumentException("attempts must not be negative, was " + attempts);
        }
    }

    /** A freshly accepted job, status {@link JobStatus#QUEUED}. */
    public static Job accepted(JobId id, String model, Input input, String owner, int priority,
                               Instant createdAt, Optional<Instant> deadline) {
        return new Job(id, model, input, owner, priority, createdAt, deadline, JobStatus.QUEUED, 0,
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), false);
    }

    /**
     * A request answered from the result cache: DONE at {@code at} with {@code output}, {@code cached}, and no
     * attempt (the model did not run for it). It never enters a queue.
     */
    public static Job servedFromCache(JobId id, String model, Input input, String owner, int priority, Instant at,
                                      Optional<Instant> deadline, Output output) {
        return new Job(id, model, input, owner, priority, at, deadline, JobStatus.DONE, 0,
                Optional.of(output), Optional.empty(), Optional.of(at), Optional.empty(), true);
    }

    /**
     * A coalesced follower takes the outcome of the identical job it waited for ({@code leader}, terminal): the
     * same status, result or error and attempts, finished at {@code at}. This is the one move that skips the
     * state machine, because the follower itself never ran: it only adopts a finished outcome.
     */
    public Job sharing(Job leader, Instant at) {
        if (!leader.status().isTerminal()) {
            throw new IllegalArgumentException("a follower can only share a terminal outcome, leader " + leader.id()
                    + " is " + leader.status());
        }
        if (status.isTerminal()) {
            throw new IllegalStateException("job " + id + " is already " + status);
        }
        return new Job(id, model, input, owner, priority, createdAt, deadline, leader.status(), leader.attempts(),
                leader.output(), leader.error(), Optional.of(at), Optional.empty(), false);
    }

    public boolean isExpiredAt(Instant now) {
        return deadline.isPresent() && !now.isBefore(deadline.get());
    }

    /** Claimed by a batch: {@code PROCESSING}. */
    public Job processing() {
        return moveTo(JobStatus.PROCESSING, attempts, output, error, finishedAt);
    }

    /** The model ran it and produced {@code result}. Counts the attempt. */
    public Job done(Output result, Instant at) {
        return moveTo(JobStatus.DONE, attempts + 1, Optional.of(result), Optional.empty(), Optional.of(at));
    }

    /** The model ran it and it failed (counts the attempt) — or, with {@code ran == false}, it never ran. */
    public Job failed(JobError why, Instant at, boolean ran) {
        return moveTo(JobStatus.FAILED, ran ? attempts + 1 : attempts, Optional.empty(), Optional.of(why),
                Optional.of(at));
    }

    /** Its deadline passed before a model ran it. */
    public Job expired(Instant at) {
        return moveTo(JobStatus.EXPIRED, attempts, Optional.empty(),
                Optional.of(new JobError("deadline_exceeded", attempts == 0
                        ? "deadline passed before the job ran"
                        : "deadline passed before the job could run again (it failed " + attempts + " times)")),
                Optional.of(at));
    }

    /**
     * The model ran it and it failed, but it will run again at {@code at}: RETRYING. Counts the attempt and keeps
     * {@code why} as the last error (shown while it waits, and kept if it later fails for good).
     */
    public Job retrying(JobError why, Instant at) {
        Objects.requireNonNull(why, "why");
        Objects.requireNonNull(at, "at");
        requireMove(JobStatus.RETRYING);
        return new Job(id, model, input, owner, priority, createdAt, deadline, JobStatus.RETRYING, attempts + 1,
                Optional.empty(), Optional.of(why), Optional.empty(), Optional.of(at), false);
    }

    /** Its retry is due: back to QUEUED, keeping its attempts and last error. */
    public Job requeued() {
        requireMove(JobStatus.QUEUED);
        return new Job(id, model, input, owner, priority, createdAt, deadline, JobStatus.QUEUED, attempts,
                Optional.empty(), error, Optional.empty(), Optional.empty(), false);
    }

    /**
     * Replayed from the dead-letter queue by an operator: the <em>one</em> way out of FAILED, deliberately outside
     * {@link JobStatus#canMoveTo} so no lifecycle step can do it by accident. The job is QUEUED again with a fresh
     * attempt count, no error and no deadline (the original one has usually passed; the operator chose to run it).
     */
    public Job replayed() {
        if (status != JobStatus.FAILED) {
            throw new IllegalStateException("only a FAILED job can be replayed, job " + id + " is " + status);
        }
        return new Job(id, model, input, owner, priority, createdAt, Optional.empty(), JobStatus.QUEUED, 0,
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), false);
    }

    private void requireMove(JobStatus next) {
        if (!status.canMoveTo(next)) {
            throw new IllegalStateException("job " + id + " cannot move from " + status + " to " + next);
        }
    }

    private Job moveTo(JobStatus next, int nextAttempts, Optional<Output> nextOutput, Optional<JobError> nextError,
                       Optional<Instant> nextFinishedAt) {
        if (!status.canMoveTo(next)) {
            throw new IllegalStateException("job " + id + " cannot move from " + status + " to " + next);
        }
        return new Job(id, model, input, owner, priority, createdAt, deadline, next, nextAttempts, nextOutput,
                nextError, nextFinishedAt, Optional.empty(), false);
    }
}
