package dev.inferyx.config;

import dev.inferyx.batch.BatchPolicy;
import dev.inferyx.retry.BreakerPolicy;
import dev.inferyx.retry.RetryPolicy;
import dev.inferyx.service.AdmissionPolicy;
import dev.inferyx.service.CachePolicy;
import dev.inferyx.worker.PoolConfig;
import java.util.List;
import java.util.Objects;

/**
 * One served model: what runs it, how its jobs are admitted, batched, worked, retried and circuit-broken, and
 * whether its results are reused. {@code version} is the version the Open Inference Protocol reports and routes
 * ({@code /v2/models/{name}/versions/{version}}); models from the config file are version {@value #DEFAULT_VERSION}.
 */
public record ModelConfig(String name, List<String> aliases, ModelSpec spec, AdmissionPolicy admission,
                          BatchPolicy batching, PoolConfig pool, RetryPolicy retry, BreakerPolicy breaker,
                          CachePolicy cache, String version) {

    /** The version of a model that does not name one. */
    public static final String DEFAULT_VERSION = "1";

    /** Version {@value #DEFAULT_VERSION}. */
    public ModelConfig(String name, List<String> aliases, ModelSpec spec, AdmissionPolicy admission,
                       BatchPolicy batching, PoolConfig pool, RetryPolicy retry, BreakerPolicy breaker,
                       CachePolicy cache) {
        this(name, aliases, spec, admission, batching, pool, retry, breaker, cache, DEFAULT_VERSION);
    }

    /** With the default retry policy and breaker, and results never reused ({@link CachePolicy#OFF}). */
    public ModelConfig(String name, List<String> aliases, ModelSpec spec, AdmissionPolicy admission,
                       BatchPolicy batching, PoolConfig pool) {
        this(name, aliases, spec, admission, batching, pool, CachePolicy.OFF);
    }

    /** With the default retry policy and breaker. */
    public ModelConfig(String name, List<String> aliases, ModelSpec spec, AdmissionPolicy admission,
                       BatchPolicy batching, PoolConfig pool, CachePolicy cache) {
        this(name, aliases, spec, admission, batching, pool, RetryPolicy.DEFAULT, BreakerPolicy.DEFAULT, cache);
    }

    public ModelConfig {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(admission, "admission");
        Objects.requireNonNull(batching, "batching");
        Objects.requireNonNull(pool, "pool");
        Objects.requireNonNull(retry, "retry");
        Objects.requireNonNull(breaker, "breaker");
        Objects.requireNonNull(cache, "cache");
        Objects.requireNonNull(version, "version");
        if (!version.matches("[a-zA-Z0-9][a-zA-Z0-9._-]{0,63}")) {
            throw new IllegalArgumentException("model version must be 1-64 of [a-zA-Z0-9._-], was '" + version + "'");
        }
        aliases = List.copyOf(aliases);
        if (!name.matches("[a-zA-Z0-9][a-zA-Z0-9._-]{0,63}")) {
            throw new IllegalArgumentException("model name must be 1-64 of [a-zA-Z0-9._-], was '" + name + "'");
        }
    }
}
