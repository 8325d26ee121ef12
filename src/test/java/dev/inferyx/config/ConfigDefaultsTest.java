package dev.inferyx.config;

import static dev.inferyx.config.ConfigYaml.load;
import static org.assertj.core.api.Assertions.assertThat;

import dev.inferyx.batch.BatchPolicy;
import dev.inferyx.http.HttpConfig;
import dev.inferyx.model.sim.SimPresets;
import dev.inferyx.queue.RetentionPolicy;
import dev.inferyx.service.AdmissionPolicy;
import dev.inferyx.service.CachePolicy;
import dev.inferyx.service.RateLimits;
import dev.inferyx.service.ReuseConfig;
import dev.inferyx.worker.PoolConfig;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * What Inferyx runs with when no file or variable says otherwise: the bundled inferyx.yaml, and that it documents
 * every key.
 */
class ConfigDefaultsTest {

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

    @Test
    void defaults_reuseSimResults_butNotEchoOrFlaky() {
        InferyxConfig config = ConfigLoader.defaults();

        assertThat(config.reuse()).isEqualTo(ReuseConfig.DEFAULT);
        assertThat(config.models().get("sim").cache()).isEqualTo(new CachePolicy(true, "1"));
        assertThat(config.models().get("echo").cache().enabled()).isFalse();
        assertThat(config.models().get("flaky").cache().enabled()).isFalse();
    }

    @Test
    void defaults_noRateLimits() {
        assertThat(ConfigLoader.defaults().rateLimits()).isEqualTo(RateLimits.UNLIMITED);
    }

    @Test
    void redis_defaultsToUnsetWithDocumentedSettings() {
        var redis = load("").redis();

        assertThat(redis.configured()).isFalse();
        assertThat(redis.keyPrefix()).isEqualTo("inferyx:");
        assertThat(redis.visibilityTimeout()).isEqualTo(java.time.Duration.ofMinutes(5));
        assertThat(redis.maxDeliveries()).isEqualTo(5);
    }
}
