package dev.inferyx.queue;

import dev.inferyx.core.DurationFormat;
import java.time.Duration;
import java.util.Objects;

/**
 * How long finished jobs stay readable, and how many finished records a store keeps at most (the oldest are
 * dropped first when the bound is reached, before their TTL). Dead letters expire with the same TTL, and at most
 * {@code deadLetterMax} are held (the oldest go first).
 */
public record RetentionPolicy(Duration resultTtl, int maxFinishedJobs, int deadLetterMax) {

    public static final RetentionPolicy DEFAULT = new RetentionPolicy(Duration.ofHours(1), 100_000);

    /** With at most 10,000 dead letters. */
    public RetentionPolicy(Duration resultTtl, int maxFinishedJobs) {
        this(resultTtl, maxFinishedJobs, 10_000);
    }

    public RetentionPolicy {
        Objects.requireNonNull(resultTtl, "result_ttl");
        if (resultTtl.isNegative() || resultTtl.isZero()) {
            throw new IllegalArgumentException("result_ttl must be positive, was " + DurationFormat.format(resultTtl));
        }
        if (maxFinishedJobs < 1) {
            throw new IllegalArgumentException("max_finished_jobs must be >= 1, was " + maxFinishedJobs);
        }
        if (deadLetterMax < 1) {
            throw new IllegalArgumentException("dead_letter_max must be >= 1, was " + deadLetterMax);
        }
    }
}
