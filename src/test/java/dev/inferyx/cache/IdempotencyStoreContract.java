package dev.inferyx.cache;

import static org.assertj.core.api.Assertions.assertThat;

import dev.inferyx.testing.FakeClock;
import java.time.Duration;
import java.time.InstantSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every {@link IdempotencyStore} backend promises; each backend's test extends this. */
public abstract class IdempotencyStoreContract {

    protected static final Duration TTL = Duration.ofMinutes(10);
    protected final FakeClock clock = new FakeClock();
    private IdempotencyStore store;
    private final IdempotencyRecord first = new IdempotencyRecord("fp-1", "id-1");
    private final IdempotencyRecord second = new IdempotencyRecord("fp-2", "id-2");

    /** A fresh, empty store with at most 3 keys, reading time from {@code clock}. */
    protected abstract IdempotencyStore newStore(IdempotencyConfig config, InstantSource clock);

    @BeforeEach
    void newStore() {
        store = newStore(new IdempotencyConfig(TTL, 3), clock);
    }

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
