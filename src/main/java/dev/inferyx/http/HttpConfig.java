package dev.inferyx.http;

import dev.inferyx.core.DurationFormat;
import java.time.Duration;
import java.util.Objects;

/**
 * The HTTP listener and request limits.
 *
 * @param host          interface to bind; an open server (no API keys) may only bind loopback unless
 *                      {@code allowOpen} is set
 * @param port          0 picks a free port
 * @param maxBodyBytes  larger bodies get 413
 * @param maxInputChars longer {@code input} strings get 400
 * @param maxWait       the longest {@code ?wait=} a client may ask for
 */
public record HttpConfig(String host, int port, boolean allowOpen, long maxBodyBytes, int maxInputChars,
                         Duration maxWait) {

    public static final HttpConfig DEFAULT =
            new HttpConfig("127.0.0.1", 8080, false, 1 << 20, 10_000, Duration.ofSeconds(60));

    public HttpConfig {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(maxWait, "max_wait");
        if (host.isBlank()) {
            throw new IllegalArgumentException("host must not be blank");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be in [0, 65535], was " + port);
        }
        if (maxBodyBytes < 64) {
            throw new IllegalArgumentException("max_body_bytes must be >= 64, was " + maxBodyBytes);
        }
        if (maxInputChars < 1) {
            throw new IllegalArgumentException("max_input_chars must be >= 1, was " + maxInputChars);
        }
        if (maxWait.isNegative()) {
            throw new IllegalArgumentException("max_wait must not be negative, was " + DurationFormat.format(maxWait));
        }
    }

    public HttpConfig withPort(int newPort) {
        return new HttpConfig(host, newPort, allowOpen, maxBodyBytes, maxInputChars, maxWait);
    }

    public HttpConfig withHost(String newHost) {
        return new HttpConfig(newHost, port, allowOpen, maxBodyBytes, maxInputChars, maxWait);
    }
}
