package dev.inferyx.cache;

import dev.inferyx.core.DurationFormat;
import java.time.Duration;
import java.util.Objects;

/**
 * Bounds of the idempotency records.
 *
 * @param ttl     how long a key keeps answering with its original request; > 0
 * @param maxKeys the most keys remembered; beyond it the least useful are forgotten first; >= 1
 */
public record IdempotencyConfig(Duration ttl, long maxKeys) {

    public static final IdempotencyConfig DEFAULT = new IdempotencyConfig(Duration.ofHours(1), 100_000);

    public IdempotencyConfig {
        Objects.requireNonNull(ttl, "ttl");
        if (ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("ttl must be positive, was " + DurationFormat.format(ttl));
        }
        if (maxKeys < 1) {
            throw new IllegalArgumentException("max_keys must be >= 1, was " + maxKeys);
        }
    }
}
