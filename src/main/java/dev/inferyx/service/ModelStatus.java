package dev.inferyx.service;

import dev.inferyx.core.tensor.Signature;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * What {@code GET /models} and the V2 metadata endpoints show for one model: its settings and live state
 * ({@code breakerState} is {@code closed}, {@code open} or {@code half_open}); {@code signature} is empty until
 * the model is loaded, and {@code platform} is the V2 platform name of the loaded model ({@code inferyx} before).
 */
public record ModelStatus(String name, String version, Optional<Signature> signature,
                          List<String> aliases, String description, String platform, boolean ready,
                          int maxBatchSize, Duration maxBatchDelay,
                          int minWorkers, int maxWorkers, int jobsPerWorker, Duration idleTimeout,
                          int queueCapacity, Optional<Duration> defaultTimeout,
                          int workers, int busyWorkers, int queued, int unfinished,
                          String breakerState, int deadLetters, CachePolicy cache) {
    public ModelStatus {
        java.util.Objects.requireNonNull(version, "version");
        java.util.Objects.requireNonNull(signature, "signature");
        aliases = List.copyOf(aliases);
        java.util.Objects.requireNonNull(cache, "cache");
    }
}
