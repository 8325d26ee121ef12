package dev.inferyx.config;

import dev.inferyx.batch.BatchPolicy;
import dev.inferyx.retry.BreakerPolicy;
import dev.inferyx.retry.RetryPolicy;
import dev.inferyx.service.AdmissionPolicy;
import dev.inferyx.worker.PoolConfig;
import java.util.List;
import java.util.Objects;

/** One served model: what runs it, how its jobs are admitted, batched, worked, retried and circuit-broken. */
public record ModelConfig(String name, List<String> aliases, ModelSpec spec, AdmissionPolicy admission,
                          BatchPolicy batching, PoolConfig pool, RetryPolicy retry, BreakerPolicy breaker) {

    /** With the default retry policy and breaker. */
    public ModelConfig(String name, List<String> aliases, ModelSpec spec, AdmissionPolicy admission,
                       BatchPolicy batching, PoolConfig pool) {
        this(name, aliases, spec, admission, batching, pool, RetryPolicy.DEFAULT, BreakerPolicy.DEFAULT);
    }

    public ModelConfig {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(admission, "admission");
        Objects.requireNonNull(batching, "batching");
        Objects.requireNonNull(pool, "pool");
        Objects.requireNonNull(retry, "retry");
        Objects.requireNonNull(breaker, "breaker");
        aliases = List.copyOf(aliases);
        if (!name.matches("[a-zA-Z0-9][a-zA-Z0-9._-]{0,63}")) {
            throw new IllegalArgumentException("model name must be 1-64 of [a-zA-Z0-9._-], was '" + name + "'");
        }
    }
}
