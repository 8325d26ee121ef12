package dev.inferyx.cache.caffeine;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.inferyx.cache.IdempotencyConfig;
import dev.inferyx.cache.IdempotencyRecord;
import dev.inferyx.cache.IdempotencyStore;
import java.time.InstantSource;
import java.util.Objects;
import java.util.Optional;

/**
 * The embedded {@link IdempotencyStore} on Caffeine: records expire {@link IdempotencyConfig#ttl()} after they
 * were stored (time from the injected clock) and at most {@link IdempotencyConfig#maxKeys()} are kept.
 * Thread-safe; {@link #putIfAbsent} is atomic through the cache's map view.
 */
public final class CaffeineIdempotencyStore implements IdempotencyStore {

    private final Cache<String, IdempotencyRecord> records;

    public CaffeineIdempotencyStore(IdempotencyConfig config, InstantSource clock) {
        Objects.requireNonNull(config, "config");
        this.records = Caffeine.newBuilder()
                .maximumSize(config.maxKeys())
                .expireAfterWrite(config.ttl())
                .ticker(CaffeineTicker.of(Objects.requireNonNull(clock, "clock")))
                .executor(Runnable::run)
                .build();
    }

    @Override
    public Optional<IdempotencyRecord> putIfAbsent(String scope, IdempotencyRecord record) {
        return Optional.ofNullable(records.asMap().putIfAbsent(scope, Objects.requireNonNull(record, "record")));
    }

    @Override
    public void remove(String scope, IdempotencyRecord record) {
        records.asMap().remove(scope, record);
    }

    @Override
    public long size() {
        records.cleanUp();
        return records.estimatedSize();
    }
}
