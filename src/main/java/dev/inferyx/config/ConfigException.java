package dev.inferyx.config;

/**
 * The configuration is invalid. The message names where (the full key path such as
 * {@code models.sim.max_batch_size}, an environment variable, or a file) and the bad value, e.g.
 * {@code models.sim.max_batch_size: must be >= 1, was 0}; the server refuses to start with it.
 */
public final class ConfigException extends RuntimeException {

    public ConfigException(String message) {
        super(message);
    }

    public ConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
