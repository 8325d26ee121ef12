package dev.inferyx.service;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * What {@code GET /models} shows for one model: its settings and live state ({@code breakerState} is
 * {@code closed}, {@code open} or {@code half_open}).
 */
public record ModelStatus(String name, List<String> aliases, String description, boolean ready,
                          int maxBatchSize, Duration maxBatchDelay,
                          int minWorkers, int maxWorkers, int jobsPerWorker, Duration idleTimeout,
                          int queueCapacity, Optional<Duration> defaultTimeout,
                          int workers, int busyWorkers, int queued, int unfinished,
                          String breakerState, int deadLetters, CachePolicy cache) {
    public ModelStatus {
        aliases = List.copyOf(aliases);
        java.util.Objects.requireNonNull(cache, "cache");
    }
}
