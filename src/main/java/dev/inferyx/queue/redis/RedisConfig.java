package dev.inferyx.queue.redis;

import dev.inferyx.core.DurationFormat;
import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * How to reach Redis and how the Redis backend behaves. Immutable; the constructor validates and names the bad
 * value.
 *
 * @param url               {@code redis://[:password@]host[:port][/db]} or {@code rediss://...} for TLS; empty
 *                          when Redis is not configured (the embedded server then uses the in-memory backend)
 * @param keyPrefix         prepended to every key and channel, so several deployments can share one Redis
 *                          (non-empty, no spaces)
 * @param commandTimeout    the longest any single command may take before the caller sees an outage (> 0)
 * @param visibilityTimeout how long a claimed job may stay unfinished before a live worker reclaims it, assuming
 *                          its worker died (> 0; longer than the slowest batch)
 * @param maxDeliveries     a job delivered this many times without finishing fails with code {@code poison}
 *                          and is dead-lettered instead of being delivered again (>= 1)
 * @param unfinishedTtl     safety TTL on an unfinished job's record, so nothing written for a job lives forever
 *                          even if its stream is deleted by hand (> 0; far longer than any job's life)
 */
public record RedisConfig(String url, String keyPrefix, Duration commandTimeout, Duration visibilityTimeout,
                          int maxDeliveries, Duration unfinishedTtl) {

    public static final String DEFAULT_URL = "redis://127.0.0.1:6379";

    public RedisConfig {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(keyPrefix, "key_prefix");
        Objects.requireNonNull(commandTimeout, "command_timeout");
        Objects.requireNonNull(visibilityTimeout, "visibility_timeout");
        Objects.requireNonNull(unfinishedTtl, "unfinished_ttl");
        String scheme = schemeOf(url);
        if (!url.isEmpty() && !scheme.equals("redis") && !scheme.equals("rediss")) {
            throw new IllegalArgumentException("url must start with redis:// or rediss://, was '" + redacted(url) + "'");
        }
        if (keyPrefix.isEmpty() || keyPrefix.chars().anyMatch(Character::isWhitespace)) {
            throw new IllegalArgumentException("key_prefix must be non-empty without spaces, was '" + keyPrefix + "'");
        }
        positive("command_timeout", commandTimeout);
        positive("visibility_timeout", visibilityTimeout);
        positive("unfinished_ttl", unfinishedTtl);
        if (maxDeliveries < 1) {
            throw new IllegalArgumentException("max_deliveries must be >= 1, was " + maxDeliveries);
        }
    }

    /** Defaults for {@code url}: prefix {@code inferyx:}, 2 s commands, 5 min visibility, 5 deliveries, 1 day. */
    public static RedisConfig of(String url) {
        return new RedisConfig(url, "inferyx:", Duration.ofSeconds(2), Duration.ofMinutes(5), 5, Duration.ofDays(1));
    }

    /** Redis is configured: a URL was given. */
    public boolean configured() {
        return !url.isEmpty();
    }

    public RedisConfig withKeyPrefix(String prefix) {
        return new RedisConfig(url, prefix, commandTimeout, visibilityTimeout, maxDeliveries, unfinishedTtl);
    }

    public RedisConfig withUrl(String newUrl) {
        return new RedisConfig(newUrl, keyPrefix, commandTimeout, visibilityTimeout, maxDeliveries, unfinishedTtl);
    }

    public RedisConfig withVisibility(Duration visibility, int deliveries) {
        return new RedisConfig(url, keyPrefix, commandTimeout, visibility, deliveries, unfinishedTtl);
    }

    /** The URL with any password replaced by {@code ***}, for logs and error messages. */
    public String redactedUrl() {
        return redacted(url);
    }

    @Override
    public String toString() {
        return "RedisConfig[url=" + redactedUrl() + ", keyPrefix=" + keyPrefix + ", commandTimeout="
                + DurationFormat.format(commandTimeout) + ", visibilityTimeout="
                + DurationFormat.format(visibilityTimeout) + ", maxDeliveries=" + maxDeliveries + ", unfinishedTtl="
                + DurationFormat.format(unfinishedTtl) + "]";
    }

    private static String schemeOf(String url) {
        int colon = url.indexOf("://");
        return colon < 0 ? "" : url.substring(0, colon).toLowerCase(Locale.ROOT);
    }

    static String redacted(String url) {
        try {
            URI uri = URI.create(url);
            if (uri.getRawUserInfo() == null) {
                return url;
            }
            return url.replace(uri.getRawUserInfo() + "@", "***@");
        } catch (IllegalArgumentException e) {
            return "<unparseable url>";
        }
    }

    private static void positive(String name, Duration d) {
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, was " + DurationFormat.format(d));
        }
    }
}
