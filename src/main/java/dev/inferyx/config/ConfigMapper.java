package dev.inferyx.config;

import dev.inferyx.cache.CacheConfig;
import dev.inferyx.cache.IdempotencyConfig;
import dev.inferyx.http.ApiKey;
import dev.inferyx.http.HttpConfig;
import dev.inferyx.queue.RetentionPolicy;
import dev.inferyx.queue.redis.RedisConfig;
import dev.inferyx.service.RateLimit;
import dev.inferyx.service.RateLimits;
import dev.inferyx.service.ReuseConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** Maps the merged, overridden config tree to {@link InferyxConfig}, section by section. */
final class ConfigMapper {

    static final List<String> ROOT_KEYS = List.of("server", "auth", "jobs", "cache", "idempotency", "defaults",
            "models", "redis", "model_repository");
    static final List<String> SERVER_KEYS = List.of("host", "port", "allow_open", "max_body_bytes",
            "max_input_chars", "max_wait", "drain_timeout");
    static final List<String> JOBS_KEYS = List.of("result_ttl", "max_finished_jobs", "dead_letter_max");
    static final List<String> CACHE_KEYS = List.of("ttl", "max_entries", "max_followers");
    static final List<String> REDIS_KEYS = List.of("url", "key_prefix", "command_timeout", "visibility_timeout",
            "max_deliveries", "unfinished_ttl");

    private ConfigMapper() {
    }

    static InferyxConfig map(Section root) {
        root.allowOnly(ROOT_KEYS);
        Section server = root.child("server");
        server.allowOnly(SERVER_KEYS);
        HttpConfig http = http(server);
        Duration drainTimeout = server.duration("drain_timeout");
        Section auth = root.child("auth");
        auth.allowOnly(List.of("api_keys", "admin_keys", "rate", "burst"));
        List<ApiKey> apiKeys = keys(auth, "api_keys", List.of("rate", "burst"));
        List<ApiKey> adminKeys = keys(auth, "admin_keys", List.of());
        RateLimits rateLimits = rateLimits(auth);
        // Whether an open server may bind this host is checked once, by the HTTP gateway at startup, after
        // command-line flags have been applied.
        RetentionPolicy retention = retention(root.child("jobs"));
        ReuseConfig reuse = reuse(root.child("cache"));
        IdempotencyConfig idempotency = idempotency(root.child("idempotency"));
        Map<String, ModelConfig> models = models(root.child("models"), root.child("defaults"));
        RedisConfig redis = redis(root.child("redis"));
        Optional<ModelRepository> repository = repository(root);
        // Read at load, so a bad repository entry stops the server before it starts, like a bad key here.
        List<ModelConfig> repositoryModels = repository.map(ModelRepository::scan).orElse(List.of());
        return Section.construct("", () -> new InferyxConfig(http, apiKeys, adminKeys, drainTimeout, retention,
                models, reuse, rateLimits, idempotency, redis, repository, repositoryModels),
                server, root);
    }

    /** {@code model_repository}: a directory path; empty = none. The defaults apply to its models too. */
    private static Optional<ModelRepository> repository(Section root) {
        String path = root.string("model_repository");
        if (path.isBlank()) {
            return Optional.empty();
        }
        return Optional.of(new ModelRepository(java.nio.file.Path.of(path.strip()),
                root.child("defaults").copyOfTree()));
    }

    private static HttpConfig http(Section s) {
        String host = s.string("host");
        int port = s.integer("port");
        boolean allowOpen = s.bool("allow_open");
        long maxBody = s.longInteger("max_body_bytes");
        int maxInput = s.integer("max_input_chars");
        Duration maxWait = s.duration("max_wait");
        return s.construct(() -> new HttpConfig(host, port, allowOpen, maxBody, maxInput, maxWait));
    }

