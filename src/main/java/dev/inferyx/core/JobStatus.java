package dev.inferyx.core;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * Where a job is in its life. The allowed moves form a small state machine:
 * <pre>
 *   QUEUED -> PROCESSING -> DONE | FAILED
 *   QUEUED -> EXPIRED            (its deadline passed before it ran)
 *   PROCESSING -> EXPIRED        (claimed by a batch, but the deadline passed before the model ran)
 *   PROCESSING -> RETRYING -> QUEUED   (a retryable failure with attempts left)
 *   QUEUED | PROCESSING | RETRYING -> FAILED   (shutdown drain timeout, exhausted retries)
 *   RETRYING -> EXPIRED          (its deadline passed while it waited to retry)
 * </pre>
 * DONE, FAILED and EXPIRED are terminal. The one way out of FAILED is an operator replaying a dead letter
 * ({@link Job#replayed()}), which is deliberately not a move of this state machine.
 */
public enum JobStatus {
    QUEUED,
    PROCESSING,
    RETRYING,
    DONE,
    FAILED,
    EXPIRED;

    public boolean isTerminal() {
        return this == DONE || this == FAILED || this == EXPIRED;
    }

    public boolean canMoveTo(JobStatus next) {
        return allowedNext().contains(next);
    }

    private Set<JobStatus> allowedNext() {
        return switch (this) {
            case QUEUED -> EnumSet.of(PROCESSING, EXPIRED, FAILED);
            case PROCESSING -> EnumSet.of(DONE, FAILED, EXPIRED, RETRYING);
            case RETRYING -> EnumSet.of(QUEUED, FAILED, EXPIRED);
            case DONE, FAILED, EXPIRED -> EnumSet.noneOf(JobStatus.class);
        };
    }

    /** The lower-case name used on the wire ({@code "queued"}, {@code "done"}, ...). */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
