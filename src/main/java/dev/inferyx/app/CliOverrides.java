package dev.inferyx.app;

import dev.inferyx.config.ConfigException;
import dev.inferyx.config.InferyxConfig;
import dev.inferyx.http.HttpConfig;

/** Command-line flags win over the file and the environment. */
final class CliOverrides {

    private CliOverrides() {
    }

    static InferyxConfig apply(InferyxConfig cfg, String host, Integer port, boolean allowOpen) {
        HttpConfig http = cfg.http();
        try {
            if (host != null) {
                http = http.withHost(host);
            }
            if (port != null) {
                http = http.withPort(port);
            }
            if (allowOpen) {
                http = new HttpConfig(http.host(), http.port(), true, http.maxBodyBytes(), http.maxInputChars(),
                        http.maxWait());
            }
        } catch (IllegalArgumentException e) {
            throw new ConfigException("command line: " + e.getMessage());
        }
        return cfg.withHttp(http);
    }
}
