package dev.inferyx.service;

import dev.inferyx.cache.CacheConfig;
import java.util.Objects;

/**
 * Bounds of result reuse across all models.
 *
 * @param cache        the result cache's TTL and size bound
 * @param maxFollowers the most coalesced followers waiting at once (all models); beyond it an identical request
 *                     is admitted on its own, under its model's queue bound, instead of joining; >= 0
 */
public record ReuseConfig(CacheConfig cache, int maxFollowers) {

    public static final ReuseConfig DEFAULT = new ReuseConfig(CacheConfig.DEFAULT, 10_000);

    public ReuseConfig {
        Objects.requireNonNull(cache, "cache");
        if (maxFollowers < 0) {
            throw new IllegalArgumentException("max_followers must not be negative, was " + maxFollowers);
        }
    }
}
