package dev.inferyx.config;

import dev.inferyx.http.ApiKey;
import dev.inferyx.http.HttpConfig;
import dev.inferyx.queue.RetentionPolicy;
import dev.inferyx.queue.redis.RedisConfig;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The whole configuration, as loaded from the YAML file plus environment overrides. Immutable and valid by
 * construction: the loader reports the first bad key and value and the server does not start.
 *
 * @param drainTimeout how long a shutdown waits for accepted jobs to finish before failing the rest
 * @param models       served models by name, in file order
 * @param redis        the shared backend of gateway and worker processes ({@code redis.url} empty = not set)
 */
public record InferyxConfig(HttpConfig http, List<ApiKey> apiKeys, Duration drainTimeout,
                           RetentionPolicy retention, Map<String, ModelConfig> models, RedisConfig redis) {

    public InferyxConfig {
        Objects.requireNonNull(http, "server");
        Objects.requireNonNull(drainTimeout, "drain_timeout");
        Objects.requireNonNull(retention, "jobs");
        Objects.requireNonNull(redis, "redis");
        apiKeys = List.copyOf(apiKeys);
        models = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(models));
        if (drainTimeout.isNegative()) {
            throw new IllegalArgumentException("drain_timeout must not be negative, was " + drainTimeout);
        }
        if (models.isEmpty()) {
            throw new IllegalArgumentException("models must name at least one model");
        }
        var seen = new java.util.HashSet<String>();
        for (ModelConfig m : models.values()) {
            for (String n : concat(m.name(), m.aliases())) {
                if (!seen.add(n)) {
                    throw new IllegalArgumentException("model name or alias '" + n + "' is used twice");
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

    public InferyxConfig withHttp(HttpConfig newHttp) {
        return new InferyxConfig(newHttp, apiKeys, drainTimeout, retention, models, redis);
    }

    public InferyxConfig withRedis(RedisConfig newRedis) {
        return new InferyxConfig(http, apiKeys, drainTimeout, retention, models, newRedis);
    }
}
