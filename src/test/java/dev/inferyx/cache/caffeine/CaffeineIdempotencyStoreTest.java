package dev.inferyx.cache.caffeine;

import dev.inferyx.cache.IdempotencyConfig;
import dev.inferyx.cache.IdempotencyStore;
import dev.inferyx.cache.IdempotencyStoreContract;
import java.time.InstantSource;

class CaffeineIdempotencyStoreTest extends IdempotencyStoreContract {

    @Override
    protected IdempotencyStore newStore(IdempotencyConfig config, InstantSource clock) {
        return new CaffeineIdempotencyStore(config, clock);
    }
}
