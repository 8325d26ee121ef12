package dev.inferyx.config;

import static dev.inferyx.config.ConfigYaml.load;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.inferyx.batch.BatchPolicy;
import dev.inferyx.model.sim.SimConfig;
import dev.inferyx.model.sim.SimPresets;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A user file (--config or INFERYX_CONFIG) deep-merged over the bundled defaults: models added, removed and partly
 * overridden.
 */
class ConfigFileTest {

    @TempDir
    Path tmp;

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
    void load_hostAndAllowOpen_areReadAsWritten() {
        // Whether an open server may bind it is the gateway's check (HttpGatewayExposureTest), after CLI flags.
        assertThat(load("server: {host: 0.0.0.0}").http().allowOpen()).isFalse();
        assertThat(load("server: {host: 0.0.0.0, allow_open: true}").http().allowOpen()).isTrue();
        assertThat(load("""
                server: {host: 0.0.0.0}
                auth: {api_keys: [{name: a, key: "12345678"}]}
                """).http().host()).isEqualTo("0.0.0.0");
    }
}
