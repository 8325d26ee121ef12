package dev.inferyx.config;

import dev.inferyx.cache.IdempotencyConfig;
import dev.inferyx.core.DurationFormat;
import dev.inferyx.http.ApiKey;
import dev.inferyx.http.HttpConfig;
import dev.inferyx.queue.RetentionPolicy;
import dev.inferyx.queue.redis.RedisConfig;
import dev.inferyx.service.RateLimits;
import dev.inferyx.service.ReuseConfig;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The whole configuration, as loaded from the YAML file plus environment overrides. Immutable and valid by
 * construction: the loader reports the first bad key and value and the server does not start.
 *
 * @param drainTimeout how long a shutdown waits for accepted jobs to finish before failing the rest
 * @param models       served models by name, in file order
 * @param reuse        result cache and coalescing bounds (section {@code cache})
 * @param rateLimits   request rates per API key (section {@code auth})
 * @param idempotency  how long and how many {@code Idempotency-Key}s are remembered
 * @param redis        the shared backend of gateway and worker processes ({@code redis.url} empty = not set)
 * @param repository   the model repository ({@code model_repository}), if one is configured
 * @param repositoryModels the repository's models as read at startup, each at its highest version
 */
public record InferyxConfig(HttpConfig http, List<ApiKey> apiKeys, List<ApiKey> adminKeys, Duration drainTimeout,
                           RetentionPolicy retention, Map<String, ModelConfig> models, ReuseConfig reuse,
                           RateLimits rateLimits, IdempotencyConfig idempotency, RedisConfig redis,
                           Optional<ModelRepository> repository, List<ModelConfig> repositoryModels) {

    /** Without a model repository. */
    public InferyxConfig(HttpConfig http, List<ApiKey> apiKeys, List<ApiKey> adminKeys, Duration drainTimeout,
                         RetentionPolicy retention, Map<String, ModelConfig> models, ReuseConfig reuse,
                         RateLimits rateLimits, IdempotencyConfig idempotency, RedisConfig redis) {
        this(http, apiKeys, adminKeys, drainTimeout, retention, models, reuse, rateLimits, idempotency, redis,
                Optional.empty(), List.of());
    }

    /** Without Redis: the embedded server's in-memory backend. */
    public InferyxConfig(HttpConfig http, List<ApiKey> apiKeys, List<ApiKey> adminKeys, Duration drainTimeout,
                         RetentionPolicy retention, Map<String, ModelConfig> models, ReuseConfig reuse,
                         RateLimits rateLimits, IdempotencyConfig idempotency) {
        this(http, apiKeys, adminKeys, drainTimeout, retention, models, reuse, rateLimits, idempotency,
                RedisConfig.of(""));
    }

    /**
     * Without admin keys (the admin API is then served only on an open loopback server), with the default
     * result-reuse bounds, no rate limits and no Redis.
     */
    public InferyxConfig(HttpConfig http, List<ApiKey> apiKeys, Duration drainTimeout, RetentionPolicy retention,
                         Map<String, ModelConfig> models) {
        this(http, apiKeys, List.of(), drainTimeout, retention, models, ReuseConfig.DEFAULT, RateLimits.UNLIMITED,
                IdempotencyConfig.DEFAULT);
    }

    public InferyxConfig {
        Objects.requireNonNull(http, "server");
        Objects.requireNonNull(drainTimeout, "drain_timeout");
        Objects.requireNonNull(retention, "jobs");
        Objects.requireNonNull(reuse, "cache");
        Objects.requireNonNull(rateLimits, "auth");
        Objects.requireNonNull(idempotency, "idempotency");
        if (idempotency.ttl().compareTo(retention.resultTtl()) > 0) {
            // A key that outlives its job could only answer "gone"; keep the promise checkable at startup.
            throw new IllegalArgumentException("idempotency.ttl (" + DurationFormat.format(idempotency.ttl())
                    + ") must be <= jobs.result_ttl (" + DurationFormat.format(retention.resultTtl()) + ")");
        }
        Objects.requireNonNull(redis, "redis");
        apiKeys = List.copyOf(apiKeys);
        adminKeys = List.copyOf(adminKeys);
        models = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(models));
        Objects.requireNonNull(repository, "model_repository");
        repositoryModels = List.copyOf(repositoryModels);
        if (drainTimeout.isNegative()) {
            throw new IllegalArgumentException("drain_timeout must not be negative, was "
                    + DurationFormat.format(drainTimeout));
        }
        if (models.isEmpty() && repository.isEmpty()) {
            throw new IllegalArgumentException("models must name at least one model (or set model_repository)");
        }
        var owners = new java.util.HashMap<String, String>();
        for (ModelConfig m : models.values()) {
            for (String n : concat(m.name(), m.aliases())) {
                if (owners.putIfAbsent(n, m.name()) != null) {
                    throw new IllegalArgumentException("model name or alias '" + n + "' is used twice");
                }
            }
        }
        for (ModelConfig m : repositoryModels) {
            for (String n : concat(m.name(), m.aliases())) {
                String owner = owners.putIfAbsent(n, m.name());
                if (owner != null) {
                    throw new IllegalArgumentException("model_repository: model " + m.name() + ": name or alias '"
                            + n + "' is already used by model " + owner);
                }
            }
        }
        var keyNames = new java.util.HashSet<String>();
        for (ApiKey k : apiKeys) {
            if (!keyNames.add(k.name())) {
                throw new IllegalArgumentException("api key name '" + k.name() + "' is used twice");
            }
        }
    }

    private static List<String> concat(String first, List<String> rest) {
        var all = new java.util.ArrayList<String>();
        all.add(first);
        all.addAll(rest);
        return all;
    }

    /** The config file's models, then the repository's as read at startup, in that order. */
    public Map<String, ModelConfig> servedModels() {
        var all = new java.util.LinkedHashMap<String, ModelConfig>(models);
        repositoryModels.forEach(m -> all.put(m.name(), m));
        return java.util.Collections.unmodifiableMap(all);
    }

    public InferyxConfig withHttp(HttpConfig newHttp) {
        return new InferyxConfig(newHttp, apiKeys, adminKeys, drainTimeout, retention, models, reuse, rateLimits,
                idempotency, redis, repository, repositoryModels);
    }

    public InferyxConfig withRedis(RedisConfig newRedis) {
        return new InferyxConfig(http, apiKeys, adminKeys, drainTimeout, retention, models, reuse, rateLimits,
                idempotency, newRedis, repository, repositoryModels);
    }
}
