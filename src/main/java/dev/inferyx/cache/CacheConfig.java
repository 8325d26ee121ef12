package dev.inferyx.cache;

import dev.inferyx.core.DurationFormat;
import java.time.Duration;
import java.util.Objects;

/**
 * Bounds of the result cache.
 *
 * @param ttl        how long a stored result is served (from when it was stored); > 0
 * @param maxEntries the most results held; beyond it the least useful are evicted; >= 1
 */
public record CacheConfig(Duration ttl, long maxEntries) {

    public static final CacheConfig DEFAULT = new CacheConfig(Duration.ofHours(1), 100_000);

    public CacheConfig {
        Objects.requireNonNull(ttl, "ttl");
        if (ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("ttl must be positive, was " + DurationFormat.format(ttl));
        }
        if (maxEntries < 1) {
            throw new IllegalArgumentException("max_entries must be >= 1, was " + maxEntries);
        }
    }
}
