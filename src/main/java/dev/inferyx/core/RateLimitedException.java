package dev.inferyx.core;

import java.time.Duration;

/** The caller's API key spent its request budget (token bucket); distinct from a full queue. */
public final class RateLimitedException extends InferyxException {
    private final Duration retryAfter;

    public RateLimitedException(String message, Duration retryAfter) {
        super("rate_limited", message);
        this.retryAfter = retryAfter;
    }

    /** When the bucket will hold a token again. */
    public Duration retryAfter() {
        return retryAfter;
    }
}
