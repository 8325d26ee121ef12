package dev.inferyx.service;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Token buckets in this process's memory (one gateway, or {@code serve}). Buckets are created on a key's first
 * take; when more than {@code maxBuckets} are held, full buckets are forgotten (a full bucket is what a new one
 * would be), so the map stays bounded without changing any answer. Thread-safe.
 */
public final class LocalTokenBuckets implements TokenBuckets {

    static final int DEFAULT_MAX_BUCKETS = 10_000;

    private final int maxBuckets;
    private final ConcurrentHashMap<String, TokenBucket> buckets = new ConcurrentHashMap<>();

    public LocalTokenBuckets() {
        this(DEFAULT_MAX_BUCKETS);
    }

    LocalTokenBuckets(int maxBuckets) {
        if (maxBuckets < 1) {
            throw new IllegalArgumentException("max buckets must be >= 1, was " + maxBuckets);
        }
        this.maxBuckets = maxBuckets;
    }

    @Override
    public Optional<Duration> tryTake(String key, RateLimit limit, Instant now) {
        if (buckets.size() >= maxBuckets && !buckets.containsKey(key)) {
            buckets.values().removeIf(b -> b.isFullAt(now));
        }
        return buckets.computeIfAbsent(key, k -> new TokenBucket(limit, now)).tryTake(now);
    }

    /** Buckets held now, for bound tests. */
    int size() {
        return buckets.size();
    }
}
