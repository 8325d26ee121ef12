package dev.inferyx.cache.caffeine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.inferyx.cache.IdempotencyConfig;
import dev.inferyx.cache.IdempotencyRecord;
import dev.inferyx.cache.IdempotencyStore;
import dev.inferyx.testing.FakeClock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class CaffeineIdempotencyStoreTest {

    private static final Duration TTL = Duration.ofMinutes(10);
    private final FakeClock clock = new FakeClock();
    private final IdempotencyStore store = new CaffeineIdempotencyStore(new IdempotencyConfig(TTL, 3), clock);
    private final IdempotencyRecord first = new IdempotencyRecord("fp-1", "id-1");
    private final IdempotencyRecord second = new IdempotencyRecord("fp-2", "id-2");

    @Test
    void putIfAbsent_firstCallStores_laterCallsGetTheFirstRecord() {
        assertThat(store.putIfAbsent("scope", first)).isEmpty();

        assertThat(store.putIfAbsent("scope", second)).contains(first);
    }

    @Test
    void remove_onlyForgetsTheRecordItNames() {
        store.putIfAbsent("scope", first);

        store.remove("scope", second);
        assertThat(store.putIfAbsent("scope", second)).contains(first);

        store.remove("scope", first);
        assertThat(store.putIfAbsent("scope", second)).isEmpty();
    }

    @Test
    void record_pastItsTtl_isForgotten() {
        store.putIfAbsent("scope", first);

        clock.advance(TTL);

        assertThat(store.putIfAbsent("scope", second)).isEmpty();
    }

    @Test
    void size_staysWithinMaxKeys() {
        for (int i = 0; i < 50; i++) {
            store.putIfAbsent("scope-" + i, first);
        }

        assertThat(store.size()).isLessThanOrEqualTo(3);
    }
}
