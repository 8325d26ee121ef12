package dev.inferyx.cache;

import static org.assertj.core.api.Assertions.assertThat;

import dev.inferyx.core.Input;
import dev.inferyx.core.Output;
import dev.inferyx.testing.FakeClock;
import dev.inferyx.testing.RecordingMetrics;
import java.time.Duration;
import java.time.InstantSource;
import org.junit.jupiter.api.Test;

/**
 * Every behaviour a {@link ResultCache} backend must have. A backend's test class supplies {@link #newCache};
 * TTL is driven by the fake clock, never by sleeping.
 */
public abstract class ResultCacheContract {

    protected static final Duration TTL = Duration.ofHours(1);
    protected final FakeClock clock = new FakeClock();
    /** Backends report evictions here. */
    protected final RecordingMetrics metrics = new RecordingMetrics();

    /** A fresh, empty backend with {@code config}, reading time from {@code clock}, reporting to {@link #metrics}. */
    protected abstract ResultCache newCache(CacheConfig config, InstantSource clock);

    private static CacheKey key(String text) {
        return CacheKey.of("sim", "1", new Input.Text(text));
    }

    @Test
    void get_neverStored_isEmpty() {
        ResultCache cache = newCache(new CacheConfig(TTL, 10), clock);

        assertThat(cache.get(key("a"))).isEmpty();
    }

    @Test
    void get_afterPut_returnsTheOutput() {
        ResultCache cache = newCache(new CacheConfig(TTL, 10), clock);

        cache.put(key("a"), new Output.Text("A"));

        assertThat(cache.get(key("a"))).contains(new Output.Text("A"));
        assertThat(cache.get(key("b"))).isEmpty();
        assertThat(cache.size()).isEqualTo(1);
    }

    @Test
    void get_justBeforeTtl_hits_andAtTtl_misses() {
        ResultCache cache = newCache(new CacheConfig(TTL, 10), clock);
        cache.put(key("a"), new Output.Text("A"));

        clock.advance(TTL.minusNanos(1));
        assertThat(cache.get(key("a"))).isPresent();

        clock.advance(Duration.ofNanos(1));
        assertThat(cache.get(key("a"))).isEmpty();
        assertThat(cache.size()).isZero();
    }

    @Test
    void put_beyondMaxEntries_keepsSizeWithinTheBound() {
        ResultCache cache = newCache(new CacheConfig(TTL, 5), clock);

        for (int i = 0; i < 50; i++) {
            cache.put(key("in-" + i), new Output.Text("out-" + i));
        }

        assertThat(cache.size()).isLessThanOrEqualTo(5);
    }

    @Test
    void expiry_isCountedAsAnEviction() {
        ResultCache cache = newCache(new CacheConfig(Duration.ofMinutes(1), 10), clock);
        cache.put(key("a"), new Output.Text("A"));

        clock.advance(Duration.ofMinutes(2));
        cache.size();

        assertThat(metrics.count("cacheEvicted expired")).isEqualTo(1);
    }

    @Test
    void sizeBound_isCountedAsEvictions() {
        ResultCache cache = newCache(new CacheConfig(Duration.ofMinutes(1), 2), clock);
        for (int i = 0; i < 10; i++) {
            cache.put(key("in-" + i), new Output.Text("out"));
        }

        assertThat(cache.size()).isEqualTo(2);
        assertThat(metrics.count("cacheEvicted size")).isEqualTo(8);
    }
}
