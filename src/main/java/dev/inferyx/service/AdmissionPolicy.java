package dev.inferyx.service;

import dev.inferyx.core.DurationFormat;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Per-model admission limits.
 *
 * @param queueCapacity  the most unfinished jobs (queued + batching + running) the model may hold
 * @param defaultTimeout deadline given to jobs whose request names none; empty = no deadline
 * @param maxTimeout     the longest deadline a client may ask for
 */
public record AdmissionPolicy(int queueCapacity, Optional<Duration> defaultTimeout, Duration maxTimeout) {

    public static final AdmissionPolicy DEFAULT =
            new AdmissionPolicy(1024, Optional.empty(), Duration.ofMinutes(10));

    public AdmissionPolicy {
        Objects.requireNonNull(defaultTimeout, "timeout");
        Objects.requireNonNull(maxTimeout, "max_timeout");
        if (queueCapacity < 1) {
            throw new IllegalArgumentException("queue_capacity must be >= 1, was " + queueCapacity);
        }
        if (maxTimeout.isNegative() || maxTimeout.isZero()) {
            throw new IllegalArgumentException("max_timeout must be positive, was "
                    + DurationFormat.format(maxTimeout));
        }
        defaultTimeout.ifPresent(t -> {
            if (t.isNegative() || t.isZero()) {
                throw new IllegalArgumentException("timeout must be positive, was " + DurationFormat.format(t));
            }
            if (t.compareTo(maxTimeout) > 0) {
                throw new IllegalArgumentException("timeout must be <= max_timeout ("
                        + DurationFormat.format(maxTimeout) + "), was " + DurationFormat.format(t));
            }
        });
    }
}
