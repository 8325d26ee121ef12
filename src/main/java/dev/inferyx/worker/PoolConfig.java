package dev.inferyx.worker;

import dev.inferyx.core.DurationFormat;
import java.time.Duration;
import java.util.Objects;

/**
 * Sizing rules for one model's worker pool.
 *
 * @param minWorkers    workers kept alive even when idle
 * @param maxWorkers    hard ceiling
 * @param jobsPerWorker scale up while queued jobs per live worker is at least this (counted in jobs)
 * @param idleTimeout   a worker idle this long retires, while the pool is above {@code minWorkers}
 */
public record PoolConfig(int minWorkers, int maxWorkers, int jobsPerWorker, Duration idleTimeout) {

    public static final PoolConfig DEFAULT = new PoolConfig(4, 16, 10, Duration.ofSeconds(30));

    public PoolConfig {
        Objects.requireNonNull(idleTimeout, "idle_timeout");
        if (minWorkers < 1) {
            throw new IllegalArgumentException("min_workers must be >= 1, was " + minWorkers);
        }
        if (maxWorkers < minWorkers) {
            throw new IllegalArgumentException("max_workers must be >= min_workers (" + minWorkers + "), was "
                    + maxWorkers);
        }
        if (jobsPerWorker < 1) {
            throw new IllegalArgumentException("jobs_per_worker must be >= 1, was " + jobsPerWorker);
        }
        if (idleTimeout.isNegative() || idleTimeout.isZero()) {
            throw new IllegalArgumentException("idle_timeout must be positive, was "
                    + DurationFormat.format(idleTimeout));
        }
    }
}
