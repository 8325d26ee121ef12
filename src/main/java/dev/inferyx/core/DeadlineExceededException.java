package dev.inferyx.core;

import java.util.Optional;

/** A client waited on a job whose deadline passed before it could run (or finish). */
public final class DeadlineExceededException extends InferyxException {

    private final Optional<String> requestId;

    public DeadlineExceededException(String message) {
        this(message, Optional.empty());
    }

    public DeadlineExceededException(String message, Optional<String> requestId) {
        super("deadline_exceeded", message);
        this.requestId = requestId;
    }

    /** The job that expired, so a waiting client can still look it up. */
    public static DeadlineExceededException expired(Job job) {
        return new DeadlineExceededException("job " + job.id().value() + " of model " + job.model()
                + " expired: its deadline passed before it could run (attempts: " + job.attempts() + ")",
                Optional.of(job.id().value()));
    }

    @Override
    public Optional<String> requestId() {
        return requestId;
    }
}
