package dev.inferyx.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.inferyx.batch.BatchPolicy;
import dev.inferyx.cache.IdempotencyConfig;
import dev.inferyx.config.InferyxConfig;
import dev.inferyx.config.ModelConfig;
import dev.inferyx.config.ModelSpec;
import dev.inferyx.http.ApiKey;
import dev.inferyx.http.HttpConfig;
import dev.inferyx.model.sim.SimConfig;
import dev.inferyx.queue.RetentionPolicy;
import dev.inferyx.retry.BreakerPolicy;
import dev.inferyx.retry.RetryPolicy;
import dev.inferyx.queue.redis.RedisConfig;
import dev.inferyx.service.AdmissionPolicy;
import dev.inferyx.service.CachePolicy;
import dev.inferyx.service.RateLimits;
import dev.inferyx.service.ReuseConfig;
import dev.inferyx.worker.PoolConfig;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A real embedded server on a random loopback port plus a small HTTP client for it. Tests build the models
 * they need; {@link #close()} drains and stops the server.
 */
final class TestServer implements AutoCloseable {

    static final String ALICE_KEY = "alice-secret-key";
    static final String BOB_KEY = "bob-secret-key-2";

    private static final ObjectMapper MAPPER = new ObjectMapper();

    final EmbeddedServer server;
    final InferyxConfig config;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(30)).build();
    private final String base;

    private TestServer(InferyxConfig config, Role role) {
        this.config = config;
        this.server = EmbeddedServer.start(config, InstantSource.system(), role);
        this.base = "http://127.0.0.1:" + server.port();
    }

    static Builder builder() {
        return new Builder();
    }

    /** A server for a configuration built elsewhere (e.g. loaded from YAML); its port should be 0. */
    static TestServer of(InferyxConfig config) {
        return new TestServer(config, Role.ALL);
    }

    /** An instant sim model: zero latency, no failures. */
    static SimConfig instantSim() {
        return new SimConfig(Duration.ZERO, 1, Duration.ZERO, 0, 0, 0);
    }

    static SimConfig slowSim(Duration latency) {
        return new SimConfig(latency, 1024, Duration.ZERO, 0, 0, 0);
    }

    static final class Builder {
        private final Map<String, ModelConfig> models = new LinkedHashMap<>();
        private final List<ApiKey> keys = new ArrayList<>();
        private Duration drain = Duration.ofSeconds(10);
        private HttpConfig http = HttpConfig.DEFAULT.withPort(0);
        private final List<ApiKey> adminKeys = new ArrayList<>();
        /** Short backoffs so retries finish in test time. */
        private RetryPolicy retry = new RetryPolicy(4, Duration.ofMillis(5), Duration.ofMillis(50), 0.2);
        /** A breaker that never opens unless a test asks for one. */
        private BreakerPolicy breaker = new BreakerPolicy(1.0, Duration.ofSeconds(10), 1_000_000,
                Duration.ofSeconds(1), 1);

        Builder retry(RetryPolicy policy) {
            retry = policy;
            return this;
        }

        Builder breaker(BreakerPolicy policy) {
            breaker = policy;
            return this;
        }

        Builder adminKey(String name, String secret) {
            adminKeys.add(ApiKey.fromSecret(name, secret));
            return this;
        }
        private RateLimits rateLimits = RateLimits.UNLIMITED;
        private RedisConfig redis = RedisConfig.of("");
        private Role role = Role.ALL;

        /** Uses the Redis backend at {@code url} under {@code prefix}. */
        Builder redis(String url, String prefix) {
            redis = RedisConfig.of(url).withKeyPrefix(prefix);
            return this;
        }

        Builder role(Role r) {
            role = r;
            return this;
        }

        Builder model(String name, ModelSpec spec, int capacity, BatchPolicy batching, PoolConfig pool,
                      String... aliases) {
            models.put(name, new ModelConfig(name, List.of(aliases), spec,
                    new AdmissionPolicy(capacity, Optional.empty(), Duration.ofMinutes(10)), batching, pool));
            return this;
        }

        Builder sim(String name, SimConfig sim, int capacity, String... aliases) {
            return model(name, new ModelSpec.Sim("test", sim), capacity, new BatchPolicy(16, Duration.ofMillis(2)),
                    new PoolConfig(2, 4, 10, Duration.ofSeconds(30)), aliases);
        }

        Builder echo(String name, int capacity) {
            return model(name, new ModelSpec.Echo(), capacity, new BatchPolicy(64, Duration.ofMillis(1)),
                    new PoolConfig(1, 2, 10, Duration.ofSeconds(30)));
        }

        /** Turns result reuse (cache + coalescing) on for an already added model. */
        Builder reuse(String model) {
            ModelConfig m = models.get(model);
            models.put(model, new ModelConfig(m.name(), m.aliases(), m.spec(), m.admission(), m.batching(), m.pool(),
                    new CachePolicy(true, "1")));
            return this;
        }

        Builder withKeys() {
            keys.add(ApiKey.fromSecret("alice", ALICE_KEY));
            keys.add(ApiKey.fromSecret("bob", BOB_KEY));
            return this;
        }

        Builder rateLimits(RateLimits limits) {
            rateLimits = limits;
            return this;
        }

        Builder drainTimeout(Duration d) {
            drain = d;
            return this;
        }

        Builder http(HttpConfig config) {
            http = config.withPort(0);
            return this;
        }

        TestServer start() {
            Map<String, ModelConfig> withPolicies = new LinkedHashMap<>();
            models.forEach((name, m) -> withPolicies.put(name, new ModelConfig(m.name(), m.aliases(), m.spec(),
                    m.admission(), m.batching(), m.pool(), retry, breaker, m.cache())));
            return new TestServer(new InferyxConfig(http, keys, adminKeys, drain,
                    new RetentionPolicy(Duration.ofMinutes(5), 100_000), withPolicies, ReuseConfig.DEFAULT,
                    rateLimits, new IdempotencyConfig(Duration.ofMinutes(5), 10_000), redis), role);
        }
    }

    record Response(int status, Map<String, List<String>> headers, String body) {
        JsonNode json() {
            try {
                return MAPPER.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("response is not JSON: " + body, e);
            }
        }

        Optional<String> header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .flatMap(e -> e.getValue().stream()).findFirst();
        }
    }

    Response post(String path, String body, String... headers) {
        HttpRequest.Builder req = HttpRequest.newBuilder(URI.create(base + path))
                .timeout(Duration.ofSeconds(60))
                .POST(HttpRequest.BodyPublishers.ofString(body));
        boolean hasType = false;
        for (int i = 0; i < headers.length; i += 2) {
            req.header(headers[i], headers[i + 1]);
            hasType |= headers[i].equalsIgnoreCase("Content-Type");
        }
        if (!hasType) {
            req.header("Content-Type", "application/json");
        }
        return send(req.build());
    }

    Response delete(String path, String... headers) {
        HttpRequest.Builder req = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60))
                .DELETE();
        for (int i = 0; i < headers.length; i += 2) {
            req.header(headers[i], headers[i + 1]);
        }
        return send(req.build());
    }

    Response get(String path, String... headers) {
        HttpRequest.Builder req = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60)).GET();
        for (int i = 0; i < headers.length; i += 2) {
            req.header(headers[i], headers[i + 1]);
        }
        return send(req.build());
    }

    Response send(HttpRequest request) {
        try {
            HttpResponse<String> r = client.send(request, HttpResponse.BodyHandlers.ofString());
            return new Response(r.statusCode(), r.headers().map(), r.body());
        } catch (IOException e) {
            throw new AssertionError("request failed: " + request, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    String base() {
        return base;
    }

    HttpClient client() {
        return client;
    }

    static String bearer(String key) {
        return "Bearer " + key;
    }

    /** Sums every sample of {@code metric} whose labels contain all of {@code labels} (e.g. {@code model="sim"}). */
    double metric(String metric, String... labels) {
        String text = get("/metrics").body();
        double sum = 0;
        for (String line : text.split("\n")) {
            if (line.startsWith("#") || !(line.startsWith(metric + "{") || line.startsWith(metric + " "))) {
                continue;
            }
            boolean all = true;
            for (String label : labels) {
                all &= line.contains(label);
            }
            if (all) {
                sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return sum;
    }

    @Override
    public void close() {
        server.close();
    }
}
