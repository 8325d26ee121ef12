package dev.inferyx.cache.caffeine;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.RemovalCause;
import dev.inferyx.cache.CacheConfig;
import dev.inferyx.cache.CacheKey;
import dev.inferyx.cache.ResultCache;
import dev.inferyx.core.Output;
import dev.inferyx.metrics.Metrics;
import java.time.InstantSource;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * The embedded {@link ResultCache} on Caffeine: entries expire {@link CacheConfig#ttl()} after they were written
 * (time read from the injected clock) and at most {@link CacheConfig#maxEntries()} are held (Caffeine's
 * W-TinyLFU picks what to evict). Every eviction (size or expiry) is reported to
 * {@link Metrics#cacheEvicted}. Maintenance runs on the calling thread, so no background thread is needed
 * and a fake clock fully controls expiry. Thread-safe.
 */
public final class CaffeineResultCache implements ResultCache {

    private final Cache<String, Output> cache;

    public CaffeineResultCache(CacheConfig config, InstantSource clock, Metrics metrics) {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(metrics, "metrics");
        this.cache = Caffeine.newBuilder()
                .maximumSize(config.maxEntries())
                .expireAfterWrite(config.ttl())
                .ticker(CaffeineTicker.of(Objects.requireNonNull(clock, "clock")))
                .executor(Runnable::run)
                .evictionListener((String key, Output value, RemovalCause cause) ->
                        metrics.cacheEvicted(cause.name().toLowerCase(Locale.ROOT)))
                .build();
    }

    @Override
    public Optional<Output> get(CacheKey key) {
        return Optional.ofNullable(cache.getIfPresent(key.digest()));
    }

    @Override
    public void put(CacheKey key, Output output) {
        cache.put(key.digest(), Objects.requireNonNull(output, "output"));
    }

    @Override
    public long size() {
        cache.cleanUp();
        return cache.estimatedSize();
    }
}
