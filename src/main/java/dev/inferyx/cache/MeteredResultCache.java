package dev.inferyx.cache;

import dev.inferyx.core.Output;
import dev.inferyx.metrics.Metrics;
import java.util.Objects;
import java.util.Optional;

/**
 * Counts hits and misses around any {@link ResultCache}, so every backend is measured the same way (evictions
 * are counted by the backend, which alone sees them). Thread-safe when the delegate and the metrics are.
 */
public final class MeteredResultCache implements ResultCache {

    private final ResultCache delegate;
    private final Metrics metrics;

    public MeteredResultCache(ResultCache delegate, Metrics metrics) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
    }

    @Override
    public Optional<Output> get(CacheKey key) {
        Optional<Output> found = delegate.get(key);
        metrics.cacheLookup(key.model(), found.isPresent());
        return found;
    }

    @Override
    public void put(CacheKey key, Output output) {
        delegate.put(key, output);
    }

    @Override
    public long size() {
        return delegate.size();
    }
}
