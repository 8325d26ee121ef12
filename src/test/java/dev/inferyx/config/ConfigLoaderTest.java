package dev.inferyx.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.inferyx.batch.BatchPolicy;
import dev.inferyx.http.ApiKey;
import dev.inferyx.http.HttpConfig;
import dev.inferyx.model.sim.SimConfig;
import dev.inferyx.model.sim.SimPresets;
import dev.inferyx.queue.RetentionPolicy;
import dev.inferyx.cache.CacheConfig;
import dev.inferyx.cache.IdempotencyConfig;
import dev.inferyx.service.AdmissionPolicy;
import dev.inferyx.service.CachePolicy;
import dev.inferyx.service.RateLimit;
import dev.inferyx.service.RateLimits;
import dev.inferyx.service.ReuseConfig;
import dev.inferyx.worker.PoolConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {

    private static InferyxConfig load(String yaml) {
        return ConfigLoader.fromYaml(yaml, Map.of());
    }

    private static void assertFails(String yaml, String message) {
        assertThatThrownBy(() -> load(yaml)).isInstanceOf(ConfigException.class).hasMessage(message);
    }

    // --- defaults -------------------------------------------------------------------------------------------

    @Test
    void defaults_matchTheComponentDefaults() {
        InferyxConfig config = ConfigLoader.defaults();

        assertThat(config.http()).isEqualTo(HttpConfig.DEFAULT);
        assertThat(config.apiKeys()).isEmpty();
        assertThat(config.drainTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(config.retention()).isEqualTo(RetentionPolicy.DEFAULT);
        assertThat(config.models()).containsOnlyKeys("sim", "echo", "minilm", "flaky");
        ModelConfig sim = config.models().get("sim");
        assertThat(sim.aliases()).containsExactly("mock");
        assertThat(sim.spec()).isEqualTo(new ModelSpec.Sim("bert-base-128", SimPresets.named("bert-base-128")));
        assertThat(sim.admission()).isEqualTo(AdmissionPolicy.DEFAULT);
        assertThat(sim.batching()).isEqualTo(BatchPolicy.DEFAULT);
        assertThat(sim.pool()).isEqualTo(PoolConfig.DEFAULT);
        assertThat(sim.retry()).isEqualTo(dev.inferyx.retry.RetryPolicy.DEFAULT);
        assertThat(sim.breaker()).isEqualTo(dev.inferyx.retry.BreakerPolicy.DEFAULT);
        assertThat(config.adminKeys()).isEmpty();
    }

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
    void load_adminKeys_fromFileAndFromInferyxAdminKeys() {
        InferyxConfig fromFile = load("auth: {admin_keys: [{name: ops, key: \"ops-secret\"}]}");
        InferyxConfig fromEnv = ConfigLoader.fromYaml("", Map.of("INFERYX_ADMIN_KEYS", "root:root-secret"));

        assertThat(fromFile.adminKeys()).extracting(dev.inferyx.http.ApiKey::name).containsExactly("ops");
        assertThat(fromEnv.adminKeys()).extracting(dev.inferyx.http.ApiKey::name).containsExactly("root");
        assertThat(fromEnv.apiKeys()).isEmpty();
    }

    @Test
    void defaults_echoOverridesBatchingAndWorkers() {
        ModelConfig echo = ConfigLoader.defaults().models().get("echo");

        assertThat(echo.spec()).isEqualTo(new ModelSpec.Echo());
        assertThat(echo.batching()).isEqualTo(new BatchPolicy(64, Duration.ZERO));
        assertThat(echo.pool().minWorkers()).isEqualTo(1);
        assertThat(echo.pool().maxWorkers()).isEqualTo(2);
        assertThat(echo.pool().idleTimeout()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void defaults_minilmRunsFp32OneThreadPerCallOnUpToTwoWorkers() {
        ModelConfig minilm = ConfigLoader.defaults().models().get("minilm");

        assertThat(minilm.spec()).isEqualTo(new ModelSpec.MiniLm(false, 1));
        assertThat(minilm.batching()).isEqualTo(new BatchPolicy(32, Duration.ofMillis(2)));
        assertThat(minilm.pool().minWorkers()).isEqualTo(1);
        assertThat(minilm.pool().maxWorkers()).isEqualTo(2);
    }

    @Test
    void load_minilmQuantizedAndIntraOpThreads_overrideTheDefaults() {
        ModelSpec spec = load("models: {minilm: {quantized: true, intra_op_threads: 2}}").models().get("minilm").spec();

        assertThat(spec).isEqualTo(new ModelSpec.MiniLm(true, 2));
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
    void defaults_flakyFailsAThirdOfBatches() {
        ModelSpec.Sim flaky = (ModelSpec.Sim) ConfigLoader.defaults().models().get("flaky").spec();

        assertThat(flaky.sim().failureRate()).isEqualTo(0.3);
        assertThat(flaky.sim().baseLatency()).isEqualTo(SimPresets.named("bert-base-128").baseLatency());
    }

    @Test
    void bundledYaml_commentsEveryKey() {
        String yaml = ConfigLoader.bundledYaml();
        for (String line : yaml.split("\n")) {
            if (line.matches("\\s+[a-z_]+: \\S.*") && !line.contains("type:")) {
                assertThat(line).as("a key line without a comment").contains("#");
            }
        }
    }

    // --- user file ------------------------------------------------------------------------------------------

    @Test
    void load_userFile_deepMergesOverDefaults() throws IOException {
        Path file = tmp.resolve("mine.yaml");
        Files.writeString(file, """
                server:
                  port: 9090
                models:
                  sim:
                    max_batch_size: 128
                    jitter: 0
                """);

        InferyxConfig config = ConfigLoader.load(Optional.of(file), Map.of());

        assertThat(config.http().port()).isEqualTo(9090);
        assertThat(config.http().host()).isEqualTo("127.0.0.1");
        ModelConfig sim = config.models().get("sim");
        assertThat(sim.batching()).isEqualTo(new BatchPolicy(128, Duration.ofMillis(5)));
        assertThat(sim.aliases()).containsExactly("mock");
        assertThat(((ModelSpec.Sim) sim.spec()).sim().jitter()).isZero();
        assertThat(((ModelSpec.Sim) sim.spec()).sim().saturationBatch()).isEqualTo(64);
    }

    @TempDir
    Path tmp;

    @Test
    void load_withoutConfigFlag_readsFileNamedByInferyxConfig() throws IOException {
        Path file = tmp.resolve("env.yaml");
        Files.writeString(file, "jobs: {max_finished_jobs: 7}\n");

        InferyxConfig config = ConfigLoader.load(Optional.empty(), Map.of("INFERYX_CONFIG", file.toString()));

        assertThat(config.retention().maxFinishedJobs()).isEqualTo(7);
    }

    @Test
    void load_configFlag_winsOverInferyxConfig() throws IOException {
        Path flag = tmp.resolve("flag.yaml");
        Files.writeString(flag, "jobs: {max_finished_jobs: 1}\n");

        InferyxConfig config = ConfigLoader.load(Optional.of(flag),
                Map.of("INFERYX_CONFIG", tmp.resolve("absent.yaml").toString()));

        assertThat(config.retention().maxFinishedJobs()).isEqualTo(1);
    }

    @Test
    void load_missingFile_failsNamingPath() {
        Path missing = tmp.resolve("nope.yaml");

        assertThatThrownBy(() -> ConfigLoader.load(Optional.of(missing), Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessage("config file " + missing + ": not found");
    }

    @Test
    void load_userModels_areAddedToBundledOnes_andTildeRemovesOne() {
        InferyxConfig config = load("""
                models:
                  flaky: ~
                  tiny: {type: sim, preset: minilm-16, min_workers: 1, max_workers: 1}
                """);

        assertThat(config.models()).containsOnlyKeys("sim", "echo", "minilm", "tiny");
        assertThat(((ModelSpec.Sim) config.models().get("tiny").spec()).preset()).isEqualTo("minilm-16");
    }

    @Test
    void load_defaultsSection_appliesToModelsThatDoNotOverride() {
        InferyxConfig config = load("""
                defaults: {max_batch_size: 8, timeout: 2s}
                """);

        assertThat(config.models().get("sim").batching().maxBatchSize()).isEqualTo(8);
        assertThat(config.models().get("echo").batching().maxBatchSize()).isEqualTo(64);
        assertThat(config.models().get("flaky").admission().defaultTimeout()).contains(Duration.ofSeconds(2));
    }

    @Test
    void load_simOverrides_replaceSinglePresetFields() {
        SimConfig sim = ((ModelSpec.Sim) load("""
                models:
                  sim: {preset: seed, base_latency: 0.5s, per_item_latency: 0.06ms, oom_above_batch: 256}
                """).models().get("sim").spec()).sim();

        assertThat(sim.baseLatency()).isEqualTo(Duration.ofMillis(500));
        assertThat(sim.perItemLatency()).isEqualTo(Duration.ofNanos(60_000));
        assertThat(sim.oomAboveBatch()).isEqualTo(256);
        assertThat(sim.jitter()).isEqualTo(SimPresets.named("seed").jitter());
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
    void load_hostAndAllowOpen_areReadAsWritten() {
        // Whether an open server may bind it is the gateway's check (HttpGatewayExposureTest), after CLI flags.
        assertThat(load("server: {host: 0.0.0.0}").http().allowOpen()).isFalse();
        assertThat(load("server: {host: 0.0.0.0, allow_open: true}").http().allowOpen()).isTrue();
        assertThat(load("""
                server: {host: 0.0.0.0}
                auth: {api_keys: [{name: a, key: "12345678"}]}
                """).http().host()).isEqualTo("0.0.0.0");
    }

    // --- environment ----------------------------------------------------------------------------------------

    @Test
    void env_hostPortAndKeys_overrideTheFiles() {
        InferyxConfig config = ConfigLoader.fromYaml("server: {port: 9000}", Map.of(
                "INFERYX_HOST", "0.0.0.0",
                "INFERYX_PORT", "7070",
                "INFERYX_API_KEYS", "alice:secret-one,bob:secret-two"));

        assertThat(config.http().host()).isEqualTo("0.0.0.0");
        assertThat(config.http().port()).isEqualTo(7070);
        assertThat(config.apiKeys()).containsExactly(ApiKey.fromSecret("alice", "secret-one"),
                ApiKey.fromSecret("bob", "secret-two"));
    }

    @Test
    void env_bareSecrets_areNamedByPosition() {
        InferyxConfig config = ConfigLoader.fromYaml("", Map.of("INFERYX_API_KEYS", "first-secret, second-secret"));

        assertThat(config.apiKeys()).extracting(ApiKey::name).containsExactly("key-1", "key-2");
        assertThat(config.apiKeys().get(1)).isEqualTo(ApiKey.fromSecret("key-2", "second-secret"));
    }

    @Test
    void env_apiKeys_replaceTheFilesKeys() {
        InferyxConfig config = ConfigLoader.fromYaml("auth: {api_keys: [{name: file, key: \"file-secret\"}]}",
                Map.of("INFERYX_API_KEYS", "env:env-secret"));

        assertThat(config.apiKeys()).extracting(ApiKey::name).containsExactly("env");
    }

    @Test
    void env_blankValues_areIgnored() {
        InferyxConfig config = ConfigLoader.fromYaml("", Map.of("INFERYX_PORT", " ", "INFERYX_HOST", ""));

        assertThat(config.http()).isEqualTo(HttpConfig.DEFAULT);
    }

    @Test
    void env_nonNumericPort_failsNamingVariableAndValue() {
        assertThatThrownBy(() -> ConfigLoader.fromYaml("", Map.of("INFERYX_PORT", "abc")))
                .isInstanceOf(ConfigException.class)
                .hasMessage("INFERYX_PORT: expected an integer, was \"abc\"");
    }

    @Test
    void env_portOutOfRange_failsNamingKeyValueAndVariable() {
        assertThatThrownBy(() -> ConfigLoader.fromYaml("", Map.of("INFERYX_PORT", "70000")))
                .isInstanceOf(ConfigException.class)
                .hasMessage("server.port (from INFERYX_PORT): must be in [0, 65535], was 70000");
    }

    @Test
    void env_shortSecret_failsNamingVariableButNotTheSecret() {
        assertThatThrownBy(() -> ConfigLoader.fromYaml("", Map.of("INFERYX_API_KEYS", "alice:short")))
                .isInstanceOf(ConfigException.class)
                .hasMessage("auth.api_keys[0] (from INFERYX_API_KEYS): api key 'alice' must be at least 8 characters")
                .hasMessageNotContaining("short");
    }

    // --- errors ---------------------------------------------------------------------------------------------

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
                "models.sim.timeout: must be <= max_timeout (PT10M), was PT20M");
    }

    // --- result reuse ---------------------------------------------------------------------------------------

    @Test
    void defaults_reuseSimResults_butNotEchoOrFlaky() {
        InferyxConfig config = ConfigLoader.defaults();

        assertThat(config.reuse()).isEqualTo(ReuseConfig.DEFAULT);
        assertThat(config.models().get("sim").cache()).isEqualTo(new CachePolicy(true, "1"));
        assertThat(config.models().get("echo").cache().enabled()).isFalse();
        assertThat(config.models().get("flaky").cache().enabled()).isFalse();
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
    void load_invalidCacheValues_failNamingKeyAndValue() {
        assertFails("cache: {max_entries: 0}", "cache.max_entries: must be >= 1, was 0");
        assertFails("cache: {ttl: 0ms}", "cache.ttl: must be positive, was PT0S");
        assertFails("cache: {max_followers: -1}", "cache.max_followers: must not be negative, was -1");
        assertFails("models: {sim: {version: \"a b\"}}",
                "models.sim.version: must be 1-64 printable characters without spaces, was 'a b'");
        assertFails("defaults: {cache: 1}", "defaults.cache: expected true or false, was 1");
    }

    // --- rate limits ----------------------------------------------------------------------------------------

    @Test
    void defaults_noRateLimits() {
        assertThat(ConfigLoader.defaults().rateLimits()).isEqualTo(RateLimits.UNLIMITED);
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
    void load_invalidRateLimits_failNamingKeyAndValue() {
        assertFails("auth: {rate: 0}", "auth.rate: must be > 0 requests per second, was 0.0");
        assertFails("auth: {rate: fast}", "auth.rate: expected a number or none, was \"fast\"");
        assertFails("auth: {rate: 1, burst: 0}", "auth.burst: must be >= 1, was 0");
        assertFails("""
                auth: {api_keys: [{name: a, key: "a-secret-key", rate: -1}]}
                """, "auth.api_keys[0].rate: must be > 0 requests per second, was -1.0");
    }

    // --- idempotency ----------------------------------------------------------------------------------------

    @Test
    void load_idempotency_readsTtlAndMaxKeys_andDefaultsMatch() {
        assertThat(ConfigLoader.defaults().idempotency()).isEqualTo(IdempotencyConfig.DEFAULT);
        assertThat(load("idempotency: {ttl: 10m, max_keys: 5}").idempotency())
                .isEqualTo(new IdempotencyConfig(Duration.ofMinutes(10), 5));
    }

    @Test
    void load_idempotencyOutlivingResults_failsNamingBoth() {
        assertFails("idempotency: {ttl: 2h}", "idempotency.ttl (2h) must be <= jobs.result_ttl (1h)");
        assertFails("idempotency: {max_keys: 0}", "idempotency.max_keys: must be >= 1, was 0");
    }

    @Test
    void redis_defaultsToUnsetWithDocumentedSettings() {
        var redis = load("").redis();

        assertThat(redis.configured()).isFalse();
        assertThat(redis.keyPrefix()).isEqualTo("inferyx:");
        assertThat(redis.visibilityTimeout()).isEqualTo(java.time.Duration.ofMinutes(5));
        assertThat(redis.maxDeliveries()).isEqualTo(5);
    }

    @Test
    void redis_urlFromEnvironmentWinsOverFile() {
        InferyxConfig config = ConfigLoader.fromYaml("redis: {url: \"redis://file:6379\"}",
                Map.of("INFERYX_REDIS_URL", "rediss://:secret@env:6380"));

        assertThat(config.redis().url()).isEqualTo("rediss://:secret@env:6380");
        assertThat(config.redis().redactedUrl()).isEqualTo("rediss://***@env:6380");
    }

    @Test
    void redis_badValues_nameTheKey() {
        assertFails("redis: {url: \"http://x\"}", "redis.url: must start with redis:// or rediss://, was 'http://x'");
        assertFails("redis: {max_deliveries: 0}", "redis.max_deliveries: must be >= 1, was 0");
    }
}
