package dev.inferyx.cache;

import dev.inferyx.core.Output;
import java.util.Optional;

/**
 * Successful model outputs by {@link CacheKey}, kept for a TTL and up to a size bound (the least useful entries
 * go first). Only outputs can be stored: failures are never cached, by type. A miss is always safe: callers run
 * the model instead.
 *
 * <p>Implementations are thread-safe and cheap enough to call on every request; a backend that cannot answer
 * (e.g. a Redis timeout) should report a miss rather than fail the request. Keys and outputs are plain values
 * (hex digest, text), so a remote backend stores them as they are.
 */
public interface ResultCache {

    /** The output stored under {@code key}, unless it expired or was evicted. */
    Optional<Output> get(CacheKey key);

    /** Stores {@code output} under {@code key}, replacing any earlier one and restarting its TTL. */
    void put(CacheKey key, Output output);

    /** Entries held now (an estimate for backends that expire lazily); for the entries gauge. */
    long size();

    /** A cache that never holds anything: for models whose results must not be reused. */
    ResultCache NONE = new ResultCache() {
        @Override
        public Optional<Output> get(CacheKey key) {
            return Optional.empty();
        }

        @Override
        public void put(CacheKey key, Output output) {
        }

        @Override
        public long size() {
            return 0;
        }
    };
}
