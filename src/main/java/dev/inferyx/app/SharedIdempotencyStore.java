package dev.inferyx.app;

import dev.inferyx.cache.IdempotencyRecord;
import dev.inferyx.cache.IdempotencyStore;
import dev.inferyx.queue.redis.RedisIdempotencyKeys;
import java.util.Objects;
import java.util.Optional;

/**
 * The {@link IdempotencyStore} of gateways on Redis: adapts {@link RedisIdempotencyKeys} (which knows nothing of
 * {@code cache}), so an {@code Idempotency-Key} is recognised by every gateway, not only the one that saw it first.
 */
final class SharedIdempotencyStore implements IdempotencyStore {

    private final RedisIdempotencyKeys keys;

    SharedIdempotencyStore(RedisIdempotencyKeys keys) {
        this.keys = Objects.requireNonNull(keys, "keys");
    }

    @Override
    public Optional<IdempotencyRecord> putIfAbsent(String scope, IdempotencyRecord record) {
        return keys.bindIfAbsent(scope, binding(record))
                .map(held -> new IdempotencyRecord(held.fingerprint(), held.requestId()));
    }

    @Override
    public void remove(String scope, IdempotencyRecord record) {
        keys.unbind(scope, binding(record));
    }

    @Override
    public long size() {
        return keys.size();
    }

    private static RedisIdempotencyKeys.Binding binding(IdempotencyRecord record) {
        return new RedisIdempotencyKeys.Binding(record.fingerprint(), record.requestId());
    }
}
