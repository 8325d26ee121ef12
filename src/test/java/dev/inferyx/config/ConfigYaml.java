package dev.inferyx.config;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

/** Loads a YAML text over the bundled defaults with no environment: the one entry point the config tests share. */
final class ConfigYaml {

    private ConfigYaml() {
    }

    static InferyxConfig load(String yaml) {
        return ConfigLoader.fromYaml(yaml, Map.of());
    }

    static void assertFails(String yaml, String message) {
        assertThatThrownBy(() -> load(yaml)).isInstanceOf(ConfigException.class).hasMessage(message);
    }
}