    /** Entries of {@code auth.<list>}; {@code extraKeys} are further keys an entry may carry (read elsewhere). */
    private static List<ApiKey> keys(Section auth, String list, List<String> extraKeys) {
        var keys = new ArrayList<ApiKey>();
        var names = new HashMap<String, String>();
        var allowed = new ArrayList<>(List.of("name", "key", "sha256"));
        allowed.addAll(extraKeys);
        for (Section entry : auth.sections(list)) {
            entry.allowOnly(allowed);
            String name = entry.string("name");
            if (entry.has("key") == entry.has("sha256")) {
                throw new ConfigException(entry.path() + ": give exactly one of key (the secret) or sha256 "
                        + "(its SHA-256 in hex) for api key \"" + name + "\"");
            }
            ApiKey key = entry.has("key")
                    ? entry.construct(() -> ApiKey.fromSecret(name, entry.string("key")))
                    : entry.construct(() -> new ApiKey(name, entry.string("sha256").toLowerCase(Locale.ROOT)));
            String previous = names.putIfAbsent(name, entry.path());
            if (previous != null) {
                throw entry.error("name", "\"" + name + "\" is already used by " + previous);
            }
            keys.add(key);
        }
        return keys;
    }

    /** {@code auth.rate}/{@code burst} for every owner, overridden per key by the entry's own. */
    private static RateLimits rateLimits(Section auth) {
        RateLimit byDefault = rateLimit(auth);
        var perOwner = new LinkedHashMap<String, RateLimit>();
        for (Section entry : auth.sections("api_keys")) {
            if (entry.has("rate") || entry.has("burst")) {
                perOwner.put(entry.string("name"), rateLimit(entry.withFallback(auth)));
            }
        }
        return new RateLimits(byDefault, perOwner);
    }

    private static RateLimit rateLimit(Section s) {
        var rate = s.optionalNumber("rate");
        int burst = s.integer("burst");
        return rate.isEmpty() ? RateLimit.UNLIMITED : s.construct(() -> new RateLimit(rate.get(), burst));
    }

    private static RetentionPolicy retention(Section s) {
        s.allowOnly(JOBS_KEYS);
        Duration ttl = s.duration("result_ttl");
        int max = s.integer("max_finished_jobs");
        int deadLetterMax = s.integer("dead_letter_max");
        return s.construct(() -> new RetentionPolicy(ttl, max, deadLetterMax));
    }

    private static ReuseConfig reuse(Section s) {
        s.allowOnly(CACHE_KEYS);
        Duration ttl = s.duration("ttl");
        long maxEntries = s.longInteger("max_entries");
        int maxFollowers = s.integer("max_followers");
        CacheConfig cache = s.construct(() -> new CacheConfig(ttl, maxEntries));
        return s.construct(() -> new ReuseConfig(cache, maxFollowers));
    }

    private static IdempotencyConfig idempotency(Section s) {
        s.allowOnly(List.of("ttl", "max_keys"));
        Duration ttl = s.duration("ttl");
        long maxKeys = s.longInteger("max_keys");
        return s.construct(() -> new IdempotencyConfig(ttl, maxKeys));
    }

    private static RedisConfig redis(Section s) {
        s.allowOnly(REDIS_KEYS);
        String url = s.string("url");
        String prefix = s.string("key_prefix");
        Duration commandTimeout = s.duration("command_timeout");
        Duration visibility = s.duration("visibility_timeout");
        int maxDeliveries = s.integer("max_deliveries");
        Duration unfinishedTtl = s.duration("unfinished_ttl");
        return s.construct(() -> new RedisConfig(url, prefix, commandTimeout, visibility, maxDeliveries,
                unfinishedTtl));
    }

    private static Map<String, ModelConfig> models(Section models, Section defaults) {
        ModelMapper.checkDefaults(defaults);
        var result = new LinkedHashMap<String, ModelConfig>();
        var owners = new HashMap<String, String>();
        for (String name : models.keys()) {
            ModelConfig model = ModelMapper.map(name, models.child(name).withFallback(defaults));
            for (String served : concat(name, model.aliases())) {
                String owner = owners.putIfAbsent(served, name);
                if (owner != null) {
                    throw new ConfigException(models.pathOf(name) + ": name or alias \"" + served
                            + "\" is already used by model " + owner);
                }
            }
            result.put(name, model);
        }
        return result;
    }

    private static List<String> concat(String first, List<String> rest) {
        var all = new ArrayList<String>();
        all.add(first);
        all.addAll(rest);
        return all;
    }
}
