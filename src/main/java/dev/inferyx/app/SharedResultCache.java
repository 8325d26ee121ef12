package dev.inferyx.app;

import dev.inferyx.cache.CacheKey;
import dev.inferyx.cache.ResultCache;
import dev.inferyx.core.Output;
import dev.inferyx.core.tensor.TensorCodec;
import dev.inferyx.metrics.Metrics;
import dev.inferyx.queue.redis.RedisResultEntries;
import java.nio.ByteBuffer;
import java.util.Base64;
import java.util.Objects;
import java.util.Optional;

/**
 * The {@link ResultCache} of gateways on Redis: adapts {@link RedisResultEntries} (which knows nothing of
 * {@code cache}), so a result computed through one gateway is a hit on every other. Outputs are stored as text
 * ({@code t} + the text, or {@code e} + Base64 of an embedding's big-endian floats: exact). When Redis cannot
 * answer, a get is a miss and a put is skipped: a miss is always safe (the model runs instead), and admission
 * reports the outage anyway. Evictions are counted like Caffeine's ({@code expired}, {@code size}).
 */
final class SharedResultCache implements ResultCache {

    private final RedisResultEntries entries;
    private final Metrics metrics;

    SharedResultCache(RedisResultEntries entries, Metrics metrics) {
        this.entries = Objects.requireNonNull(entries, "entries");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
    }

    @Override
    public Optional<Output> get(CacheKey key) {
        try {
            return entries.get(key.digest()).map(SharedResultCache::decode);
        } catch (RuntimeException unavailable) {
            return Optional.empty();
        }
    }

    @Override
    public void put(CacheKey key, Output output) {
        String value = encode(Objects.requireNonNull(output, "output"));
        RedisResultEntries.Evicted evicted;
        try {
            evicted = entries.put(key.digest(), value);
        } catch (RuntimeException unavailable) {
            return;
        }
        count("expired", evicted.expired());
        count("size", evicted.size());
    }

    @Override
    public long size() {
        try {
            RedisResultEntries.Size size = entries.size();
            count("expired", size.expired());
            return size.entries();
        } catch (RuntimeException unavailable) {
            return 0;
        }
    }

    private void count(String reason, long n) {
        for (long i = 0; i < n; i++) {
            metrics.cacheEvicted(reason);
        }
    }

    static String encode(Output output) {
        return switch (output) {
            case Output.Text t -> "t" + t.text();
            case Output.Embedding e -> {
                ByteBuffer bytes = ByteBuffer.allocate(e.dimensions() * Float.BYTES);
                for (int i = 0; i < e.dimensions(); i++) {
                    bytes.putFloat(e.value(i));
                }
                yield "e" + Base64.getEncoder().encodeToString(bytes.array());
            }
            case Output.Tensors t -> "n" + Base64.getEncoder().encodeToString(TensorCodec.encode(t.tensors()));
        };
    }

    static Output decode(String value) {
        String body = value.substring(1);
        if (value.charAt(0) == 't') {
            return new Output.Text(body);
        }
        if (value.charAt(0) == 'n') {
            return new Output.Tensors(TensorCodec.decode(Base64.getDecoder().decode(body)));
        }
        ByteBuffer bytes = ByteBuffer.wrap(Base64.getDecoder().decode(body));
        float[] values = new float[bytes.remaining() / Float.BYTES];
        for (int i = 0; i < values.length; i++) {
            values[i] = bytes.getFloat();
        }
        return new Output.Embedding(values);
    }
}
