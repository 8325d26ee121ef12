package dev.inferyx.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.inferyx.http.ApiKey;
import dev.inferyx.http.HttpConfig;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** INFERYX_* environment variables over the files: which win, which are ignored, and errors that name the variable. */
class ConfigEnvironmentTest {

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

    @Test
    void redis_urlFromEnvironmentWinsOverFile() {
        InferyxConfig config = ConfigLoader.fromYaml("redis: {url: \"redis://file:6379\"}",
                Map.of("INFERYX_REDIS_URL", "rediss://:secret@env:6380"));

        assertThat(config.redis().url()).isEqualTo("rediss://:secret@env:6380");
        assertThat(config.redis().redactedUrl()).isEqualTo("rediss://***@env:6380");
    }
}
