package dev.inferyx.queue;

import dev.inferyx.core.Job;
import dev.inferyx.core.JobError;
import dev.inferyx.core.Output;
import java.time.Instant;
import java.util.Objects;

/**
 * How a job ends: the argument of {@link JobQueue#finish}. One value per way of ending, so a backend has a
 * single atomic "finish" step instead of three near-copies. Immutable and thread-safe.
 */
public sealed interface Completion {

    /** The terminal record {@code job} moves to at {@code at}; throws IllegalStateException on a bad move. */
    Job applyTo(Job job, Instant at);

    /** The model ran the job and produced {@code output}: DONE. */
    record Done(Output output) implements Completion {
        public Done {
            Objects.requireNonNull(output, "output");
        }

        @Override
        public Job applyTo(Job job, Instant at) {
            return job.done(output, at);
        }
    }

    /** FAILED with {@code error}; {@code ran} says whether the model ran it (counted as an attempt). */
    record Failed(JobError error, boolean ran) implements Completion {
        public Failed {
            Objects.requireNonNull(error, "error");
        }

        @Override
        public Job applyTo(Job job, Instant at) {
            return job.failed(error, at, ran);
        }
    }

    /** The job's deadline passed before it ran: EXPIRED. */
    record Expired() implements Completion {
        @Override
        public Job applyTo(Job job, Instant at) {
            return job.expired(at);
        }
    }

    /**
     * The model ran the job, it failed with a retryable error and will not run again (attempts or retry budget
     * exhausted): FAILED, and recorded in the {@link DeadLetterQueue} in the same atomic step.
     */
    record DeadLettered(JobError error) implements Completion {
        public DeadLettered {
            Objects.requireNonNull(error, "error");
        }

        @Override
        public Job applyTo(Job job, Instant at) {
            return job.failed(error, at, true);
        }
    }

    /** A coalesced follower takes {@code leader}'s terminal outcome (see {@link Job#sharing}). */
    record Shared(Job leader) implements Completion {
        public Shared {
            Objects.requireNonNull(leader, "leader");
            if (!leader.status().isTerminal()) {
                throw new IllegalArgumentException("leader must be terminal, was " + leader.status());
            }
        }

        @Override
        public Job applyTo(Job job, Instant at) {
            return job.sharing(leader, at);
        }
    }
}
