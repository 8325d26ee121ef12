package dev.inferyx.cache.caffeine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.inferyx.cache.CacheConfig;
import dev.inferyx.cache.CacheKey;
import dev.inferyx.cache.MeteredResultCache;
import dev.inferyx.cache.ResultCache;
import dev.inferyx.cache.ResultCacheContract;
import dev.inferyx.core.Input;
import dev.inferyx.core.Output;
import java.time.InstantSource;
import org.junit.jupiter.api.Test;

/** Runs the cache contract on Caffeine, plus what only this backend reports (evictions). */
class CaffeineResultCacheTest extends ResultCacheContract {

    @Override
    protected ResultCache newCache(CacheConfig config, InstantSource clock) {
        return new CaffeineResultCache(config, clock, metrics);
    }

    @Test
    void metered_countsHitsAndMissesPerModel() {
        ResultCache cache = new MeteredResultCache(newCache(CacheConfig.DEFAULT, clock), metrics);
        CacheKey key = CacheKey.of("sim", "1", new Input.Text("a"));

        cache.get(key);
        cache.put(key, new Output.Text("A"));
        cache.get(key);

        assertThat(metrics.count("cacheLookup sim miss")).isEqualTo(1);
        assertThat(metrics.count("cacheLookup sim hit")).isEqualTo(1);
    }

    @Test
    void none_neverHolds() {
        ResultCache none = ResultCache.NONE;
        none.put(CacheKey.of("sim", "1", new Input.Text("a")), new Output.Text("A"));

        assertThat(none.get(CacheKey.of("sim", "1", new Input.Text("a")))).isEmpty();
    }
}
