package dev.inferyx.config;

import static dev.inferyx.config.ConfigYaml.load;
import static org.assertj.core.api.Assertions.assertThat;

import dev.inferyx.cache.CacheConfig;
import dev.inferyx.cache.IdempotencyConfig;
import dev.inferyx.http.ApiKey;
import dev.inferyx.retry.RetryPolicy;
import dev.inferyx.service.CachePolicy;
import dev.inferyx.service.RateLimit;
import dev.inferyx.service.RateLimits;
import dev.inferyx.service.ReuseConfig;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Each section read as written: per-model retry and breaker, MiniLM, API and admin keys, cache, rate limits,
 * idempotency.
 */
class ConfigSectionsTest {

    @Test
    void load_retryAndBreakerKeys_perModelOverDefaults() {
        InferyxConfig config = load("""
                defaults: {max_attempts: 3, retry_backoff_base: 100ms, breaker_open_for: 5s}
                models:
                  flaky: {retry_backoff_cap: 1s, retry_budget_ratio: 0.5, breaker_failure_rate: 0.8,
                          breaker_window: 20s, breaker_min_calls: 5, breaker_half_open_probes: 2}
                jobs: {dead_letter_max: 7}
                """);

        ModelConfig flaky = config.models().get("flaky");
        assertThat(flaky.retry()).isEqualTo(new dev.inferyx.retry.RetryPolicy(3, Duration.ofMillis(100),
                Duration.ofSeconds(1), 0.5));
        assertThat(flaky.breaker()).isEqualTo(new dev.inferyx.retry.BreakerPolicy(0.8, Duration.ofSeconds(20), 5,
                Duration.ofSeconds(5), 2));
        assertThat(config.models().get("sim").retry().maxAttempts()).isEqualTo(3);
        assertThat(config.retention().deadLetterMax()).isEqualTo(7);
    }

    @Test
    void load_retryBudgetWindowAndFloor_perModelOverDefaults() {
        InferyxConfig config = load("""
                defaults: {retry_budget_window: 30s, retry_budget_min_per_second: 0.5}
                models:
                  flaky: {retry_budget_window: 1m, retry_budget_min_per_second: 0}
                  echo: {retry_budget_min_per_second: 3}
                """);

        RetryPolicy flaky = config.models().get("flaky").retry();
        RetryPolicy echo = config.models().get("echo").retry();
        RetryPolicy sim = config.models().get("sim").retry();
        assertThat(flaky.budgetWindow()).isEqualTo(Duration.ofMinutes(1));
        assertThat(flaky.budgetMinPerSecond()).isZero();
        assertThat(echo.budgetWindow()).as("inherited from defaults").isEqualTo(Duration.ofSeconds(30));
        assertThat(echo.budgetMinPerSecond()).isEqualTo(3.0);
        assertThat(sim).isEqualTo(new RetryPolicy(4, Duration.ofSeconds(2), Duration.ofSeconds(30), 0.2,
                Duration.ofSeconds(30), 0.5));
    }

    @Test
    void load_adminKeys_fromFileAndFromInferyxAdminKeys() {
        InferyxConfig fromFile = load("auth: {admin_keys: [{name: ops, key: \"ops-secret\"}]}");
        InferyxConfig fromEnv = ConfigLoader.fromYaml("", Map.of("INFERYX_ADMIN_KEYS", "root:root-secret"));

        assertThat(fromFile.adminKeys()).extracting(dev.inferyx.http.ApiKey::name).containsExactly("ops");
        assertThat(fromEnv.adminKeys()).extracting(dev.inferyx.http.ApiKey::name).containsExactly("root");
        assertThat(fromEnv.apiKeys()).isEmpty();
    }

    @Test
    void load_minilmQuantizedAndIntraOpThreads_overrideTheDefaults() {
        ModelSpec spec = load("models: {minilm: {quantized: true, intra_op_threads: 2}}").models().get("minilm").spec();

        assertThat(spec).isEqualTo(new ModelSpec.MiniLm(true, 2));
    }

    @Test
    void load_apiKeys_plainAndHashed() {
        String hash = ApiKey.sha256("bob-secret-1");
        InferyxConfig config = load("""
                auth:
                  api_keys:
                    - {name: alice, key: "alice-secret-1"}
                    - {name: bob, sha256: "%s"}
                """.formatted(hash.toUpperCase()));

        assertThat(config.apiKeys()).containsExactly(ApiKey.fromSecret("alice", "alice-secret-1"),
                new ApiKey("bob", hash));
    }

    @Test
    void load_cacheSectionAndModelVersion_areReadAsWritten() {
        InferyxConfig config = load("""
                cache: {ttl: 10m, max_entries: 50, max_followers: 7}
                models: {sim: {version: "2024-06", cache: false}}
                """);

        assertThat(config.reuse()).isEqualTo(new ReuseConfig(new CacheConfig(Duration.ofMinutes(10), 50), 7));
        assertThat(config.models().get("sim").cache()).isEqualTo(new CachePolicy(false, "2024-06"));
    }

    @Test
    void load_rateLimits_defaultForAllKeys_andPerKeyOverrides() {
        InferyxConfig config = load("""
                auth:
                  rate: 5
                  burst: 10
                  api_keys:
                    - {name: alice, key: "alice-secret-key"}
                    - {name: bulk, key: "bulk-secret-key", rate: 0.5, burst: 2}
                    - {name: burst-only, key: "burst-secret-key", burst: 50}
                    - {name: free, key: "free-secret-key", rate: none}
                """);

        RateLimits limits = config.rateLimits();
        assertThat(limits.of("alice")).isEqualTo(new RateLimit(5, 10));
        assertThat(limits.of("anonymous")).isEqualTo(new RateLimit(5, 10));
        assertThat(limits.of("bulk")).isEqualTo(new RateLimit(0.5, 2));
        assertThat(limits.of("burst-only")).isEqualTo(new RateLimit(5, 50));
        assertThat(limits.of("free")).isEqualTo(RateLimit.UNLIMITED);
    }

    @Test
    void load_idempotency_readsTtlAndMaxKeys_andDefaultsMatch() {
        assertThat(ConfigLoader.defaults().idempotency()).isEqualTo(IdempotencyConfig.DEFAULT);
        assertThat(load("idempotency: {ttl: 10m, max_keys: 5}").idempotency())
                .isEqualTo(new IdempotencyConfig(Duration.ofMinutes(10), 5));
    }
}
