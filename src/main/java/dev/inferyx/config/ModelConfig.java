package dev.inferyx.config;

import dev.inferyx.batch.BatchPolicy;
import dev.inferyx.service.AdmissionPolicy;
import dev.inferyx.service.CachePolicy;
import dev.inferyx.worker.PoolConfig;
import java.util.List;
import java.util.Objects;

/** One served model: what runs it, how its jobs are admitted, batched and worked, and whether results are reused. */
public record ModelConfig(String name, List<String> aliases, ModelSpec spec, AdmissionPolicy admission,
                          BatchPolicy batching, PoolConfig pool, CachePolicy cache) {

    /** A model whose results are never reused ({@link CachePolicy#OFF}). */
    public ModelConfig(String name, List<String> aliases, ModelSpec spec, AdmissionPolicy admission,
                       BatchPolicy batching, PoolConfig pool) {
        this(name, aliases, spec, admission, batching, pool, CachePolicy.OFF);
    }

    public ModelConfig {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(admission, "admission");
        Objects.requireNonNull(batching, "batching");
        Objects.requireNonNull(pool, "pool");
        Objects.requireNonNull(cache, "cache");
        aliases = List.copyOf(aliases);
        if (!name.matches("[a-zA-Z0-9][a-zA-Z0-9._-]{0,63}")) {
            throw new IllegalArgumentException("model name must be 1-64 of [a-zA-Z0-9._-], was '" + name + "'");
        }
    }
}
