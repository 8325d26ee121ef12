package dev.inferyx.service;

import java.util.Objects;

/**
 * Whether a model's results may be reused — served from the result cache and shared between identical requests
 * in flight (coalescing) — and the model version that is part of the cache key, so a new version never serves
 * an old version's results. Reuse only suits deterministic models: the same input must give the same output.
 *
 * @param enabled config {@code cache}
 * @param version config {@code version}: 1-64 printable characters, no spaces
 */
public record CachePolicy(boolean enabled, String version) {

    /** No reuse: every request runs the model. */
    public static final CachePolicy OFF = new CachePolicy(false, "1");

    public CachePolicy {
        Objects.requireNonNull(version, "version");
        if (!version.matches("[\\x21-\\x7e]{1,64}")) {
            throw new IllegalArgumentException("version must be 1-64 printable characters without spaces, was '"
                    + version + "'");
        }
    }
}
