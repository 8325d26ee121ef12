package dev.inferyx.config;

import static dev.inferyx.config.ConfigYaml.load;
import static dev.inferyx.config.ConfigYaml.assertFails;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Every bad configuration fails at load with a ConfigException naming the key path and the bad value. */
class ConfigErrorsTest {

    @Test
    void load_badRetryOrBreakerValue_namesKeyAndValue() {
        assertThatThrownBy(() -> load("models: {flaky: {max_attempts: 0}}"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("max_attempts")
                .hasMessageContaining("was 0");
        assertThatThrownBy(() -> load("defaults: {breaker_failure_rate: 1.5}"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("breaker_failure_rate")
                .hasMessageContaining("1.5");
        assertThatThrownBy(() -> load("jobs: {dead_letter_max: 0}"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("dead_letter_max");
    }

    @Test
    void load_badRetryBudgetWindow_failsNamingKeyAndValue() {
        assertFails("models: {flaky: {retry_budget_window: 1500ms}}",
                "models.flaky.retry_budget_window: must be whole seconds in [1s, 1h], was 1.5s");
        assertFails("models: {flaky: {retry_budget_window: 0s}}",
                "models.flaky.retry_budget_window: must be whole seconds in [1s, 1h], was 0s");
        assertFails("defaults: {retry_budget_window: 2h}",
                "defaults.retry_budget_window: must be whole seconds in [1s, 1h], was 2h");
        assertFails("defaults: {retry_budget_window: 10}", "defaults.retry_budget_window: expected a duration "
                + "like 250ms, 10s, 2m or 1h, was 10 (a bare number has no unit)");
    }

    /** Durations are quoted back as the config writes them, never in Java's ISO form (PT1.5S). */
    @Test
    void load_badDurations_areQuotedInTheConfigsOwnFormat() {
        assertFails("models: {flaky: {breaker_window: 1500ms}}",
                "models.flaky.breaker_window: must be whole seconds in [1s, 1h], was 1.5s");
        assertFails("defaults: {breaker_open_for: 0s}", "defaults.breaker_open_for: must be positive, was 0s");
        assertFails("models: {sim: {timeout: 90m, max_timeout: 1.5m}}",
                "models.sim.timeout: must be <= max_timeout (90s), was 90m");
    }

    @Test
    void load_badRetryBudgetFloor_failsNamingKeyAndValue() {
        assertFails("models: {sim: {retry_budget_min_per_second: -1}}",
                "models.sim.retry_budget_min_per_second: must be a finite number >= 0, was -1.0");
        assertFails("defaults: {retry_budget_min_per_second: lots}",
                "defaults.retry_budget_min_per_second: expected a number, was \"lots\"");
    }

    @Test
    void load_misspelledRetryBudgetKey_suggestsTheKey() {
        assertThatThrownBy(() -> load("models: {sim: {retry_budget_windw: 10s}}"))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("models.sim.retry_budget_windw: unknown key (did you mean "
                        + "retry_budget_window? known: ");
    }

    @Test
    void load_minilmIntraOpThreadsZero_failsNamingKeyAndValue() {
        assertFails("models: {minilm: {intra_op_threads: 0}}",
                "models.minilm.intra_op_threads: must be >= 1, was 0");
    }

    @Test
    void load_minilmKeyOnSimModel_isUnknown() {
        assertThatThrownBy(() -> load("models: {sim: {intra_op_threads: 2}}"))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("models.sim.intra_op_threads: unknown key");
    }

    @Test
    void load_invalidValue_failsNamingKeyPathAndValue() {
        assertFails("models: {sim: {max_batch_size: 0}}", "models.sim.max_batch_size: must be >= 1, was 0");
    }

    @Test
    void load_invalidDefault_failsNamingTheDefaultsKey() {
        assertFails("defaults: {queue_capacity: 0}", "defaults.queue_capacity: must be >= 1, was 0");
    }

    @Test
    void load_crossFieldErrorWithInheritedValue_namesWhereTheValueWasWritten() {
        assertFails("models: {sim: {min_workers: 20}}",
                "defaults.max_workers: must be >= min_workers (20), was 16 (applies to models.sim)");
    }

    @Test
    void load_unknownKey_failsListingKnownKeysAndSuggestingTheNearest() {
        assertThatThrownBy(() -> load("models: {sim: {max_bach_size: 8}}"))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("models.sim.max_bach_size: unknown key (did you mean max_batch_size? known: "
                        + "aliases, base_latency, breaker_failure_rate,");
    }

    @Test
    void load_unknownTopLevelKey_fails() {
        assertFails("sever: {port: 1}",
                "sever: unknown key (did you mean server? known: auth, cache, defaults, idempotency, jobs, model_repository, models, redis, server)");
    }

    @Test
    void load_simKeyOnEchoModel_isUnknown() {
        assertThatThrownBy(() -> load("models: {echo: {jitter: 0.1}}"))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("models.echo.jitter: unknown key");
    }

    @Test
    void load_wrongType_failsNamingKeyAndValue() {
        assertFails("server: {port: abc}", "server.port: expected an integer, was \"abc\"");
        assertFails("server: {allow_open: 1}", "server.allow_open: expected true or false, was 1");
        assertFails("server: 5", "server: expected a mapping of keys, was 5");
        assertFails("models: {sim: {aliases: mock}}", "models.sim.aliases: expected a list, was \"mock\"");
        assertFails("models: {sim: {jitter: lots}}", "models.sim.jitter: expected a number, was \"lots\"");
    }

    @Test
    void load_bareNumberDuration_failsSayingItHasNoUnit() {
        assertFails("jobs: {result_ttl: 60}",
                "jobs.result_ttl: expected a duration like 250ms, 10s, 2m or 1h, was 60 (a bare number has no unit)");
    }

    @Test
    void load_unknownType_failsListingTypes() {
        assertFails("models: {big: {type: tensorflow}}",
                "models.big.type: unknown model type \"tensorflow\" (known: echo, sim, onnx-minilm, onnx)");
    }

    @Test
    void load_modelWithoutType_fails() {
        assertThatThrownBy(() -> load("models: {big: {max_batch_size: 2}}"))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("models.big.type: missing");
    }

    @Test
    void load_unknownPreset_failsListingPresets() {
        assertFails("models: {sim: {preset: gpt}}",
                "models.sim.preset: unknown sim preset 'gpt' (known: bert-base-128, minilm-16, bert-base-16, seed)");
    }

    @Test
    void load_simValueOutOfRange_failsNamingKey() {
        assertFails("models: {flaky: {failure_rate: 1.5}}", "models.flaky.failure_rate: must be in [0, 1], was 1.5");
    }

    @Test
    void load_duplicateAlias_failsNamingBothModels() {
        assertFails("models: {echo: {aliases: [mock]}}",
                "models.echo: name or alias \"mock\" is already used by model sim");
    }

    @Test
    void load_badModelName_failsNamingIt() {
        assertFails("models: {\"bad name\": {type: echo}}",
                "models.bad name: model name must be 1-64 of [a-zA-Z0-9._-], was 'bad name'");
    }

    @Test
    void load_noModels_fails() {
        assertFails("models: {sim: ~, echo: ~, minilm: ~, flaky: ~}", "models: must name at least one model (or set model_repository)");
    }

    @Test
    void load_apiKeyWithBothKeyAndHash_fails() {
        assertFails("auth: {api_keys: [{name: a, key: \"12345678\", sha256: \"ab\"}]}",
                "auth.api_keys[0]: give exactly one of key (the secret) or sha256 (its SHA-256 in hex) for api key \"a\"");
    }

    @Test
    void load_duplicateApiKeyName_fails() {
        assertFails("auth: {api_keys: [{name: a, key: \"12345678\"}, {name: a, key: \"87654321\"}]}",
                "auth.api_keys[1].name: \"a\" is already used by auth.api_keys[0]");
    }

    @Test
    void load_duplicateYamlKey_fails() {
        assertThatThrownBy(() -> load("server: {port: 1}\nserver: {port: 2}\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("user config: invalid YAML")
                .hasMessageContaining("server");
    }

    @Test
    void load_malformedYaml_failsWithLocation() {
        assertThatThrownBy(() -> load("server: [unclosed"))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("user config: invalid YAML")
                .hasMessageContaining("line");
    }

    @Test
    void load_timeoutAboveMaxTimeout_failsNamingTimeout() {
        assertFails("models: {sim: {timeout: 20m}}",
                "models.sim.timeout: must be <= max_timeout (10m), was 20m");
    }

    @Test
    void load_invalidCacheValues_failNamingKeyAndValue() {
        assertFails("cache: {max_entries: 0}", "cache.max_entries: must be >= 1, was 0");
        assertFails("cache: {ttl: 0ms}", "cache.ttl: must be positive, was 0s");
        assertFails("cache: {max_followers: -1}", "cache.max_followers: must not be negative, was -1");
        assertFails("models: {sim: {version: \"a b\"}}",
                "models.sim.version: must be 1-64 printable characters without spaces, was 'a b'");
        assertFails("defaults: {cache: 1}", "defaults.cache: expected true or false, was 1");
    }

    @Test
    void load_invalidRateLimits_failNamingKeyAndValue() {
        assertFails("auth: {rate: 0}", "auth.rate: must be > 0 requests per second, was 0.0");
        assertFails("auth: {rate: fast}", "auth.rate: expected a number or none, was \"fast\"");
        assertFails("auth: {rate: 1, burst: 0}", "auth.burst: must be >= 1, was 0");
        assertFails("""
                auth: {api_keys: [{name: a, key: "a-secret-key", rate: -1}]}
                """, "auth.api_keys[0].rate: must be > 0 requests per second, was -1.0");
    }

    @Test
    void load_idempotencyOutlivingResults_failsNamingBoth() {
        assertFails("idempotency: {ttl: 2h}", "idempotency.ttl (2h) must be <= jobs.result_ttl (1h)");
        assertFails("idempotency: {max_keys: 0}", "idempotency.max_keys: must be >= 1, was 0");
    }

    @Test
    void redis_badValues_nameTheKey() {
        assertFails("redis: {url: \"http://x\"}", "redis.url: must start with redis:// or rediss://, was 'http://x'");
        assertFails("redis: {max_deliveries: 0}", "redis.max_deliveries: must be >= 1, was 0");
    }
}
