package dev.inferyx.queue;

import java.time.Duration;
import java.util.Objects;

/**
 * How long finished jobs stay readable, and how many finished records a store keeps at most (the oldest are
 * dropped first when the bound is reached, before their TTL).
 */
public record RetentionPolicy(Duration resultTtl, int maxFinishedJobs) {

    public static final RetentionPolicy DEFAULT = new RetentionPolicy(Duration.ofHours(1), 100_000);

    public RetentionPolicy {
        Objects.requireNonNull(resultTtl, "result_ttl");
        if (resultTtl.isNegative() || resultTtl.isZero()) {
            throw new IllegalArgumentException("result_ttl must be positive, was " + resultTtl);
        }
        if (maxFinishedJobs < 1) {
            throw new IllegalArgumentException("max_finished_jobs must be >= 1, was " + maxFinishedJobs);
        }
    }
}
